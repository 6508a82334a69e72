/**
 * How a GitHub login ends, for each flow it belongs to: the MCP client's redirect URI (our code,
 * or `access_denied` / `server_error`), a REST session as JSON, or our page for the `workflow`
 * upgrade.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { User } from '../jobs/model.js';
import { hashToken, randomToken, safeEqual } from './crypto.js';
import { GitHubMisconfiguredError } from './github-token-exchange.js';
import {
  AuthRequestSchema,
  CODE_TTL,
  GitHubStateSchema,
  redirectWithError,
  type AuthRoutesDeps,
} from './oauth-common.js';
import { donePage, errorPage, sendPage } from './pages.js';
import { GH_STATE_COOKIE } from './to-github.js';

/** Which flow a GitHub login belongs to. */
export type FlowState = z.infer<typeof GitHubStateSchema>;

/** The flow GitHub's `state` belongs to, if this browser started it (single use). */
export async function takeState(deps: AuthRoutesDeps, c: Context): Promise<FlowState> {
  const ghState = c.req.query('state') ?? '';
  if (!ghState) throw new ValidationError('GitHub sent no state.', 'invalid_request');
  const raw = ghState.length <= 200 ? await deps.store.takeRecord(`GHSTATE#${ghState}`) : null;
  const cookie = getCookie(c, GH_STATE_COOKIE);
  if (!raw || !cookie || !safeEqual(cookie, ghState)) {
    throw new ValidationError(
      'Unknown, expired or already used login state, or it belongs to another browser. Start the login again.',
      'invalid_state',
    );
  }
  return GitHubStateSchema.parse(JSON.parse(raw));
}

/** The MCP authorization request a flow continues, or null when it expired. */
async function takeRequest(deps: AuthRoutesDeps, requestId: string) {
  const raw = await deps.store.takeRecord(`AUTHREQ#${requestId}`);
  const request = raw ? AuthRequestSchema.safeParse(JSON.parse(raw)) : null;
  return request?.success ? request.data : null;
}

/** Ends a flow that failed at or after GitHub, where it started. */
export async function failed(
  deps: AuthRoutesDeps,
  c: Context,
  state: FlowState,
  error: string,
  message: string,
): Promise<Response> {
  if (state.kind === 'rest') {
    if (error === 'github_oauth_misconfigured') throw new GitHubMisconfiguredError(message);
    throw new ValidationError(message, error);
  }
  if (state.kind === 'upgrade')
    return sendPage(c, errorPage('GitHub permission not added', message), 400);
  const request = await takeRequest(deps, state.request_id);
  if (!request) return sendPage(c, errorPage('Login expired', message), 400);
  const code = error === 'access_denied' ? error : 'server_error';
  return redirectWithError(
    request.redirect_uri,
    request.state,
    code,
    message,
    deps.config.publicUrl,
  );
}

function upgraded(c: Context, user: User): Response {
  const has = user.scopes.includes('workflow');
  const title = has ? 'Done: workflow permission added' : 'Workflow permission missing';
  const message = has
    ? `GitHub user ${user.github_username} can now let myfav-coworker add workflow files. You can go back to your chat client and ask again.`
    : `GitHub did not grant the workflow scope to ${user.github_username}; setup_repo cannot open its pull request.`;
  return sendPage(c, donePage(title, message), has ? 200 : 400);
}

/** Ends a flow whose GitHub login succeeded as `user`. */
export async function succeeded(
  deps: AuthRoutesDeps,
  c: Context,
  state: FlowState,
  user: User,
): Promise<Response> {
  if (state.kind === 'upgrade') return upgraded(c, user);
  if (state.kind === 'rest') {
    const session = await deps.sessions.issue(user.github_id);
    c.header('Cache-Control', 'no-store');
    return c.json({
      token: session.token,
      token_type: 'Bearer',
      expires_in: session.expiresIn,
      user: { user_id: user.user_id, github_username: user.github_username },
    });
  }
  const request = await takeRequest(deps, state.request_id);
  if (!request) {
    const why = 'This login request expired. Start again from your app.';
    return sendPage(c, errorPage('Login expired', why), 400);
  }
  const ourCode = randomToken('mfc_code_');
  const { csrf: _csrf, state: clientState, ...grant } = request;
  const record = JSON.stringify({ ...grant, github_id: user.github_id });
  await deps.store.setRecord(`CODE#${hashToken(ourCode)}`, record, CODE_TTL);
  const target = new URL(request.redirect_uri);
  target.searchParams.set('code', ourCode);
  if (clientState !== null) target.searchParams.set('state', clientState);
  target.searchParams.set('iss', deps.config.publicUrl);
  return c.redirect(target.toString(), 302);
}
