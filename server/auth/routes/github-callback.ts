/**
 * The seed's REST login (`/v1/auth/github`) and the one GitHub callback of every login flow
 * (MCP, REST, the `workflow` upgrade). A refusal or failure at GitHub goes back where the flow
 * started: to the MCP client's redirect URI (`access_denied`, `server_error`), as JSON to a
 * REST client, or on our page for the upgrade.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { z } from 'zod';
import type { AppEnv } from '../../context.js';
import { AppError, ValidationError } from '../../errors.js';
import type { User } from '../../jobs/model.js';
import { hashToken, randomToken, safeEqual } from '../crypto.js';
import { GitHubMisconfiguredError } from '../github-token-exchange.js';
import {
  AuthRequestSchema,
  CODE_TTL,
  GitHubStateSchema,
  redirectWithError,
  type AuthRoutesDeps,
} from '../oauth-common.js';
import { donePage, errorPage, sendPage } from '../pages.js';
import { GH_STATE_COOKIE, toGitHub } from '../to-github.js';

type FlowState = z.infer<typeof GitHubStateSchema>;

/** `GET /v1/auth/github` and `GET /v1/auth/github/callback`. */
export function githubCallbackRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { config, store, login, sessions } = deps;
  const app = new Hono<AppEnv>();
  const issuer = config.publicUrl;

  /** The flow GitHub's `state` belongs to, if this browser started it (single use). */
  const takeState = async (c: Context): Promise<FlowState> => {
    const ghState = c.req.query('state') ?? '';
    if (!ghState) throw new ValidationError('GitHub sent no state.', 'invalid_request');
    const raw = ghState.length <= 200 ? await store.takeRecord(`GHSTATE#${ghState}`) : null;
    const cookie = getCookie(c, GH_STATE_COOKIE);
    if (!raw || !cookie || !safeEqual(cookie, ghState)) {
      throw new ValidationError(
        'Unknown, expired or already used login state, or it belongs to another browser. Start the login again.',
        'invalid_state',
      );
    }
    return GitHubStateSchema.parse(JSON.parse(raw));
  };

  /** The MCP authorization request a flow continues, or null when it expired. */
  const takeRequest = async (requestId: string) => {
    const raw = await store.takeRecord(`AUTHREQ#${requestId}`);
    const request = raw ? AuthRequestSchema.safeParse(JSON.parse(raw)) : null;
    return request?.success ? request.data : null;
  };

  /** Ends a flow that failed at or after GitHub, where it started. */
  const failed = async (c: Context, state: FlowState, error: string, message: string) => {
    if (state.kind === 'rest') {
      if (error === 'github_oauth_misconfigured') throw new GitHubMisconfiguredError(message);
      throw new ValidationError(message, error);
    }
    if (state.kind === 'upgrade')
      return sendPage(c, errorPage('GitHub permission not added', message), 400);
    const request = await takeRequest(state.request_id);
    if (!request) return sendPage(c, errorPage('Login expired', message), 400);
    const code = error === 'access_denied' ? error : 'server_error';
    return redirectWithError(request.redirect_uri, request.state, code, message, issuer);
  };

  const succeeded = async (c: Context, state: FlowState, user: User) => {
    if (state.kind === 'upgrade') {
      const has = user.scopes.includes('workflow');
      const title = has ? 'Done: workflow permission added' : 'Workflow permission missing';
      const message = has
        ? `GitHub user ${user.github_username} can now let myfav-coworker add workflow files. You can go back to your chat client and ask again.`
        : `GitHub did not grant the workflow scope to ${user.github_username}; setup_repo cannot open its pull request.`;
      return sendPage(c, donePage(title, message), has ? 200 : 400);
    }
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
    const request = await takeRequest(state.request_id);
    if (!request) {
      const why = 'This login request expired. Start again from your app.';
      return sendPage(c, errorPage('Login expired', why), 400);
    }
    const ourCode = randomToken('mfc_code_');
    const { csrf: _csrf, state: clientState, ...grant } = request;
    const record = JSON.stringify({ ...grant, github_id: user.github_id });
    await store.setRecord(`CODE#${hashToken(ourCode)}`, record, CODE_TTL);
    const target = new URL(request.redirect_uri);
    target.searchParams.set('code', ourCode);
    if (clientState !== null) target.searchParams.set('state', clientState);
    target.searchParams.set('iss', issuer);
    return c.redirect(target.toString(), 302);
  };

  app.get('/v1/auth/github', (c) => toGitHub(deps, c, { kind: 'rest' }));

  app.get('/v1/auth/github/callback', async (c) => {
    const state = await takeState(c);
    const ghError = c.req.query('error');
    if (ghError) {
      const denied = ghError === 'access_denied';
      if (!denied) c.get('log').warn({ github_error: ghError }, 'GitHub refused the login');
      const message = denied
        ? 'You declined the authorization at GitHub.'
        : `GitHub refused the login (${ghError.slice(0, 60)}): the server's GitHub OAuth app is misconfigured. Tell the server's operator.`;
      return failed(c, state, denied ? 'access_denied' : 'github_oauth_misconfigured', message);
    }
    const code = c.req.query('code');
    if (!code || code.length > 200) {
      return failed(c, state, 'invalid_request', 'GitHub sent no authorization code.');
    }
    let user: User;
    try {
      user = await login.complete(code);
    } catch (error) {
      if (!(error instanceof AppError) || state.kind === 'rest') throw error;
      return failed(c, state, error.code, error.message);
    }
    c.get('log').info({ github_id: user.github_id, login: user.github_username }, 'user logged in');
    return succeeded(c, state, user);
  });
  return app;
}
