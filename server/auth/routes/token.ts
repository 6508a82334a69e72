/**
 * The token endpoint (PKCE, `resource` audience, refresh rotation; a replayed code ends what
 * its first use issued) and RFC 7009 revocation (only of the caller's own tokens).
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { AppError, BodyReadError } from '../../errors.js';
import { authenticateClient, keepClient } from '../clients.js';
import { hashToken, s256, safeEqual } from '../crypto.js';
import { needsRelogin } from '../github-token-refresh.js';
import {
  CodeRecordSchema,
  mcpResource,
  oauthError,
  readForm,
  type AuthRoutesDeps,
  type ClientRecord,
} from '../oauth-common.js';

const CODE_USED = (hash: string) => `CODEUSED#${hash}`;
/** How long a used code is remembered, so its replay can end the login it started. */
const CODE_USED_TTL = 24 * 3600;

const invalidGrant = (c: Context, why: string) => oauthError(c, 400, 'invalid_grant', why);

/** `grant_type=authorization_code`: PKCE, the same client and redirect; a replay ends the login. */
async function codeGrant(
  deps: AuthRoutesDeps,
  c: Context,
  form: URLSearchParams,
  client: ClientRecord,
): Promise<Response> {
  const { store, tokens } = deps;
  const hash = hashToken(form.get('code') ?? '');
  const raw = form.get('code') ? await store.takeRecord(`CODE#${hash}`) : null;
  if (!raw) {
    const family = await store.getRecord(CODE_USED(hash));
    if (family) await tokens.revokeFamily(family);
    return invalidGrant(c, 'The authorization code is invalid, expired or was already used.');
  }
  const family = randomBytes(12).toString('base64url');
  await store.setRecord(CODE_USED(hash), family, CODE_USED_TTL);
  const grant = CodeRecordSchema.parse(JSON.parse(raw));
  if (grant.client_id !== client.client_id)
    return invalidGrant(c, 'The code was issued to another client.');
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== null && redirectUri !== grant.redirect_uri)
    return invalidGrant(c, 'redirect_uri does not match the authorization request.');
  const verifier = form.get('code_verifier') ?? '';
  if (
    !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
    !safeEqual(s256(verifier), grant.code_challenge)
  ) {
    return invalidGrant(
      c,
      'PKCE verification failed (code_verifier does not match the code_challenge).',
    );
  }
  await keepClient(deps, client);
  const { github_id, resource: audience, scope } = grant;
  return c.json(
    await tokens.issue({
      github_id,
      client_id: client.client_id,
      resource: audience,
      scope,
      family,
    }),
  );
}

/** `grant_type=refresh_token`: rotation, unless the user must log in to GitHub again. */
async function refreshGrant(
  deps: AuthRoutesDeps,
  c: Context,
  form: URLSearchParams,
  client: ClientRecord,
): Promise<Response> {
  const { store, tokens } = deps;
  if (!client.grant_types.includes('refresh_token'))
    return oauthError(c, 400, 'unauthorized_client', 'This client did not register refresh_token.');
  const refresh = form.get('refresh_token') ?? '';
  const peek = refresh ? await tokens.peekRefresh(refresh) : null;
  // A user whose GitHub renewal failed must log in again: our refresh tokens cannot help.
  if (peek && (await needsRelogin(store, peek.github_id)))
    return invalidGrant(c, 'Your GitHub authorization expired: log in again.');
  const grant = refresh ? await tokens.takeRefresh(refresh) : null;
  if (!grant || grant.client_id !== client.client_id)
    return invalidGrant(c, 'The refresh token is invalid, expired, revoked or was already used.');
  await keepClient(deps, client);
  const { expires_at: _exp, ...rest } = grant;
  return c.json(await tokens.issue(rest));
}

/** The form of a token or revocation request, or the 400 for a garbled body. */
async function formOf(c: Context): Promise<URLSearchParams | Response> {
  try {
    return await readForm(c);
  } catch (error) {
    // A body cut short is the app's 400 logged at warn; no client is left to read the answer.
    if (!(error instanceof AppError) || error instanceof BodyReadError) throw error;
    return oauthError(c, 400, 'invalid_request', `${error.message} Send a form-urlencoded body.`);
  }
}

/** `POST /oauth/token` and `POST /oauth/revoke`. */
export function tokenRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { tokens } = deps;
  const app = new Hono<AppEnv>();
  const resource = mcpResource(deps.config);
  app.post('/oauth/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    const form = await formOf(c);
    if (form instanceof Response) return form;
    const client = await authenticateClient(deps, c, form);
    if (client instanceof Response) return client;
    const requested = form.get('resource');
    if (requested !== null && requested.replace(/\/+$/, '') !== resource)
      return oauthError(
        c,
        400,
        'invalid_target',
        `This server only issues tokens for ${resource}.`,
      );
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return codeGrant(deps, c, form, client);
    if (grantType === 'refresh_token') return refreshGrant(deps, c, form, client);
    const why = 'grant_type must be authorization_code or refresh_token.';
    return oauthError(c, 400, 'unsupported_grant_type', why);
  });

  app.post('/oauth/revoke', async (c) => {
    const form = await formOf(c);
    if (form instanceof Response) return form;
    const client = await authenticateClient(deps, c, form);
    if (client instanceof Response) return client;
    const token = form.get('token');
    if (!token) return oauthError(c, 400, 'invalid_request', 'token is required.');
    if (!(await tokens.revoke(token, client.client_id)))
      return oauthError(c, 400, 'unauthorized_client', 'The token was issued to another client.');
    return c.body(null, 200);
  });
  return app;
}
