/** RFC 7591 dynamic client registration. */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { OAuthClientMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { AppEnv } from '../../context.js';
import { hashToken, randomToken } from '../crypto.js';
import {
  acceptableRedirect,
  oauthError,
  type AuthRoutesDeps,
  type ClientRecord,
} from '../oauth-common.js';

/** `POST /oauth/register`. */
export function registerRoutes({ store, clock }: AuthRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/oauth/register', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const parsed = OAuthClientMetadataSchema.safeParse(body);
    if (!parsed.success) {
      return oauthError(
        c,
        400,
        'invalid_client_metadata',
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const meta = parsed.data;
    const bad = meta.redirect_uris.find((u) => !acceptableRedirect(String(u)));
    if (meta.redirect_uris.length === 0 || bad !== undefined) {
      return oauthError(
        c,
        400,
        'invalid_redirect_uri',
        `redirect_uri not allowed: ${bad ?? '(none given)'} (https, http to loopback, or an app scheme)`,
      );
    }
    const method = meta.token_endpoint_auth_method ?? 'client_secret_basic';
    if (!['none', 'client_secret_post', 'client_secret_basic'].includes(method)) {
      return oauthError(
        c,
        400,
        'invalid_client_metadata',
        `token_endpoint_auth_method ${method} is not supported`,
      );
    }
    const clientId = `mfc_client_${randomBytes(12).toString('base64url')}`;
    const secret = method === 'none' ? null : randomToken('mfc_cs_');
    const record: ClientRecord = {
      client_id: clientId,
      client_secret_hash: secret ? hashToken(secret) : null,
      client_name: meta.client_name?.slice(0, 100),
      redirect_uris: meta.redirect_uris.map(String),
      token_endpoint_auth_method: method,
      grant_types: meta.grant_types ?? ['authorization_code', 'refresh_token'],
      response_types: meta.response_types ?? ['code'],
      scope: meta.scope,
      client_id_issued_at: Math.floor(clock() / 1000),
    };
    await store.setRecord(`CLIENT#${clientId}`, JSON.stringify(record));
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        ...meta,
        client_id: clientId,
        ...(secret ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
        client_id_issued_at: record.client_id_issued_at,
        token_endpoint_auth_method: method,
        grant_types: record.grant_types,
        response_types: record.response_types,
      },
      201,
    );
  });
  return app;
}
