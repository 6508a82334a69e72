/**
 * The server's own OAuth 2.1 authorization server for MCP clients, with GitHub as the upstream
 * login, and the seed's REST login (`/v1/auth/github`):
 *
 * - RFC 9728 protected resource metadata (path-aware for `/mcp`, and at the root);
 * - RFC 8414 authorization server metadata (`S256` only);
 * - RFC 7591 dynamic client registration;
 * - `/oauth/authorize` → consent per client (cookie-bound CSRF) → GitHub → one callback →
 *   our single-use code → `/oauth/token` (PKCE S256, `resource` as audience, refresh rotation);
 * - RFC 7009 revocation.
 *
 * GitHub state is bound to the browser with a cookie, so a login cannot be forced on someone.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, getSignedCookie, setCookie, setSignedCookie } from 'hono/cookie';
import { OAuthClientMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { z } from 'zod';
import type { AppEnv } from '../context.js';
import { ValidationError } from '../errors.js';
import { hashToken, randomToken, s256, safeEqual } from './crypto.js';
import { consentPage, errorPage } from './pages.js';

import {
  MCP_SCOPE,
  AUTH_REQUEST_TTL,
  CODE_TTL,
  ClientRecordSchema,
  type ClientRecord,
  AuthRequestSchema,
  type AuthRequest,
  CodeRecordSchema,
  GitHubStateSchema,
  type AuthRoutesDeps,
  mcpResource,
  acceptableRedirect,
  oauthError,
  redirectWithError,
  readForm,
} from './oauth-common.js';

export function createAuthRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { config, store, login, tokens, sessions } = deps;
  const app = new Hono<AppEnv>();
  const issuer = config.publicUrl;
  const secure = config.publicUrl.startsWith('https://');
  const resource = mcpResource(config);

  const resourceMetadata = () => ({
    resource,
    authorization_servers: [issuer],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'myfav-coworker',
  });
  app.get('/.well-known/oauth-protected-resource/mcp', (c) => c.json(resourceMetadata()));
  app.get('/.well-known/oauth-protected-resource', (c) => c.json(resourceMetadata()));

  const serverMetadata = () => ({
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    registration_endpoint: `${issuer}/oauth/register`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    revocation_endpoint_auth_methods_supported: [
      'none',
      'client_secret_post',
      'client_secret_basic',
    ],
    scopes_supported: [MCP_SCOPE],
    authorization_response_iss_parameter_supported: true,
  });
  app.get('/.well-known/oauth-authorization-server', (c) => c.json(serverMetadata()));
  app.get('/.well-known/oauth-authorization-server/mcp', (c) => c.json(serverMetadata()));

  const loadClient = async (clientId: string): Promise<ClientRecord | null> => {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(clientId)) return null;
    const raw = await store.getRecord(`CLIENT#${clientId}`);
    if (!raw) return null;
    const parsed = ClientRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  };

  // --- RFC 7591 dynamic client registration ---
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
      client_id_issued_at: Math.floor(deps.clock() / 1000),
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

  /** Sends the browser to GitHub with a fresh state bound to it by a cookie. */
  const toGitHub = async (
    c: Context,
    state: z.infer<typeof GitHubStateSchema>,
  ): Promise<Response> => {
    const ghState = randomBytes(24).toString('base64url');
    await store.setRecord(`GHSTATE#${ghState}`, JSON.stringify(state), AUTH_REQUEST_TTL);
    setCookie(c, 'mfc_gh_state', ghState, {
      httpOnly: true,
      secure,
      sameSite: 'Lax',
      path: '/v1/auth/github',
      maxAge: AUTH_REQUEST_TTL,
    });
    return c.redirect(login.authorizeUrl(ghState), 302);
  };

  const consentCookieSecret = `${config.signingKey}:consent`;
  const consentedClients = async (c: Context): Promise<string[]> => {
    const value = await getSignedCookie(c, consentCookieSecret, 'mfc_consent');
    return value ? value.split(' ').filter(Boolean) : [];
  };

  // --- authorization endpoint ---
  app.get('/oauth/authorize', async (c) => {
    const q = new URL(c.req.url).searchParams;
    const client = await loadClient(q.get('client_id') ?? '');
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
      return toGitHub(c, { kind: 'mcp', request_id: requestId });
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
    return toGitHub(c, { kind: 'mcp', request_id: requestId });
  });

  // --- the seed's REST login, and the one GitHub callback for both flows ---
  app.get('/v1/auth/github', (c) => toGitHub(c, { kind: 'rest' }));

  app.get('/v1/auth/github/callback', async (c) => {
    const code = c.req.query('code');
    const ghState = c.req.query('state');
    const ghError = c.req.query('error');
    if (ghError)
      throw new ValidationError(`GitHub login was not completed: ${ghError}`, 'access_denied');
    if (!code || !ghState || code.length > 200 || ghState.length > 200) {
      throw new ValidationError('code and state are required', 'invalid_request');
    }
    const raw = await store.takeRecord(`GHSTATE#${ghState}`);
    const cookie = getCookie(c, 'mfc_gh_state');
    if (!raw || !cookie || !safeEqual(cookie, ghState)) {
      throw new ValidationError(
        'Unknown, expired or already used login state, or it belongs to another browser. Start again at /v1/auth/github.',
        'invalid_state',
      );
    }
    const state = GitHubStateSchema.parse(JSON.parse(raw));
    const user = await login.complete(code);
    c.get('log').info({ github_id: user.github_id, login: user.github_username }, 'user logged in');
    if (state.kind === 'rest') {
      const session = await sessions.issue(user.github_id);
      c.header('Cache-Control', 'no-store');
      return c.json({
        token: session.token,
        token_type: 'Bearer',
        expires_in: session.expiresIn,
        user: { user_id: user.user_id, github_username: user.github_username },
      });
    }
    const reqRaw = await store.takeRecord(`AUTHREQ#${state.request_id}`);
    const request = reqRaw ? AuthRequestSchema.safeParse(JSON.parse(reqRaw)) : null;
    if (!request?.success)
      return c.html(
        errorPage('Login expired', 'This login request expired. Start again from your app.'),
        400,
      );
    const ourCode = randomToken('mfc_code_');
    const { csrf: _csrf, state: clientState, ...grant } = request.data;
    await store.setRecord(
      `CODE#${hashToken(ourCode)}`,
      JSON.stringify({ ...grant, github_id: user.github_id }),
      CODE_TTL,
    );
    const target = new URL(request.data.redirect_uri);
    target.searchParams.set('code', ourCode);
    if (clientState !== null) target.searchParams.set('state', clientState);
    target.searchParams.set('iss', issuer);
    return c.redirect(target.toString(), 302);
  });

  // --- token endpoint ---
  const authenticateClient = async (
    c: Context,
    form: URLSearchParams,
  ): Promise<ClientRecord | Response> => {
    let clientId = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, i));
      secret = decodeURIComponent(decoded.slice(i + 1));
    }
    const client = clientId ? await loadClient(clientId) : null;
    if (!client) return oauthError(c, 401, 'invalid_client', 'Unknown client.');
    if (client.client_secret_hash) {
      if (!secret || !safeEqual(hashToken(secret), client.client_secret_hash)) {
        return oauthError(c, 401, 'invalid_client', 'Client authentication failed.');
      }
    }
    return client;
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
    const client = await authenticateClient(c, form);
    if (client instanceof Response) return client;
    const grantType = form.get('grant_type');
    const requested = form.get('resource');
    if (requested !== null && requested.replace(/\/+$/, '') !== resource) {
      return oauthError(
        c,
        400,
        'invalid_target',
        `This server only issues tokens for ${resource}.`,
      );
    }

    if (grantType === 'authorization_code') {
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
    }

    if (grantType === 'refresh_token') {
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
    }

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
    const client = await authenticateClient(c, form);
    if (client instanceof Response) return client;
    const token = form.get('token');
    if (!token) return oauthError(c, 400, 'invalid_request', 'token is required.');
    await tokens.revoke(token);
    return c.body(null, 200);
  });

  return app;
}
