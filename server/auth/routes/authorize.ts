/**
 * `/oauth/authorize` and the consent form: a client's first login in a browser shows what it
 * asks; an approval (kept per client in a signed cookie) goes on to GitHub.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../../context.js';
import { loadClient } from '../clients.js';
import { safeEqual } from '../crypto.js';
import {
  AUTH_REQUEST_TTL,
  AuthRequestSchema,
  MCP_SCOPE,
  mcpResource,
  readForm,
  redirectWithError,
  type AuthRequest,
  type AuthRoutesDeps,
} from '../oauth-common.js';
import { consentPage, errorPage } from '../pages.js';
import { toGitHub } from '../to-github.js';

/** `GET /oauth/authorize` and `POST /oauth/consent`. */
export function authorizeRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { config, store } = deps;
  const app = new Hono<AppEnv>();
  const issuer = config.publicUrl;
  const secure = issuer.startsWith('https://');
  const resource = mcpResource(config);
  const consentCookieSecret = `${config.signingKey}:consent`;
  const consentedClients = async (c: Context): Promise<string[]> => {
    const value = await getSignedCookie(c, consentCookieSecret, 'mfc_consent');
    return value ? value.split(' ').filter(Boolean) : [];
  };

  app.get('/oauth/authorize', async (c) => {
    const q = new URL(c.req.url).searchParams;
    const client = await loadClient(store, q.get('client_id') ?? '');
    if (!client)
      return c.html(
        errorPage(
          'Unknown application',
          'This login link names an application that is not registered with myfav-coworker.',
        ),
        400,
      );
    let redirectUri = q.get('redirect_uri');
    if (!redirectUri && client.redirect_uris.length === 1)
      redirectUri = client.redirect_uris[0] ?? null;
    if (!redirectUri || !client.redirect_uris.includes(redirectUri)) {
      return c.html(
        errorPage(
          'Invalid redirect',
          'The redirect_uri does not match the application registration.',
        ),
        400,
      );
    }
    const state = q.get('state');
    const fail = (error: string, description: string) =>
      redirectWithError(redirectUri, state, error, description, issuer);
    if (q.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'Only response_type=code is supported.');
    const challenge = q.get('code_challenge');
    if (!challenge || !/^[A-Za-z0-9_-]{43,128}$/.test(challenge))
      return fail('invalid_request', 'code_challenge (PKCE) is required.');
    if (q.get('code_challenge_method') !== 'S256')
      return fail('invalid_request', 'code_challenge_method must be S256.');
    const requested = q.get('resource');
    if (requested !== null && requested.replace(/\/+$/, '') !== resource) {
      return fail('invalid_target', `This server only issues tokens for ${resource}.`);
    }
    const scope = q.get('scope') ?? MCP_SCOPE;
    if (scope.split(' ').some((s) => s && s !== MCP_SCOPE)) {
      return fail('invalid_scope', `Only the "${MCP_SCOPE}" scope exists.`);
    }
    const requestId = randomBytes(18).toString('base64url');
    const request: AuthRequest = {
      client_id: client.client_id,
      redirect_uri: redirectUri,
      state,
      code_challenge: challenge,
      resource,
      scope: MCP_SCOPE,
      csrf: randomBytes(24).toString('base64url'),
    };
    await store.setRecord(`AUTHREQ#${requestId}`, JSON.stringify(request), AUTH_REQUEST_TTL);
    if ((await consentedClients(c)).includes(client.client_id)) {
      return toGitHub(deps, c, { kind: 'mcp', request_id: requestId });
    }
    setCookie(c, 'mfc_csrf', request.csrf, {
      httpOnly: true,
      secure,
      sameSite: 'Strict',
      path: '/oauth',
      maxAge: AUTH_REQUEST_TTL,
    });
    c.header('X-Frame-Options', 'DENY');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    );
    return c.html(
      consentPage({
        clientName: client.client_name ?? client.client_id,
        redirectHost: new URL(redirectUri).host || redirectUri,
        requestId,
        csrf: request.csrf,
      }),
    );
  });

  app.post('/oauth/consent', async (c) => {
    const form = await readForm(c);
    const requestId = form.get('request_id') ?? '';
    const raw = /^[A-Za-z0-9_-]{10,64}$/.test(requestId)
      ? await store.getRecord(`AUTHREQ#${requestId}`)
      : null;
    const request = raw ? AuthRequestSchema.safeParse(JSON.parse(raw)) : null;
    if (!request?.success)
      return c.html(
        errorPage(
          'Login expired',
          'This login request is unknown or expired. Start again from your app.',
        ),
        400,
      );
    const csrfForm = form.get('csrf') ?? '';
    const csrfCookie = getCookie(c, 'mfc_csrf') ?? '';
    if (!safeEqual(csrfForm, request.data.csrf) || !safeEqual(csrfCookie, request.data.csrf)) {
      return c.html(
        errorPage('Request refused', 'The consent form did not come from this browser session.'),
        403,
      );
    }
    if (form.get('decision') !== 'approve') {
      await store.deleteRecord(`AUTHREQ#${requestId}`);
      return redirectWithError(
        request.data.redirect_uri,
        request.data.state,
        'access_denied',
        'The user denied access.',
        issuer,
      );
    }
    const approved = new Set(await consentedClients(c));
    approved.add(request.data.client_id);
    await setSignedCookie(
      c,
      'mfc_consent',
      [...approved].slice(-20).join(' '),
      consentCookieSecret,
      {
        httpOnly: true,
        secure,
        sameSite: 'Lax',
        path: '/oauth',
        maxAge: 180 * 24 * 3600,
      },
    );
    return toGitHub(deps, c, { kind: 'mcp', request_id: requestId });
  });
  return app;
}
