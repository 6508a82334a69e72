/** Registered OAuth clients: loading one by id, and authenticating one at the token endpoint. */
import type { Context } from 'hono';
import type { Store } from '../store/store.js';
import { hashToken, safeEqual } from './crypto.js';
import { ClientRecordSchema, oauthError, type ClientRecord } from './oauth-common.js';

/** The registered client `clientId`, or null. */
export async function loadClient(store: Store, clientId: string): Promise<ClientRecord | null> {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(clientId)) return null;
  const raw = await store.getRecord(`CLIENT#${clientId}`);
  if (!raw) return null;
  const parsed = ClientRecordSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/** The client a token or revocation request authenticates as, or the 401 to answer. */
export async function authenticateClient(
  store: Store,
  c: Context,
  form: URLSearchParams,
): Promise<ClientRecord | Response> {
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    clientId = decodeURIComponent(decoded.slice(0, i));
    secret = decodeURIComponent(decoded.slice(i + 1));
  }
  const client = clientId ? await loadClient(store, clientId) : null;
  if (!client) return oauthError(c, 401, 'invalid_client', 'Unknown client.');
  if (client.client_secret_hash) {
    if (!secret || !safeEqual(hashToken(secret), client.client_secret_hash)) {
      return oauthError(c, 401, 'invalid_client', 'Client authentication failed.');
    }
  }
  return client;
}
