/**
 * `GET /auth/github/upgrade?scope=workflow`: the second GitHub authorization that adds the
 * `workflow` scope, which GitHub requires to commit a workflow file (`setup_repo` opening a
 * PR sends people here). The normal login asks for `repo` only. The callback stores the new
 * token for whoever GitHub says logged in, and shows a page saying it is done.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../context.js';
import { GITHUB_WORKFLOW_SCOPES } from '../github-login.js';
import type { AuthRoutesDeps } from '../oauth-common.js';
import { errorPage, sendPage } from '../pages.js';
import { toGitHub } from '../to-github.js';

/** `GET /auth/github/upgrade`. */
export function githubUpgradeRoutes(deps: AuthRoutesDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/auth/github/upgrade', async (c) => {
    const scope = c.req.query('scope');
    if (scope !== 'workflow') {
      const why = `Only scope=workflow can be added (asked: ${scope ?? 'nothing'}).`;
      return sendPage(c, errorPage('Unknown permission', why), 400);
    }
    return toGitHub(deps, c, { kind: 'upgrade' }, GITHUB_WORKFLOW_SCOPES);
  });
  return app;
}
