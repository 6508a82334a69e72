/**
 * What the OAuth routes share: the records they keep (registered clients, pending authorizations,
 * codes, GitHub login state), the resource and metadata URLs, and the error answers of RFC 6749.
 */
import { type Context } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import type { GitHubLogin } from './github-login.js';
import type { SessionTokens } from './session.js';
import type { OAuthTokens } from './tokens.js';

/** Scopes our tokens carry. */
export const MCP_SCOPE = 'simulations';

export const AUTH_REQUEST_TTL = 600;
export const CODE_TTL = 300;

export const ClientRecordSchema = z.object({
  client_id: z.string(),
  client_secret_hash: z.string().nullable(),
  client_name: z.string().optional(),
  redirect_uris: z.array(z.string()),
  token_endpoint_auth_method: z.string(),
  grant_types: z.array(z.string()),
  response_types: z.array(z.string()),
  scope: z.string().optional(),
  client_id_issued_at: z.number(),
});
export type ClientRecord = z.infer<typeof ClientRecordSchema>;

export const AuthRequestSchema = z.object({
  client_id: z.string(),
  redirect_uri: z.string(),
  state: z.string().nullable(),
  code_challenge: z.string(),
  resource: z.string(),
  scope: z.string(),
  csrf: z.string(),
});
export type AuthRequest = z.infer<typeof AuthRequestSchema>;

export const CodeRecordSchema = AuthRequestSchema.omit({ csrf: true, state: true }).extend({
  github_id: z.number().int(),
});

export const GitHubStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rest') }),
  z.object({ kind: z.literal('mcp'), request_id: z.string() }),
]);

export interface AuthRoutesDeps {
  config: Config;
  store: Store;
  login: GitHubLogin;
  tokens: OAuthTokens;
  sessions: SessionTokens;
  clock: () => number;
}

/** The protected resource (the audience of MCP tokens). */
export function mcpResource(config: Config): string {
  return `${config.publicUrl}/mcp`;
}

/** Where MCP clients find how to log in (sent in WWW-Authenticate on a 401). */
export function resourceMetadataUrl(config: Config): string {
  return `${config.publicUrl}/.well-known/oauth-protected-resource/mcp`;
}

/** Redirect URIs we accept: https anywhere, http only to loopback, or an app's own scheme. */
export function acceptableRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') {
    return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  }
  return (
    /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) &&
    !['javascript:', 'data:', 'file:', 'vbscript:'].includes(url.protocol)
  );
}

export function oauthError(
  c: Context,
  status: number,
  error: string,
  description: string,
): Response {
  c.header('Cache-Control', 'no-store');
  return c.json({ error, error_description: description }, status as 400);
}

export function redirectWithError(
  redirectUri: string,
  state: string | null,
  error: string,
  description: string,
  issuer: string,
): Response {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state !== null) url.searchParams.set('state', state);
  url.searchParams.set('iss', issuer);
  return new Response(null, { status: 302, headers: { Location: url.toString() } });
}

export async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (type.includes('application/json')) {
    const obj = JSON.parse(text || '{}') as Record<string, unknown>;
    return new URLSearchParams(Object.entries(obj).map(([k, v]) => [k, String(v)]));
  }
  return new URLSearchParams(text);
}
