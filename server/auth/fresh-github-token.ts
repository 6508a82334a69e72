/**
 * Middleware after authentication: swaps in a renewed GitHub token when the user's expires
 * soon (GitHub App user tokens), and when GitHub refused to renew it, answers 401 telling the
 * person to log in again; on `/mcp` in the form MCP clients act on (a new OAuth login).
 */
import type { MiddlewareHandler } from 'hono';
import type { Config } from '../config.js';
import type { AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';
import { ensureFreshGitHubToken, mayNeedRenewal } from './github-token-refresh.js';
import { resourceMetadataUrl } from './oauth-common.js';

/** Renews the GitHub token of `c.get('user')` when needed. */
export function freshGitHubToken(
  deps: { config: Config; store: Store; clock: () => number },
  kind: 'mcp' | 'rest',
): MiddlewareHandler<AppEnv> {
  const renew: MiddlewareHandler<AppEnv> = async (c, next) => {
    try {
      c.set('user', await ensureFreshGitHubToken(deps, c.get('user')));
    } catch (error) {
      if (kind === 'rest' || !(error instanceof AppError) || error.status !== 401) throw error;
      const description = error.message.replace(/"/g, "'");
      return c.json({ error: error.code, message: error.message }, 401, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}", resource_metadata="${resourceMetadataUrl(deps.config)}"`,
      });
    }
    await next();
  };
  // Most calls come with a token far from expiry: they pass on without a promise of their own.
  return (c, next) => (mayNeedRenewal(c.get('user'), deps.clock) ? renew(c, next) : next());
}
