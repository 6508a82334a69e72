/**
 * `/oauth/authorize`: checks the request, then a client's first login in a browser shows the
 * consent page (`consent.ts`); a client this browser approved before goes straight to GitHub.
 *
 * Errors go back to the client's redirect URI only for a client this browser approved: for any
 * other, anyone could have registered that URI, so we show the error on our own page instead of
 * redirecting a stranger's browser there (RFC 9700 §4.11.2).
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { AppEnv } from '../../context.js';
import { clientHost, loadClient } from '../clients.js';
import { consentedClients } from '../consent-cookie.js';
import {
  AUTH_REQUEST_TTL,
  MCP_SCOPE,
  mcpResource,
  redirectWithError,
  type AuthRequest,
  type AuthRoutesDeps,
  type ClientRecord,
} from '../oauth-common.js';
import { consentPage, errorPage, formTarget, sendPage } from '../pages.js';
import { redirectMatches } from '../redirect-uris.js';
import { toGitHub } from '../to-github.js';

type Checked = { error: string; description: string } | Omit<AuthRequest, 'csrf'>;

/** The authorization request of `q` for `client`, or the OAuth error it deserves. */
function check(q: URLSearchParams, client: ClientRecord, redirectUri: string, resource: string) {
  const fail = (error: string, description: string): Checked => ({ error, description });
  if (q.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'Only response_type=code is supported.');
  const challenge = q.get('code_challenge');
  if (!challenge || !/^[A-Za-z0-9_-]{43,128}$/.test(challenge))
    return fail('invalid_request', 'code_challenge (PKCE, S256) is required.');
  if (q.get('code_challenge_method') !== 'S256')
    return fail('invalid_request', 'code_challenge_method must be S256.');
  const requested = q.get('resource');
  if (requested !== null && requested.replace(/\/+$/, '') !== resource)
    return fail('invalid_target', `This server only issues tokens for ${resource}.`);
  const scope = q.get('scope') ?? MCP_SCOPE;
  if (scope.split(' ').some((s) => s && s !== MCP_SCOPE))
    return fail('invalid_scope', `Only the "${MCP_SCOPE}" scope exists.`);
  const state = q.get('state');
  if (state !== null && state.length > 1024)
    return fail('invalid_request', 'state is longer than 1024 characters.');
  return {
    client_id: client.client_id,
    redirect_uri: redirectUri,
    state,
    code_challenge: challenge,
    resource,
    scope: MCP_SCOPE,
  } satisfies Checked;
}

/** `GET /oauth/authorize`. */
export function authorizeRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { config, store } = deps;
  const app = new Hono<AppEnv>();
  const issuer = config.publicUrl;
  const resource = mcpResource(config);
  const showError = (c: Context, title: string, message: string) =>
    sendPage(c, errorPage(title, message), 400);

  app.get('/oauth/authorize', async (c) => {
    const q = new URL(c.req.url).searchParams;
    const found = await loadClient(deps, q.get('client_id') ?? '');
    if ('problem' in found) return showError(c, 'Unknown application', found.problem);
    const client = found.client;
    let redirectUri = q.get('redirect_uri');
    if (!redirectUri && client.redirect_uris.length === 1)
      redirectUri = client.redirect_uris[0] ?? null;
    if (!redirectUri || !redirectMatches(client.redirect_uris, redirectUri)) {
      return showError(
        c,
        'Invalid redirect',
        'The redirect_uri does not match the application registration.',
      );
    }
    const approved = (await consentedClients(c, config)).includes(client.client_id);
    const checked = check(q, client, redirectUri, resource);
    if ('error' in checked) {
      if (!approved) return showError(c, `Login refused: ${checked.error}`, checked.description);
      const state = q.get('state');
      return redirectWithError(redirectUri, state, checked.error, checked.description, issuer);
    }
    const requestId = randomBytes(18).toString('base64url');
    const request: AuthRequest = { ...checked, csrf: randomBytes(24).toString('base64url') };
    await store.setRecord(`AUTHREQ#${requestId}`, JSON.stringify(request), AUTH_REQUEST_TTL);
    if (approved) return toGitHub(deps, c, { kind: 'mcp', request_id: requestId });
    setCookie(c, 'mfc_csrf', request.csrf, {
      httpOnly: true,
      secure: issuer.startsWith('https://'),
      sameSite: 'Strict',
      path: '/oauth',
      maxAge: AUTH_REQUEST_TTL,
    });
    const html = consentPage({
      clientName: client.client_name ?? client.client_id,
      clientHost: clientHost(client, redirectUri),
      redirectHost: new URL(redirectUri).host || redirectUri,
      requestId,
      csrf: request.csrf,
    });
    // Allow goes to GitHub (and back through us to the client); Deny goes to the client.
    return sendPage(c, html, 200, [formTarget(config.github.webUrl), formTarget(redirectUri)]);
  });
  return app;
}
