/**
 * What the OAuth routes share: the records they keep (registered clients, pending authorizations,
 * codes, GitHub login state), the resource and metadata URLs, and the error answers of RFC 6749.
 */
import { type Context } from 'hono';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { bodyText } from '../request-body.js';
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
  /** The second authorization that adds the `workflow` scope (`setup_repo` opening a PR). */
  z.object({ kind: z.literal('upgrade') }),
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

/**
 * Reads a form body (or a flat JSON object, which some clients send). Throws a ValidationError
 * naming the problem when the body is neither, so a garbled body is a 400, never a 500.
 */
export async function readForm(c: Context): Promise<URLSearchParams> {
  const type = c.req.header('content-type') ?? '';
  const text = await bodyText(c);
  if (!type.includes('application/json')) return new URLSearchParams(text);
  let obj: unknown;
  try {
    obj = JSON.parse(text || '{}');
  } catch {
    throw new ValidationError('The body is not valid JSON.', 'invalid_request');
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new ValidationError('The body must be a JSON object.', 'invalid_request');
  }
  const entries = Object.entries(obj).filter(([, v]) => ['string', 'number'].includes(typeof v));
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)]));
}
