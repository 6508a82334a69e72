/**
 * The server's own OAuth 2.1 authorization server for MCP clients, with GitHub as the upstream
 * login, and the seed's REST login (`/v1/auth/github`), one small Hono sub-app per concern:
 *
 * - `routes/metadata.ts`: RFC 9728 protected resource metadata, RFC 8414 server metadata;
 * - `routes/register.ts`: RFC 7591 dynamic client registration (client ID metadata documents,
 *   the other way to name a client, are read by `client-metadata.ts`);
 * - `routes/authorize.ts`: `/oauth/authorize` → consent page per client → GitHub;
 * - `routes/consent.ts`: the consent form (cookie-bound CSRF): Allow → GitHub, Deny → client;
 * - `routes/github-callback.ts`: the one GitHub callback → our single-use code (or a session);
 * - `routes/github-upgrade.ts`: the second GitHub authorization adding the `workflow` scope;
 * - `routes/token.ts`: `/oauth/token` (PKCE S256, `resource` as audience, refresh rotation) and
 *   RFC 7009 revocation.
 *
 * GitHub state is bound to the browser with a cookie, so a login cannot be forced on someone.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import type { AuthRoutesDeps } from './oauth-common.js';
import { authorizeRoutes } from './routes/authorize.js';
import { consentRoutes } from './routes/consent.js';
import { githubCallbackRoutes } from './routes/github-callback.js';
import { githubUpgradeRoutes } from './routes/github-upgrade.js';
import { metadataRoutes } from './routes/metadata.js';
import { registerRoutes } from './routes/register.js';
import { tokenRoutes } from './routes/token.js';

/** Builds the auth routes (mounted at the root of the app). */
export function createAuthRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const routes of [
    metadataRoutes,
    registerRoutes,
    authorizeRoutes,
    consentRoutes,
    githubCallbackRoutes,
    githubUpgradeRoutes,
    tokenRoutes,
  ]) {
    app.route('/', routes(deps));
  }
  return app;
}
