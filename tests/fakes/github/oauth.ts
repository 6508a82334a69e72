/**
 * GitHub's OAuth web flow, as the server's login uses it: the authorize page (a login form, or
 * an instant approval of `state.oauthAutoLogin` / a `login` query parameter), the code exchange
 * at `/login/oauth/access_token` (a used or unknown code answers `bad_verification_code` with a
 * 200, like GitHub), and the token it returns works on the REST routes (`/user`, repos, …).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { FakeApp } from './server.js';
import type { FakeGitHubState } from './state.js';

const CODE_TTL_MS = 10 * 60 * 1000;

/** Registers `/login/oauth/authorize` and `/login/oauth/access_token`. */
export function registerOAuth(app: FakeApp, state: FakeGitHubState): void {
  const approve = (c: Context, params: URLSearchParams, login: string): Response => {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri) return c.text('redirect_uri is required by this fake', 400);
    state.addUser(login);
    const code = randomBytes(10).toString('hex');
    state.oauthCodes.set(code, {
      clientId,
      login,
      scopes: (params.get('scope') ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
      redirectUri,
      used: false,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const st = params.get('state');
    if (st !== null) target.searchParams.set('state', st);
    return c.redirect(target.toString(), 302);
  };

  app.get('/login/oauth/authorize', (c) => {
    const params = new URL(c.req.url).searchParams;
    const clientId = params.get('client_id') ?? '';
    if (!state.oauthApps.has(clientId)) return c.text('Unknown OAuth application', 404);
    const login = params.get('login') ?? state.oauthAutoLogin;
    if (login) return approve(c, params, login);
    // A login form: the person types a login and approves (tests can POST it).
    const hidden = [...params.entries()]
      .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
      .join('');
    return c.html(
      `<!doctype html><title>Sign in to GitHub</title><form method="post" action="/login/oauth/authorize">` +
        `${hidden}<label>Username <input name="login"></label><button>Authorize</button></form>`,
    );
  });

  app.post('/login/oauth/authorize', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const clientId = form.get('client_id') ?? '';
    if (!state.oauthApps.has(clientId)) return c.text('Unknown OAuth application', 404);
    const login = form.get('login');
    if (!login) return c.text('login is required', 400);
    return approve(c, form, login);
  });

  app.post('/login/oauth/access_token', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const raw = await c.req.text();
    const params = type.includes('json')
      ? new URLSearchParams(Object.entries(JSON.parse(raw || '{}') as Record<string, string>))
      : new URLSearchParams(raw);
    const answer = (body: Record<string, string>) => {
      if ((c.req.header('accept') ?? '').includes('json')) return c.json(body);
      return c.body(new URLSearchParams(body).toString(), 200, {
        'Content-Type': 'application/x-www-form-urlencoded',
      });
    };
    const appEntry = state.oauthApps.get(params.get('client_id') ?? '');
    if (!appEntry || appEntry.clientSecret !== params.get('client_secret')) {
      return answer({
        error: 'incorrect_client_credentials',
        error_description: 'The client_id and/or client_secret passed are incorrect.',
      });
    }
    const code = state.oauthCodes.get(params.get('code') ?? '');
    const redirectUri = params.get('redirect_uri');
    if (
      !code ||
      code.used ||
      code.expiresAt < Date.now() ||
      code.clientId !== appEntry.clientId ||
      (redirectUri !== null && code.redirectUri !== null && redirectUri !== code.redirectUri)
    ) {
      if (code) code.used = true;
      return answer({
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
      });
    }
    code.used = true;
    const token = `gho_${randomBytes(18)
      .toString('base64url')
      .replace(/[^A-Za-z0-9]/g, 'x')}`;
    state.addToken(token, code.login, { scopes: code.scopes.length ? code.scopes : ['repo'] });
    return answer({ access_token: token, token_type: 'bearer', scope: code.scopes.join(',') });
  });
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
