/**
 * Who is calling, as middleware that sets `user`: REST routes take a session JWT (audience `/v1`), `/mcp` takes one of our
 * OAuth access tokens bound to the `/mcp` resource. Neither accepts the other, and no GitHub
 * token is ever accepted (no token passthrough).
 *
 * A verified access token is remembered in this process for `config.authCacheSeconds` (at most
 * 60 s, never past its expiry), so a busy client costs no store round trip per call; that is
 * also how late a revocation made on another instance takes effect here. A revocation made by
 * this process (a record deleted, a family marked revoked) empties the cache at once.
 *
 * A request to `/mcp` whose token is not remembered is counted against its client address
 * before the store is asked, so guessing tokens costs the guesser, not the store.
 */
import { createMiddleware } from 'hono/factory';
import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import type { AppEnv } from '../context.js';
import { refusal } from '../errors.js';
import { SingleFlight } from '../store/single-flight.js';
import type { Store } from '../store/store.js';
import { hashToken } from './crypto.js';
import { mcpResource, resourceMetadataUrl } from './oauth-common.js';
import type { Limiter } from './rate-limit.js';
import type { SessionTokens } from './session.js';
import type { OAuthTokens, TokenRecord } from './tokens.js';

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+([^\s]+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** How long a verified session JWT is trusted from memory (never past its own expiry). */
const SESSION_CACHE_MS = 60_000;

/**
 * Session JWTs cannot be revoked before they expire, so remembering one that verified (up to a
 * minute, never past its `exp`) changes no answer and saves the HMAC check per request.
 */
function sessionVerifier(sessions: SessionTokens) {
  const verified = new LRUCache<string, { sub: string }>({ max: 50_000, ttl: SESSION_CACHE_MS });
  return async (token: string): Promise<{ sub: string } | null> => {
    const hash = hashToken(token);
    const hit = verified.get(hash);
    if (hit) return hit;
    const claims = await sessions.verify(token);
    const exp = claims ? decodeJwt(token).exp : undefined;
    if (claims && exp !== undefined) {
      const left = exp * 1000 - Date.now();
      if (left > 0) verified.set(hash, claims, { ttl: Math.min(SESSION_CACHE_MS, left) });
    }
    return claims;
  };
}

/** REST: a valid session JWT, and a user that still exists. */
export function requireSession(sessions: SessionTokens, store: Store) {
  const verify = sessionVerifier(sessions);
  const refuse = (message: string, code = 'unauthorized') =>
    refusal(401, code, message, { 'WWW-Authenticate': 'Bearer realm="myfav-coworker"' });
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token)
      throw refuse(
        'Send a session token: Authorization: Bearer <token> (get one at /v1/auth/github).',
      );
    const claims = await verify(token);
    if (!claims)
      throw refuse(
        'The session token is invalid or expired; log in again at /v1/auth/github.',
        'invalid_token',
      );
    const user = await store.getUser(claims.sub);
    if (!user)
      throw refuse('The session belongs to an unknown user; log in again.', 'invalid_token');
    c.set('user', user);
    await next();
  });
}

/**
 * MCP: one of our access tokens for this resource; 401 tells the client where to log in.
 * `perAddress` counts every request that would reach the store (or carries no token).
 */
export function requireMcpToken(
  config: Config,
  tokens: OAuthTokens,
  store: Store,
  perAddress: Limiter,
) {
  const metadata = resourceMetadataUrl(config);
  const resource = mcpResource(config);
  const ttl = config.authCacheSeconds * 1000;
  // Keyed by the token's hash: the cache holds no usable credential.
  const verified = ttl > 0 ? new LRUCache<string, TokenRecord>({ max: 50_000, ttl }) : null;
  const loads = new SingleFlight<TokenRecord | null>();
  store.onRecordChange?.((op, key) => {
    if (op === 'delete' || /REVOKED/i.test(key)) verified?.clear();
  });
  const load = (hash: string, token: string) =>
    loads.run(hash, async () => {
      const grant = await tokens.resolveAccess(token);
      if (grant && verified) {
        const left = grant.expires_at - Date.now();
        verified.set(hash, grant, { ttl: Math.max(1, Math.min(ttl, left)) });
      }
      return grant;
    });
  const deny = (error: string | null, description: string) => {
    const params = [`resource_metadata="${metadata}"`];
    if (error) params.unshift(`error="${error}"`, `error_description="${description}"`);
    return refusal(401, error ?? 'unauthorized', description, {
      'WWW-Authenticate': `Bearer ${params.join(', ')}`,
    });
  };
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization'));
    if (!token) {
      await perAddress(c);
      throw deny(null, 'Log in to use this server (OAuth).');
    }
    const hash = hashToken(token);
    let grant: TokenRecord | null | undefined = verified?.get(hash);
    if (!grant || grant.expires_at <= Date.now()) {
      await perAddress(c);
      grant = await load(hash, token);
    }
    if (!grant || grant.resource !== resource)
      throw deny(
        'invalid_token',
        'The access token is invalid, expired, or not for this resource.',
      );
    const user = await store.getUser(grant.github_id);
    if (!user) throw deny('invalid_token', 'The access token belongs to an unknown user.');
    c.set('user', user);
    await next();
  });
}
