/**
 * OAuth clients: registered ones (RFC 7591, kept in the store until unused for too long) and
 * clients identified by the URL of their metadata document (`client-metadata.ts`); loading one
 * by id, and authenticating one at the token and revocation endpoints.
 */
import type { Context } from 'hono';
import { hashToken, safeEqual } from './crypto.js';
import { isMetadataDocumentId, loadMetadataDocumentClient } from './client-metadata.js';
import {
  ClientRecordSchema,
  oauthError,
  type AuthRoutesDeps,
  type ClientRecord,
} from './oauth-common.js';

/** A registration nobody used expires after a day; each login keeps a used one alive. */
export const UNUSED_CLIENT_TTL = 24 * 3600;

const clientKey = (clientId: string) => `CLIENT#${clientId}`;

/** The client `clientId`, or why there is none (a sentence a person can act on). */
export async function loadClient(
  deps: Pick<AuthRoutesDeps, 'store' | 'config' | 'clock'>,
  clientId: string,
): Promise<{ client: ClientRecord } | { problem: string }> {
  if (isMetadataDocumentId(clientId)) return loadMetadataDocumentClient(deps, clientId);
  const unknown = {
    problem:
      'This login link names an application that is not registered with myfav-coworker (or its registration expired): start the login again from your app.',
  };
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(clientId)) return unknown;
  const raw = await deps.store.getRecord(clientKey(clientId));
  if (!raw) return unknown;
  const parsed = ClientRecordSchema.safeParse(JSON.parse(raw));
  return parsed.success ? { client: parsed.data } : unknown;
}

/** Stores a registered client for `ttlSeconds` (renewed by `keepClient` on each use). */
export async function saveClient(
  deps: Pick<AuthRoutesDeps, 'store'>,
  client: ClientRecord,
  ttlSeconds: number,
): Promise<void> {
  await deps.store.setRecord(clientKey(client.client_id), JSON.stringify(client), ttlSeconds);
}

/** A registered client that just got tokens lives as long as its refresh tokens can. */
export async function keepClient(deps: AuthRoutesDeps, client: ClientRecord): Promise<void> {
  if (isMetadataDocumentId(client.client_id)) return;
  await saveClient(deps, client, deps.config.ttl.refreshToken + UNUSED_CLIENT_TTL);
}

/** Who is asking, as a person can check it: the host of a URL client id, else of the redirect. */
export function clientHost(client: ClientRecord, redirectUri: string): string {
  if (isMetadataDocumentId(client.client_id)) return new URL(client.client_id).host;
  return new URL(redirectUri).host || new URL(redirectUri).protocol;
}

/** `client_id:secret` of a Basic header (RFC 6749 §2.3.1: both form-urlencoded), or null. */
function parseBasic(header: string | undefined): { id: string; secret: string } | null | 'bad' {
  const basic = /^Basic\s+([A-Za-z0-9+/]+=*)\s*$/i.exec(header ?? '')?.[1];
  if (header && /^Basic\b/i.test(header) && !basic) return 'bad';
  if (!basic) return null;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 1) return 'bad';
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, i).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return 'bad';
  }
}

/** The client a token or revocation request authenticates as, or the 401 to answer. */
export async function authenticateClient(
  deps: AuthRoutesDeps,
  c: Context,
  form: URLSearchParams,
): Promise<ClientRecord | Response> {
  let clientId = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = parseBasic(c.req.header('authorization'));
  if (basic === 'bad')
    return oauthError(
      c,
      401,
      'invalid_client',
      'The Authorization header is not valid Basic credentials (base64 of client_id:client_secret).',
    );
  if (basic) ({ id: clientId, secret } = basic);
  const found = clientId ? await loadClient(deps, clientId) : null;
  if (!found || 'problem' in found) return oauthError(c, 401, 'invalid_client', 'Unknown client.');
  const { client } = found;
  if (client.client_secret_hash) {
    if (!secret || !safeEqual(hashToken(secret), client.client_secret_hash)) {
      return oauthError(c, 401, 'invalid_client', 'Client authentication failed.');
    }
  }
  return client;
}
