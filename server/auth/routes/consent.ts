/**
 * `POST /oauth/consent`: the consent page's form. Allow goes on to GitHub, Deny back to the
 * client with `access_denied`; both answer a 302 the page's CSP `form-action` permits.
 */
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../context.js';
import { AppError, BodyReadError } from '../../errors.js';
import { rememberConsent } from '../consent-cookie.js';
import { safeEqual } from '../crypto.js';
import {
  AuthRequestSchema,
  readForm,
  redirectWithError,
  type AuthRoutesDeps,
} from '../oauth-common.js';
import { errorPage, sendPage } from '../pages.js';
import { toGitHub } from '../to-github.js';

/** `POST /oauth/consent`. */
export function consentRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const { config, store } = deps;
  const app = new Hono<AppEnv>();
  const refuse = (c: Context, status: 400 | 403, title: string, message: string) =>
    sendPage(c, errorPage(title, message), status);

  app.post('/oauth/consent', async (c) => {
    let form: URLSearchParams;
    try {
      form = await readForm(c);
    } catch (error) {
      if (!(error instanceof AppError) || error instanceof BodyReadError) throw error;
      // A script posting JSON gets JSON back; a person's browser gets our page.
      if ((c.req.header('content-type') ?? '').includes('json'))
        return c.json({ error: error.code, message: error.message }, 400);
      return refuse(c, 400, 'Bad request', error.message);
    }
    const requestId = form.get('request_id') ?? '';
    const raw = /^[A-Za-z0-9_-]{10,64}$/.test(requestId)
      ? await store.getRecord(`AUTHREQ#${requestId}`)
      : null;
    const request = raw ? AuthRequestSchema.safeParse(JSON.parse(raw)) : null;
    if (!request?.success)
      return refuse(
        c,
        400,
        'Login expired',
        'This login request is unknown or expired. Start again from your app.',
      );
    const csrfForm = form.get('csrf') ?? '';
    const csrfCookie = getCookie(c, 'mfc_csrf') ?? '';
    if (!safeEqual(csrfForm, request.data.csrf) || !safeEqual(csrfCookie, request.data.csrf)) {
      return refuse(
        c,
        403,
        'Request refused',
        'The consent form did not come from this browser session.',
      );
    }
    if (form.get('decision') !== 'approve') {
      await store.deleteRecord(`AUTHREQ#${requestId}`);
      const { redirect_uri, state } = request.data;
      const why = 'The user denied access.';
      return redirectWithError(redirect_uri, state, 'access_denied', why, config.publicUrl);
    }
    await rememberConsent(c, config, request.data.client_id);
    return toGitHub(deps, c, { kind: 'mcp', request_id: requestId });
  });
  return app;
}
