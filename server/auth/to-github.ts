/** Sends a browser to GitHub's authorize page with a fresh state bound to it by a cookie. */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { z } from 'zod';
import type { GitHubStateSchema } from './oauth-common.js';
import { AUTH_REQUEST_TTL, type AuthRoutesDeps } from './oauth-common.js';

/** The cookie that binds GitHub's `state` to the browser that started the login. */
export const GH_STATE_COOKIE = 'mfc_gh_state';

/** A 302 to GitHub for `state`; the callback only accepts it back from this same browser. */
export async function toGitHub(
  deps: AuthRoutesDeps,
  c: Context,
  state: z.infer<typeof GitHubStateSchema>,
  scopes?: string,
): Promise<Response> {
  const ghState = randomBytes(24).toString('base64url');
  await deps.store.setRecord(`GHSTATE#${ghState}`, JSON.stringify(state), AUTH_REQUEST_TTL);
  setCookie(c, GH_STATE_COOKIE, ghState, {
    httpOnly: true,
    secure: deps.config.publicUrl.startsWith('https://'),
    sameSite: 'Lax',
    path: '/v1/auth/github',
    maxAge: AUTH_REQUEST_TTL,
  });
  return c.redirect(deps.login.authorizeUrl(ghState, scopes), 302);
}
