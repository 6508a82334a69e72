/**
 * Clients identified by the HTTPS URL of their metadata document (OAuth Client ID Metadata
 * Document, as the MCP authorization spec recommends): the document is fetched SSRF-safe, with
 * size and time limits, validated (its `client_id` must be its own URL; public clients only),
 * and cached for as long as its HTTP caching headers allow, within bounds.
 */
import { z } from 'zod';
import { hashToken } from './crypto.js';
import type { AuthRoutesDeps, ClientRecord } from './oauth-common.js';
import { ClientRecordSchema } from './oauth-common.js';
import { acceptableRedirect } from './redirect-uris.js';
import { REFUSED_ADDRESS, SafeFetchError, UNREADABLE, safeGet } from './safe-fetch.js';

/** Largest document we read (the draft suggests 5 kB). */
export const MAX_DOCUMENT_BYTES = 5 * 1024;
const FETCH_TIMEOUT_MS = 5000;
const MIN_CACHE_SECONDS = 60;
const MAX_CACHE_SECONDS = 24 * 3600;
const DEFAULT_CACHE_SECONDS = 300;

/** True when a client id is a URL (a metadata document) rather than a registration id. */
export function isMetadataDocumentId(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

const DocumentSchema = z.object({
  client_id: z.string(),
  client_name: z.string().max(100).optional(),
  redirect_uris: z.array(z.string().max(2000)).min(1).max(10),
  token_endpoint_auth_method: z.literal('none').optional(),
  grant_types: z.array(z.enum(['authorization_code', 'refresh_token'])).optional(),
  response_types: z.array(z.literal('code')).optional(),
  client_secret: z.undefined({ error: 'must not hold a client_secret' }).optional(),
  scope: z.string().max(200).optional(),
});

/** Why `clientId` cannot be a metadata document URL, or null when it can. */
function urlProblem(clientId: string, allowLocal: boolean): string | null {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return 'it is not a URL';
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(allowLocal && loopback && url.protocol === 'http:'))
    return 'it must be an https URL';
  if (url.pathname === '/' || url.hash || url.username || url.password)
    return 'it must have a path, and no fragment or credentials';
  if (url.toString() !== clientId || clientId.length > 2000)
    return 'it must be a normalized URL of at most 2000 characters';
  return null;
}

function cacheSeconds(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  if (/no-store|no-cache/i.test(value)) return 0;
  const maxAge = /max-age=(\d+)/i.exec(value)?.[1];
  const seconds = maxAge === undefined ? DEFAULT_CACHE_SECONDS : Number(maxAge);
  return Math.min(MAX_CACHE_SECONDS, Math.max(MIN_CACHE_SECONDS, seconds));
}

async function fetchDocument(clientId: string, allowLocal: boolean) {
  const res = await safeGet(new URL(clientId), {
    maxBytes: MAX_DOCUMENT_BYTES,
    timeoutMs: FETCH_TIMEOUT_MS,
    allowLocal,
  });
  // Which status it was is the target's answer, not ours to relay.
  if (res.status !== 200) throw new SafeFetchError(UNREADABLE);
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    throw new SafeFetchError('it is not JSON');
  }
  const doc = DocumentSchema.safeParse(json);
  if (!doc.success)
    throw new SafeFetchError(doc.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)[0]);
  if (doc.data.client_id !== clientId)
    throw new SafeFetchError(`its client_id (${doc.data.client_id}) is not its own URL`);
  const bad = doc.data.redirect_uris.find((u) => !acceptableRedirect(u));
  if (bad) throw new SafeFetchError(`redirect_uri not allowed: ${bad}`);
  return { doc: doc.data, ttl: cacheSeconds(res.headers['cache-control']) };
}

/** The client described by the document at `clientId`, or why it cannot be used. */
export async function loadMetadataDocumentClient(
  deps: Pick<AuthRoutesDeps, 'store' | 'config' | 'clock'>,
  clientId: string,
): Promise<{ client: ClientRecord } | { problem: string }> {
  const allowLocal = deps.config.clientMetadata.allowLocal;
  const refused = (why: string) => ({
    problem: `The application's client id ${clientId} cannot be used: ${why}.`,
  });
  const problem = urlProblem(clientId, allowLocal);
  if (problem) return refused(problem);
  const key = `CIMD#${hashToken(clientId)}`;
  const cached = await deps.store.getRecord(key);
  if (cached) return { client: ClientRecordSchema.parse(JSON.parse(cached)) };
  let fetched: Awaited<ReturnType<typeof fetchDocument>>;
  try {
    fetched = await fetchDocument(clientId, allowLocal);
  } catch (error) {
    // Our refusal or that nothing could be read, in the same words whatever the target did;
    // what the document itself got wrong, in detail (it came from a public address).
    const why = error instanceof SafeFetchError ? error.message : UNREADABLE;
    if (why === REFUSED_ADDRESS || why === UNREADABLE) return refused(why);
    return refused(`its metadata document is not acceptable (${why})`);
  }
  const { doc, ttl } = fetched;
  const client: ClientRecord = {
    client_id: clientId,
    client_secret_hash: null,
    ...(doc.client_name ? { client_name: doc.client_name } : {}),
    redirect_uris: doc.redirect_uris,
    token_endpoint_auth_method: 'none',
    grant_types: doc.grant_types ?? ['authorization_code'],
    response_types: ['code'],
    ...(doc.scope ? { scope: doc.scope } : {}),
    client_id_issued_at: Math.floor(deps.clock() / 1000),
  };
  if (ttl > 0) await deps.store.setRecord(key, JSON.stringify(client), ttl);
  return { client };
}
