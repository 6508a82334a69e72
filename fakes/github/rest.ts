/**
 * REST subset of the fake: repos, pull requests (JSON and diff), PR files, issue comments.
 * Access rules mirror GitHub's: no token → 401, a repo the token cannot see → 404, a write with a
 * read-only token (a fork PR's GITHUB_TOKEN) → 403 "Resource not accessible by integration".
 */
import type { Context } from 'hono';
import type { FakeEnv } from './http.js';
import { ghError, paginate } from './http.js';
import type { FakeApp } from './server.js';
import type { FakeComment, FakeGitHubState, FakePull, FakeRepo } from './state.js';

/** GitHub's limits on a PR diff it renders (past them: 406). */
const MAX_DIFF_FILES = 300;
const MAX_DIFF_LINES = 20_000;

/** GitHub's limit on a comment body, in characters. */
export const MAX_COMMENT_CHARS = 65_536;

/** Registers the REST routes. */
export function registerRest(app: FakeApp, state: FakeGitHubState): void {
  const base = (c: Context) => new URL(c.req.url).origin;

  /** Resolves the repo of the route if the token may see it; else a Response to return. */
  const repoOf = (c: Context<FakeEnv>, write = false): FakeRepo | Response => {
    const token = c.get('token');
    if (!token) return ghError(c, 401, 'Bad credentials');
    const repo = state.findRepo(`${c.req.param('owner')}/${c.req.param('repo')}`);
    const visible = repo && (token.repos === '*' || token.repos.includes(repo.fullName));
    if (!repo || !visible) return ghError(c, 404, 'Not Found');
    if (write && !token.write) return ghError(c, 403, 'Resource not accessible by integration');
    return repo;
  };

  app.get('/user', (c) => {
    const token = c.get('token');
    if (!token) return ghError(c, 401, 'Bad credentials');
    const user = state.users.find((u) => u.login === token.login);
    c.header('X-OAuth-Scopes', token.scopes.join(', '));
    return c.json({
      login: token.login,
      id: user?.id ?? 0,
      name: user?.name ?? null,
      type: 'User',
    });
  });

  app.get('/repos/:owner/:repo', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const token = c.get('token');
    return c.json({
      ...repoJson(base(c), repo),
      permissions: { admin: false, push: token?.write ?? false, pull: true },
    });
  });

  app.get('/repos/:owner/:repo/pulls/:number', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const pull = state.findPull(repo.fullName, Number(c.req.param('number')));
    if (!pull) return ghError(c, 404, 'Not Found');
    const accept = c.req.header('accept') ?? '';
    if (/diff/.test(accept)) {
      // GitHub will not render a diff past 300 files or 20,000 lines: 406, "too_large".
      const lines = pull.diff.split('\n').length;
      if (pull.files.length > MAX_DIFF_FILES || lines > MAX_DIFF_LINES) {
        const what =
          pull.files.length > MAX_DIFF_FILES
            ? `files (${MAX_DIFF_FILES})`
            : `lines (${MAX_DIFF_LINES})`;
        return c.json(
          {
            message: `Sorry, the diff exceeded the maximum number of ${what}. Consider using 'List pull requests files' API or locally cloning the repository instead.`,
            errors: [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }],
            documentation_url: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files',
            status: '406',
          },
          406,
        );
      }
      return c.body(pull.diff, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    }
    return c.json(pullJson(base(c), state, pull));
  });

  app.get('/repos/:owner/:repo/pulls/:number/files', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const pull = state.findPull(repo.fullName, Number(c.req.param('number')));
    if (!pull) return ghError(c, 404, 'Not Found');
    const files = pull.files.map((f) => ({
      sha: '0'.repeat(40),
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.additions + f.deletions,
      ...(f.patch !== undefined ? { patch: f.patch } : {}),
    }));
    return c.json(paginate(c, files));
  });

  app.get('/repos/:owner/:repo/issues/:number/comments', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const comments = state.commentsOn(repo.fullName, Number(c.req.param('number')));
    return c.json(paginate(c, comments).map((x) => commentJson(base(c), state, x)));
  });

  app.post('/repos/:owner/:repo/issues/:number/comments', async (c) => {
    const repo = repoOf(c, true);
    if (repo instanceof Response) return repo;
    const number = Number(c.req.param('number'));
    if (!state.findPull(repo.fullName, number)) return ghError(c, 404, 'Not Found');
    const body = await bodyText(c);
    if (body instanceof Response) return body;
    const comment = state.addComment(repo.fullName, number, body, c.get('token')?.login ?? '');
    return c.json(commentJson(base(c), state, comment), 201);
  });

  app.get('/repos/:owner/:repo/issues/comments/:id', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const comment = findComment(state, repo, Number(c.req.param('id')));
    if (!comment) return ghError(c, 404, 'Not Found');
    return c.json(commentJson(base(c), state, comment));
  });

  app.patch('/repos/:owner/:repo/issues/comments/:id', async (c) => {
    const repo = repoOf(c, true);
    if (repo instanceof Response) return repo;
    const comment = findComment(state, repo, Number(c.req.param('id')));
    if (!comment) return ghError(c, 404, 'Not Found');
    const body = await bodyText(c);
    if (body instanceof Response) return body;
    comment.body = body;
    comment.updatedAt = new Date().toISOString();
    return c.json(commentJson(base(c), state, comment));
  });

  app.delete('/repos/:owner/:repo/issues/comments/:id', (c) => {
    const repo = repoOf(c, true);
    if (repo instanceof Response) return repo;
    const comment = findComment(state, repo, Number(c.req.param('id')));
    if (!comment) return ghError(c, 404, 'Not Found');
    state.comments = state.comments.filter((x) => x !== comment);
    return c.body(null, 204);
  });
}

function findComment(state: FakeGitHubState, repo: FakeRepo, id: number): FakeComment | undefined {
  return state.comments.find((x) => x.id === id && x.repo === repo.fullName);
}

/** The `body` of a JSON request, validated like GitHub (required, ≤ 65,536 characters). */
async function bodyText(c: Context): Promise<string | Response> {
  const json = (await c.req.json().catch(() => null)) as { body?: unknown } | null;
  if (!json || typeof json.body !== 'string' || json.body.length === 0) {
    return ghError(c, 422, 'Validation Failed: body is missing');
  }
  if (json.body.length > MAX_COMMENT_CHARS) {
    return ghError(c, 422, 'Validation Failed: body is too long (maximum is 65536 characters)');
  }
  return json.body;
}

function userJson(state: FakeGitHubState, login: string): object {
  const user = state.users.find((u) => u.login === login);
  return { login, id: user?.id ?? 0, type: 'User' };
}

function repoJson(base: string, repo: FakeRepo): object {
  return {
    id: repo.id,
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: { login: repo.owner },
    default_branch: repo.defaultBranch,
    html_url: `${base}/${repo.fullName}`,
    language: null,
    fork: false,
  };
}

function pullJson(base: string, state: FakeGitHubState, pull: FakePull): object {
  const baseRepo = state.findRepo(pull.repo);
  const headRepo = state.findRepo(pull.headRepo);
  return {
    number: pull.number,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    user: userJson(state, pull.user),
    html_url: `${base}/${pull.repo}/pull/${pull.number}`,
    url: `${base}/repos/${pull.repo}/pulls/${pull.number}`,
    head: {
      ref: pull.headRef,
      sha: pull.headSha,
      label: `${pull.headRepo.split('/')[0]}:${pull.headRef}`,
      repo: headRepo ? { ...repoJson(base, headRepo), fork: pull.headRepo !== pull.repo } : null,
    },
    base: {
      ref: pull.baseRef,
      sha: pull.baseSha,
      label: `${pull.repo.split('/')[0]}:${pull.baseRef}`,
      repo: baseRepo ? repoJson(base, baseRepo) : null,
    },
    changed_files: pull.files.length,
    additions: pull.files.reduce((n, f) => n + f.additions, 0),
    deletions: pull.files.reduce((n, f) => n + f.deletions, 0),
  };
}

function commentJson(base: string, state: FakeGitHubState, comment: FakeComment): object {
  return {
    id: comment.id,
    body: comment.body,
    user: userJson(state, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    html_url: `${base}/${comment.repo}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${base}/repos/${comment.repo}/issues/${comment.issueNumber}`,
  };
}
