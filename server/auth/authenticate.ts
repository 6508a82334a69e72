/**
 * Who is calling: REST routes take a session JWT (audience `/v1`), `/mcp` takes one of our
 * OAuth access tokens bound to the `/mcp` resource. Neither accepts the other, and no GitHub
 * token is ever accepted (no token passthrough).
 *
 * A verified access token is remembered in this process for `config.authCacheSeconds` (at most
 * 60 s, never past its expiry), so a busy client costs no store round trip per call; that is
 * also how late a revocation made on another instance takes effect here. A revocation made by
 * this process (a record deleted, a family marked revoked) empties the cache at once.
 */
import type { Context } from 'hono';
import { decodeJwt } from 'jose';
import { LRUCache } from 'lru-cache';
import { after } from '../awaitable.js';
import type { Config } from '../config.js';
import type { AppEnv } from '../context.js';
import { UnauthorizedError } from '../errors.js';
import type { Guard } from '../guards.js';
import type { User } from '../jobs/model.js';
import { SingleFlight } from '../store/single-flight.js';
import type { Store } from '../store/store.js';
import { hashToken } from './crypto.js';
import { mcpResource, resourceMetadataUrl } from './oauth-common.js';
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
  const check = async (token: string, hash: string): Promise<{ sub: string } | null> => {
    const claims = await sessions.verify(token);
    const exp = claims ? decodeJwt(token).exp : undefined;
    if (claims && exp !== undefined) {
      const left = exp * 1000 - Date.now();
      if (left > 0) verified.set(hash, claims, { ttl: Math.min(SESSION_CACHE_MS, left) });
    }
    return claims;
  };
  // A remembered token answers at once; only a new one waits for the signature check.
  return (token: string): { sub: string } | Promise<{ sub: string } | null> => {
    const hash = hashToken(token);
    return verified.get(hash) ?? check(token, hash);
  };
}

/** Sets the user a check settled on for the handler; false when there is none. */
function admit(c: Context<AppEnv>, user: User | null): boolean {
  if (user) c.set('user', user);
  return user !== null;
}

/** REST: a valid session JWT, and a user that still exists. */
export function requireSession(sessions: SessionTokens, store: Store): Guard {
  const verify = sessionVerifier(sessions);
  // The challenge header goes on refusals only: touching the response of a request that
  // passes would make Hono rebuild it.
  const refuse = (c: Context<AppEnv>, message: string, code?: 'invalid_token'): never => {
    c.header('WWW-Authenticate', 'Bearer realm="myfav-coworker"');
    throw new UnauthorizedError(message, code);
  };
  const withUser = (c: Context<AppEnv>, user: User | null) =>
    admit(c, user)
      ? undefined
      : refuse(c, 'The session belongs to an unknown user; log in again.', 'invalid_token');
  const withClaims = (c: Context<AppEnv>, claims: { sub: string } | null) => {
    if (!claims)
      return refuse(
        c,
        'The session token is invalid or expired; log in again at /v1/auth/github.',
        'invalid_token',
      );
    return after(store.getUser(claims.sub), withUser, c);
  };
  return (c) => {
    const token = bearer(c.req.header('authorization'));
    if (!token)
      return refuse(
        c,
        'Send a session token: Authorization: Bearer <token> (get one at /v1/auth/github).',
      );
    return after(verify(token), withClaims, c);
  };
}

/** MCP: one of our access tokens for this resource; 401 tells the client where to log in. */
export function requireMcpToken(config: Config, tokens: OAuthTokens, store: Store): Guard {
  const metadata = resourceMetadataUrl(config);
  const resource = mcpResource(config);
  const ttl = config.authCacheSeconds * 1000;
  // Keyed by the token's hash: the cache holds no usable credential.
  const verified = ttl > 0 ? new LRUCache<string, TokenRecord>({ max: 50_000, ttl }) : null;
  const loads = new SingleFlight<TokenRecord | null>();
  store.onRecordChange?.((op, key) => {
    if (op === 'delete' || /REVOKED/i.test(key)) verified?.clear();
  });
  // A remembered token answers at once; only a new one waits for the store.
  const verify = (token: string): TokenRecord | Promise<TokenRecord | null> => {
    const hash = hashToken(token);
    const hit = verified?.get(hash);
    if (hit && hit.expires_at > Date.now()) return hit;
    return loads.run(hash, async () => {
      const grant = await tokens.resolveAccess(token);
      if (grant && verified) {
        const left = grant.expires_at - Date.now();
        verified.set(hash, grant, { ttl: Math.max(1, Math.min(ttl, left)) });
      }
      return grant;
    });
  };
  const deny = (c: Context<AppEnv>, error: string | null, description: string) => {
    const params = [`resource_metadata="${metadata}"`];
    if (error) params.unshift(`error="${error}"`, `error_description="${description}"`);
    return c.json({ error: error ?? 'unauthorized', message: description }, 401, {
      'WWW-Authenticate': `Bearer ${params.join(', ')}`,
    });
  };
  const withUser = (c: Context<AppEnv>, user: User | null) =>
    admit(c, user)
      ? undefined
      : deny(c, 'invalid_token', 'The access token belongs to an unknown user.');
  const withGrant = (c: Context<AppEnv>, grant: TokenRecord | null) => {
    if (!grant || grant.resource !== resource)
      return deny(
        c,
        'invalid_token',
        'The access token is invalid, expired, or not for this resource.',
      );
    return after(store.getUser(grant.github_id), withUser, c);
  };
  return (c) => {
    const token = bearer(c.req.header('authorization'));
    if (!token) return deny(c, null, 'Log in to use this server (OAuth).');
    return after(verify(token), withGrant, c);
  };
}
