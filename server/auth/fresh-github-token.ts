/**
 * Middleware after authentication: swaps in a renewed GitHub token when the user's expires
 * soon (GitHub App user tokens), and when GitHub refused to renew it, answers 401 telling the
 * person to log in again; on `/mcp` in the form MCP clients act on (a new OAuth login).
 */
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.js';
import type { AppEnv } from '../context.js';
import { AppError, refusal } from '../errors.js';
import type { Store } from '../store/store.js';
import { ensureFreshGitHubToken, mayNeedRenewal } from './github-token-refresh.js';
import { resourceMetadataUrl } from './oauth-common.js';

/** Renews the GitHub token of `c.get('user')` when needed. */
export function freshGitHubToken(
  deps: { config: Config; store: Store; clock: () => number },
  kind: 'mcp' | 'rest',
) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (mayNeedRenewal(c.get('user'), deps.clock)) {
      try {
        c.set('user', await ensureFreshGitHubToken(deps, c.get('user')));
      } catch (error) {
        if (kind === 'rest' || !(error instanceof AppError) || error.status !== 401) throw error;
        const description = error.message.replace(/"/g, "'");
        throw refusal(401, error.code, error.message, {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}", resource_metadata="${resourceMetadataUrl(deps.config)}"`,
        });
      }
    }
    await next();
  });
}
