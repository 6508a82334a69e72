/**
 * The seed's REST login (`/v1/auth/github`) and the one GitHub callback of every login flow
 * (MCP, REST, the `workflow` upgrade). A refusal or failure at GitHub goes back where the flow
 * started (`callback-outcomes.ts`).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.js';
import { AppError } from '../../errors.js';
import type { User } from '../../jobs/model.js';
import { failed, succeeded, takeState } from '../callback-outcomes.js';
import type { AuthRoutesDeps } from '../oauth-common.js';
import { toGitHub } from '../to-github.js';

/** `GET /v1/auth/github` and `GET /v1/auth/github/callback`. */
export function githubCallbackRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/v1/auth/github', (c) => toGitHub(deps, c, { kind: 'rest' }));

  app.get('/v1/auth/github/callback', async (c) => {
    const state = await takeState(deps, c);
    const ghError = c.req.query('error');
    if (ghError) {
      const denied = ghError === 'access_denied';
      if (!denied) c.var.log.warn({ github_error: ghError }, 'GitHub refused the login');
      const message = denied
        ? 'You declined the authorization at GitHub.'
        : `GitHub refused the login (${ghError.slice(0, 60)}): the server's GitHub OAuth app is misconfigured. Tell the server's operator.`;
      return failed(
        deps,
        c,
        state,
        denied ? 'access_denied' : 'github_oauth_misconfigured',
        message,
      );
    }
    const code = c.req.query('code');
    if (!code || code.length > 200) {
      return failed(deps, c, state, 'invalid_request', 'GitHub sent no authorization code.');
    }
    let user: User;
    try {
      user = await deps.login.complete(code);
    } catch (error) {
      if (!(error instanceof AppError) || state.kind === 'rest') throw error;
      return failed(deps, c, state, error.code, error.message);
    }
    c.var.log.info({ github_id: user.github_id, login: user.github_username }, 'user logged in');
    return succeeded(deps, c, state, user);
  });
  return app;
}
