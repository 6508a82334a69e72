/**
 * RFC 7591 dynamic client registration, bounded: a few redirect URIs, short fields, only the
 * grant and response types we serve, and a registration nobody logs in with expires.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { OAuthClientMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { z } from 'zod';
import type { AppEnv } from '../../context.js';
import { UNUSED_CLIENT_TTL, saveClient } from '../clients.js';
import { hashToken, randomToken } from '../crypto.js';
import { oauthError, type AuthRoutesDeps, type ClientRecord } from '../oauth-common.js';
import { acceptableRedirect } from '../redirect-uris.js';

/** Most redirect URIs one client may register. */
export const MAX_REDIRECT_URIS = 10;
const GRANTS = ['authorization_code', 'refresh_token'] as const;

const LimitsSchema = z
  .object({
    redirect_uris: z.array(z.string().max(2000)).min(1).max(MAX_REDIRECT_URIS),
    client_name: z.string().max(100).optional(),
    scope: z.string().max(200).optional(),
    grant_types: z.array(z.enum(GRANTS)).max(2).optional(),
    response_types: z.array(z.literal('code')).max(1).optional(),
    token_endpoint_auth_method: z
      .enum(['none', 'client_secret_post', 'client_secret_basic'])
      .optional(),
  })
  // client_uri, logo_uri, software_id, …: accepted, bounded, not kept.
  .catchall(z.unknown().refine((v) => JSON.stringify(v ?? null).length <= 2000, 'too long'));

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

/** `POST /oauth/register`. */
export function registerRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/oauth/register', async (c) => {
    const body: unknown = await c.req.json().catch(() => null);
    const parsed = OAuthClientMetadataSchema.safeParse(body);
    if (!parsed.success)
      return oauthError(c, 400, 'invalid_client_metadata', describeIssues(parsed.error));
    const limits = LimitsSchema.safeParse(body);
    if (!limits.success)
      return oauthError(c, 400, 'invalid_client_metadata', describeIssues(limits.error));
    const meta = limits.data;
    const bad = meta.redirect_uris.find((u) => !acceptableRedirect(u));
    if (bad !== undefined) {
      return oauthError(
        c,
        400,
        'invalid_redirect_uri',
        `redirect_uri not allowed: ${bad} (https, http to loopback, or an app scheme)`,
      );
    }
    const method = meta.token_endpoint_auth_method ?? 'client_secret_basic';
    const clientId = `mfc_client_${randomBytes(12).toString('base64url')}`;
    const secret = method === 'none' ? null : randomToken('mfc_cs_');
    const record: ClientRecord = {
      client_id: clientId,
      client_secret_hash: secret ? hashToken(secret) : null,
      ...(meta.client_name ? { client_name: meta.client_name } : {}),
      redirect_uris: meta.redirect_uris,
      token_endpoint_auth_method: method,
      grant_types: meta.grant_types ?? [...GRANTS],
      response_types: ['code'],
      ...(meta.scope ? { scope: meta.scope } : {}),
      client_id_issued_at: Math.floor(deps.clock() / 1000),
    };
    await saveClient(deps, record, UNUSED_CLIENT_TTL);
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        ...parsed.data,
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
