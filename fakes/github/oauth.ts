/**
 * GitHub's OAuth web flow, as the server's login uses it, refusing what GitHub refuses
 * (GitHub's "Troubleshooting authorization request errors" and "token request errors" pages):
 *
 * - the authorize page (a login form with Authorize and Cancel, or an instant approval of
 *   `state.oauthAutoLogin` / a `login` query parameter). A `redirect_uri` that is not the app's
 *   callback URL (same host and port, path at or under it) is sent back to the callback with
 *   `error=redirect_uri_mismatch`; Cancel sends `error=access_denied`;
 * - the token endpoint, answering errors with HTTP 200 and an `error` field like GitHub:
 *   `incorrect_client_credentials`, `redirect_uri_mismatch`, `bad_verification_code`,
 *   `bad_refresh_token`;
 * - GitHub App mode (`configureOAuthApp`): user tokens that expire (`expires_in`) with a
 *   `refresh_token` (`refresh_token_expires_in`), renewed by `grant_type=refresh_token`.
 *
 * The tokens it issues work on the REST routes (`/user`, repos, …).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { FakeApp } from './server.js';
import type { FakeGitHubState } from './state.js';

const CODE_TTL_MS = 10 * 60 * 1000;
const DOCS =
  'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors';

/** How an app registered with the fake behaves beyond its id and secret. */
export interface FakeOAuthAppSettings {
  /** The app's callback URL; when set, other redirect URIs are refused like GitHub does. */
  callbackUrl?: string;
  /** `github-app`: user tokens expire and come with a refresh token. */
  mode: 'oauth-app' | 'github-app';
  /** Lifetime of a GitHub App user token (GitHub: 8 h). */
  tokenTtlSeconds: number;
  /** Lifetime of its refresh token (GitHub: 6 months). */
  refreshTtlSeconds: number;
}

interface RefreshGrant {
  clientId: string;
  login: string;
  scopes: string[];
  accessToken: string;
  expiresAt: number;
}

interface OAuthExtras {
  settings: Map<string, FakeOAuthAppSettings>;
  refreshTokens: Map<string, RefreshGrant>;
  /** Every token-endpoint call, by grant type, for assertions. */
  exchanges: { grantType: string; error: string | null }[];
}

const extras = new WeakMap<FakeGitHubState, OAuthExtras>();

/** The fake's OAuth bookkeeping for `state` (settings, refresh tokens, token calls). */
export function oauthExtras(state: FakeGitHubState): OAuthExtras {
  let found = extras.get(state);
  if (!found) {
    found = { settings: new Map(), refreshTokens: new Map(), exchanges: [] };
    extras.set(state, found);
  }
  return found;
}

/** Sets how the app `clientId` behaves (callback URL, GitHub App mode, token lifetimes). */
export function configureOAuthApp(
  state: FakeGitHubState,
  clientId: string,
  settings: Partial<FakeOAuthAppSettings>,
): void {
  const x = oauthExtras(state);
  x.settings.set(clientId, { ...settingsOf(state, clientId), ...settings });
}

function settingsOf(state: FakeGitHubState, clientId: string): FakeOAuthAppSettings {
  return (
    oauthExtras(state).settings.get(clientId) ?? {
      mode: 'oauth-app',
      tokenTtlSeconds: 8 * 3600,
      refreshTtlSeconds: 15_897_600,
    }
  );
}

/** Expires every user token of `login` now (requests with them get 401, like GitHub). */
export function expireUserTokens(state: FakeGitHubState, login: string): string[] {
  const gone = [...state.tokens.entries()].filter(([, t]) => t.login === login).map(([k]) => k);
  for (const token of gone) state.tokens.delete(token);
  return gone;
}

/** Revokes every refresh token of `login` (the user revoked the app, or six months passed). */
export function revokeRefreshTokens(state: FakeGitHubState, login: string): void {
  const x = oauthExtras(state);
  for (const [token, grant] of x.refreshTokens) {
    if (grant.login === login) x.refreshTokens.delete(token);
  }
}

/** GitHub's rule for OAuth apps: same host and port as the callback, path at or under it. */
function redirectAllowed(callbackUrl: string, redirectUri: string): boolean {
  let cb: URL;
  let ru: URL;
  try {
    cb = new URL(callbackUrl);
    ru = new URL(redirectUri);
  } catch {
    return false;
  }
  const base = cb.pathname.replace(/\/+$/, '');
  return (
    cb.protocol === ru.protocol &&
    cb.host === ru.host &&
    (ru.pathname === cb.pathname || ru.pathname.startsWith(`${base}/`)) &&
    !ru.pathname.includes('..')
  );
}

function back(c: Context, redirectUri: string, params: Record<string, string | null>) {
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== null) target.searchParams.set(k, v);
  return c.redirect(target.toString(), 302);
}

/** Registers `/login/oauth/authorize` and `/login/oauth/access_token`. */
export function registerOAuth(app: FakeApp, state: FakeGitHubState): void {
  /** Where the authorize request goes back to, or the mismatch answer GitHub gives. */
  const target = (c: Context, params: URLSearchParams): { uri: string } | Response => {
    const { callbackUrl } = settingsOf(state, params.get('client_id') ?? '');
    const asked = params.get('redirect_uri');
    if (callbackUrl && asked && !redirectAllowed(callbackUrl, asked)) {
      return back(c, callbackUrl, {
        error: 'redirect_uri_mismatch',
        error_description:
          'The redirect_uri MUST match the registered callback URL for this application.',
        error_uri: `${DOCS}/#redirect-uri-mismatch`,
        state: params.get('state'),
      });
    }
    const uri = asked ?? callbackUrl;
    if (!uri) return c.text('redirect_uri is required by this fake', 400);
    return { uri };
  };

  const approve = (c: Context, params: URLSearchParams, login: string): Response => {
    const to = target(c, params);
    if (to instanceof Response) return to;
    state.addUser(login);
    const code = randomBytes(10).toString('hex');
    state.oauthCodes.set(code, {
      clientId: params.get('client_id') ?? '',
      login,
      scopes: (params.get('scope') ?? '').split(/[\s,]+/).filter(Boolean),
      redirectUri: params.get('redirect_uri'),
      used: false,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    return back(c, to.uri, { code, state: params.get('state') });
  };

  app.get('/login/oauth/authorize', (c) => {
    const params = new URL(c.req.url).searchParams;
    if (!state.oauthApps.has(params.get('client_id') ?? ''))
      return c.text('Unknown OAuth application', 404);
    const to = target(c, params);
    if (to instanceof Response) return to;
    const login = params.get('login') ?? state.oauthAutoLogin;
    if (login) return approve(c, params, login);
    return c.html(loginForm(params));
  });

  app.post('/login/oauth/authorize', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (!state.oauthApps.has(form.get('client_id') ?? ''))
      return c.text('Unknown OAuth application', 404);
    if (form.get('cancel') !== null) {
      const to = target(c, form);
      if (to instanceof Response) return to;
      return back(c, to.uri, {
        error: 'access_denied',
        error_description: 'The user has denied your application access.',
        error_uri: `${DOCS}/#access-denied`,
        state: form.get('state'),
      });
    }
    const login = form.get('login');
    if (!login) return c.text('login is required', 400);
    return approve(c, form, login);
  });

  app.post('/login/oauth/access_token', async (c) => {
    const params = await tokenParams(c);
    const answer = (body: Record<string, string | number>) => {
      const error = typeof body.error === 'string' ? body.error : null;
      oauthExtras(state).exchanges.push({
        grantType: params.get('grant_type') ?? 'authorization_code',
        error,
      });
      if ((c.req.header('accept') ?? '').includes('json')) return c.json(body);
      const flat = Object.entries(body).map(([k, v]) => [k, String(v)]);
      return c.body(new URLSearchParams(flat).toString(), 200, {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
    };
    const appEntry = state.oauthApps.get(params.get('client_id') ?? '');
    if (!appEntry || appEntry.clientSecret !== params.get('client_secret')) {
      return answer({
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
        error_uri:
          'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials',
      });
    }
    if (params.get('grant_type') === 'refresh_token') return answer(refresh(state, params));
    return answer(exchangeCode(state, params));
  });
}

async function tokenParams(c: Context): Promise<URLSearchParams> {
  const raw = await c.req.text();
  if (!(c.req.header('content-type') ?? '').includes('json')) return new URLSearchParams(raw);
  return new URLSearchParams(Object.entries(JSON.parse(raw || '{}') as Record<string, string>));
}

type TokenAnswer = Record<string, string | number>;

function exchangeCode(state: FakeGitHubState, params: URLSearchParams): TokenAnswer {
  const clientId = params.get('client_id') ?? '';
  const { callbackUrl } = settingsOf(state, clientId);
  const redirectUri = params.get('redirect_uri');
  if (callbackUrl && redirectUri && !redirectAllowed(callbackUrl, redirectUri)) {
    return {
      error: 'redirect_uri_mismatch',
      error_description:
        'The redirect_uri MUST match the registered callback URL for this application.',
      error_uri:
        'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#redirect-uri-mismatch2',
    };
  }
  const code = state.oauthCodes.get(params.get('code') ?? '');
  if (
    !code ||
    code.used ||
    code.expiresAt < Date.now() ||
    code.clientId !== clientId ||
    (redirectUri !== null && code.redirectUri !== null && redirectUri !== code.redirectUri)
  ) {
    if (code) code.used = true;
    return {
      error: 'bad_verification_code',
      error_description: 'The code passed is incorrect or expired.',
      error_uri:
        'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
    };
  }
  code.used = true;
  return issue(state, clientId, code.login, code.scopes);
}

function refresh(state: FakeGitHubState, params: URLSearchParams): TokenAnswer {
  const x = oauthExtras(state);
  const token = params.get('refresh_token') ?? '';
  const grant = x.refreshTokens.get(token);
  if (!grant || grant.expiresAt < Date.now() || grant.clientId !== params.get('client_id')) {
    return {
      error: 'bad_refresh_token',
      error_description: 'The refresh token passed is incorrect or expired.',
      error_uri:
        'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-refresh-token',
    };
  }
  // A refresh token is single use; the access token it came with is replaced.
  x.refreshTokens.delete(token);
  state.tokens.delete(grant.accessToken);
  return issue(state, grant.clientId, grant.login, grant.scopes);
}

function issue(
  state: FakeGitHubState,
  clientId: string,
  login: string,
  scopes: string[],
): TokenAnswer {
  const settings = settingsOf(state, clientId);
  const prefix = settings.mode === 'github-app' ? 'ghu_' : 'gho_';
  const token = `${prefix}${randomBytes(18)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')}`;
  state.addToken(token, login, { scopes: scopes.length ? scopes : ['repo'] });
  if (settings.mode === 'oauth-app') {
    return { access_token: token, token_type: 'bearer', scope: scopes.join(',') };
  }
  const refreshToken = `ghr_${randomBytes(30)
    .toString('base64url')
    .replace(/[^A-Za-z0-9]/g, 'x')}`;
  oauthExtras(state).refreshTokens.set(refreshToken, {
    clientId,
    login,
    scopes,
    accessToken: token,
    expiresAt: Date.now() + settings.refreshTtlSeconds * 1000,
  });
  return {
    access_token: token,
    expires_in: settings.tokenTtlSeconds,
    refresh_token: refreshToken,
    refresh_token_expires_in: settings.refreshTtlSeconds,
    token_type: 'bearer',
    scope: '',
  };
}

function loginForm(params: URLSearchParams): string {
  const hidden = [...params.entries()]
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return (
    `<!doctype html><title>Sign in to GitHub</title><form method="post" action="/login/oauth/authorize">` +
    `${hidden}<label>Username <input name="login"></label><button>Authorize</button>` +
    `<button name="cancel" value="1" formnovalidate>Cancel</button></form>`
  );
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
