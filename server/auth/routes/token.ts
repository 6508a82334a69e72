/** The token endpoint (PKCE, `resource` audience, refresh rotation) and RFC 7009 revocation. */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../context.js';
import { authenticateClient } from '../clients.js';
import { hashToken, s256, safeEqual } from '../crypto.js';
import {
  CodeRecordSchema,
  mcpResource,
  oauthError,
  readForm,
  type AuthRoutesDeps,
  type ClientRecord,
} from '../oauth-common.js';

/** `POST /oauth/token` and `POST /oauth/revoke`. */
export function tokenRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { store, tokens } = deps;
  const app = new Hono<AppEnv>();
  const resource = mcpResource(deps.config);

  const codeGrant = async (c: Context, form: URLSearchParams, client: ClientRecord) => {
    const code = form.get('code') ?? '';
    const raw = code ? await store.takeRecord(`CODE#${hashToken(code)}`) : null;
    if (!raw)
      return oauthError(
        c,
        400,
        'invalid_grant',
        'The authorization code is invalid, expired or was already used.',
      );
    const grant = CodeRecordSchema.parse(JSON.parse(raw));
    if (grant.client_id !== client.client_id)
      return oauthError(c, 400, 'invalid_grant', 'The code was issued to another client.');
    const redirectUri = form.get('redirect_uri');
    if (redirectUri !== null && redirectUri !== grant.redirect_uri)
      return oauthError(
        c,
        400,
        'invalid_grant',
        'redirect_uri does not match the authorization request.',
      );
    const verifier = form.get('code_verifier') ?? '';
    if (
      !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) ||
      !safeEqual(s256(verifier), grant.code_challenge)
    ) {
      return oauthError(
        c,
        400,
        'invalid_grant',
        'PKCE verification failed (code_verifier does not match the code_challenge).',
      );
    }
    return c.json(
      await tokens.issue({
        github_id: grant.github_id,
        client_id: client.client_id,
        resource: grant.resource,
        scope: grant.scope,
        family: randomBytes(12).toString('base64url'),
      }),
    );
  };

  const refreshGrant = async (c: Context, form: URLSearchParams, client: ClientRecord) => {
    const refresh = form.get('refresh_token') ?? '';
    const grant = refresh ? await tokens.takeRefresh(refresh) : null;
    if (!grant || grant.client_id !== client.client_id) {
      return oauthError(
        c,
        400,
        'invalid_grant',
        'The refresh token is invalid, expired, revoked or was already used.',
      );
    }
    const { expires_at: _exp, ...rest } = grant;
    return c.json(await tokens.issue(rest));
  };

  app.post('/oauth/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    let form: URLSearchParams;
    try {
      form = await readForm(c);
    } catch {
      return oauthError(
        c,
        400,
        'invalid_request',
        'The body must be application/x-www-form-urlencoded.',
      );
    }
    const client = await authenticateClient(store, c, form);
    if (client instanceof Response) return client;
    const requested = form.get('resource');
    if (requested !== null && requested.replace(/\/+$/, '') !== resource) {
      return oauthError(
        c,
        400,
        'invalid_target',
        `This server only issues tokens for ${resource}.`,
      );
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return codeGrant(c, form, client);
    if (grantType === 'refresh_token') return refreshGrant(c, form, client);
    return oauthError(
      c,
      400,
      'unsupported_grant_type',
      'grant_type must be authorization_code or refresh_token.',
    );
  });

  app.post('/oauth/revoke', async (c) => {
    let form: URLSearchParams;
    try {
      form = await readForm(c);
    } catch {
      return oauthError(c, 400, 'invalid_request', 'Bad body.');
    }
    const client = await authenticateClient(store, c, form);
    if (client instanceof Response) return client;
    const token = form.get('token');
    if (!token) return oauthError(c, 400, 'invalid_request', 'token is required.');
    await tokens.revoke(token);
    return c.body(null, 200);
  });
  return app;
}
