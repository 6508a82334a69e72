/** The seed's REST login (`/v1/auth/github`) and the one GitHub callback of every login flow. */
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { hashToken, randomToken, safeEqual } from '../crypto.js';
import {
  AuthRequestSchema,
  CODE_TTL,
  GitHubStateSchema,
  type AuthRoutesDeps,
} from '../oauth-common.js';
import { errorPage } from '../pages.js';
import { GH_STATE_COOKIE, toGitHub } from '../to-github.js';

/** `GET /v1/auth/github` and `GET /v1/auth/github/callback`. */
export function githubCallbackRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { config, store, login, sessions } = deps;
  const app = new Hono<AppEnv>();
  const issuer = config.publicUrl;

  app.get('/v1/auth/github', (c) => toGitHub(deps, c, { kind: 'rest' }));

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
    const cookie = getCookie(c, GH_STATE_COOKIE);
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
  return app;
}
