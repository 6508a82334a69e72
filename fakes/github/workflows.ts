/**
 * Actions routes the server uses: workflow dispatch, checked against the workflow file on the
 * default branch as GitHub does (read with GitHub's parser: the trigger, declared and required
 * inputs, the run named by the file's `run-name`; 200 with `return_run_details`, 204 in
 * `state.dispatchMode = '204'`, 422 for that parameter in `'ghes'`), runs (with ETag / 304), runs by event for run-name correlation,
 * run artifacts by name, the artifact zip as a 302 to a short-lived URL served without auth, and
 * the contents API (for checking the workflow file exists). Tests drive a run's end directly
 * with `state.completeRun(runId, { conclusion, artifactZip, artifactName })`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { FakeEnv } from './http.js';
import { ghError, paginate } from './http.js';
import type { FakeApp } from './server.js';
import {
  isZipped,
  type FakeArtifact,
  type FakeGitHubState,
  type FakeRepo,
  type FakeWorkflowRun,
} from './state.js';
import { readWorkflowFile, runNameFor, type WorkflowFile } from './workflow-file.js';

interface DispatchBody {
  ref?: unknown;
  inputs?: Record<string, unknown>;
  return_run_details?: unknown;
}

const DOWNLOAD_TTL_MS = 60_000;

/** Registers the Actions and contents routes. */
export function registerWorkflows(app: FakeApp, state: FakeGitHubState): void {
  const base = (c: Context) => new URL(c.req.url).origin;

  const repoOf = (c: Context<FakeEnv>): FakeRepo | Response => {
    const token = c.get('token');
    if (!token) return ghError(c, 401, 'Bad credentials');
    const repo = state.findRepo(`${c.req.param('owner')}/${c.req.param('repo')}`);
    const visible = repo && (token.repos === '*' || token.repos.includes(repo.fullName));
    if (!repo || !visible) return ghError(c, 404, 'Not Found');
    return repo;
  };

  app.post('/repos/:owner/:repo/actions/workflows/:workflow/dispatches', async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    if (!c.get('token')?.write) return ghError(c, 403, 'Must have admin rights to Repository.');
    const workflow = c.req.param('workflow');
    const path = `.github/workflows/${workflow}`;
    const text = state.fileOf(repo.fullName, path);
    if (text === undefined) return ghError(c, 404, 'Not Found');
    const body = (await c.req.json().catch(() => null)) as DispatchBody | null;
    if (!body || typeof body.ref !== 'string') {
      return ghError(c, 422, 'Invalid request: "ref" was not provided');
    }
    // GitHub Enterprise Server 3.17–3.19 know no `return_run_details` and refuse the key.
    if (state.dispatchMode === 'ghes' && 'return_run_details' in body) {
      return ghError(c, 422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
    }
    const file = await readWorkflowFile(path, text);
    const inputs = file.errors.length > 0 ? stringInputs(body.inputs) : checkInputs(file, body);
    if (typeof inputs === 'string') return ghError(c, 422, inputs);
    const run = newRun(state, repo, workflow, body.ref, inputs, file);
    state.runs.push(run);
    if (file.errors.length > 0) {
      // GitHub creates the run and fails it at once, the parse errors shown on its page.
      run.error = `Invalid workflow file: ${path}\nThe workflow is not valid. ${file.errors.join('\n')}`;
      state.completeRun(run.id, { conclusion: 'failure' });
    } else if (state.onDispatch) {
      await state.onDispatch(run);
    }
    if (state.dispatchMode !== 'run-details' || body.return_run_details !== true) {
      return c.body(null, 204);
    }
    return c.json({
      workflow_run_id: run.id,
      run_url: `${base(c)}/repos/${repo.fullName}/actions/runs/${run.id}`,
      html_url: `${base(c)}/${repo.fullName}/actions/runs/${run.id}`,
    });
  });

  app.get('/repos/:owner/:repo/actions/runs', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const event = c.req.query('event');
    const runs = state.runs
      .filter((r) => r.repo === repo.fullName && (!event || r.event === event))
      .sort((a, b) => b.id - a.id);
    return c.json({
      total_count: runs.length,
      workflow_runs: paginate(c, runs).map((r) => runJson(base(c), r)),
    });
  });

  app.get('/repos/:owner/:repo/actions/runs/:id', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const run = state.findRun(Number(c.req.param('id')));
    if (!run || run.repo !== repo.fullName) return ghError(c, 404, 'Not Found');
    const body = JSON.stringify(runJson(base(c), run));
    const etag = `W/"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8', ETag: etag });
  });

  app.get('/repos/:owner/:repo/actions/runs/:id/artifacts', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const run = state.findRun(Number(c.req.param('id')));
    if (!run || run.repo !== repo.fullName) return ghError(c, 404, 'Not Found');
    const name = c.req.query('name');
    const list = state.artifacts.filter(
      (a) => a.finalized && a.runId === run.id && (!name || a.name === name),
    );
    return c.json({
      total_count: list.length,
      artifacts: list.map((a) => ({
        id: a.id,
        name: a.name,
        size_in_bytes: a.size,
        expired: a.expired,
        created_at: a.createdAt,
        archive_download_url: `${base(c)}/repos/${repo.fullName}/actions/artifacts/${a.id}/zip`,
        workflow_run: { id: run.id },
      })),
    });
  });

  app.get('/repos/:owner/:repo/actions/artifacts/:id/zip', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const artifact = state.artifacts.find((a) => a.id === Number(c.req.param('id')));
    const run = artifact?.runId ? state.findRun(artifact.runId) : undefined;
    if (!artifact || !artifact.zip || run?.repo !== repo.fullName) {
      return ghError(c, 404, 'Not Found');
    }
    if (artifact.expired) return ghError(c, 410, 'Artifact has expired');
    const token = randomBytes(12).toString('hex');
    state.downloads.set(token, {
      artifactId: artifact.id,
      expiresAt: Date.now() + DOWNLOAD_TTL_MS,
    });
    return c.redirect(`${base(c)}/_blob/artifact-download/${token}`, 302);
  });

  // The short-lived download URL: no auth header needed (and none expected).
  app.get('/_blob/artifact-download/:token', (c) => {
    const entry = state.downloads.get(c.req.param('token'));
    if (!entry || entry.expiresAt < Date.now()) {
      return c.body('<Error><Code>AuthenticationFailed</Code></Error>', 403);
    }
    const artifact = state.artifacts.find((a) => a.id === entry.artifactId);
    if (!artifact?.zip) return c.body('<Error><Code>BlobNotFound</Code></Error>', 404);
    return serveArtifact(c, artifact);
  });

  // The artifact's link on the run page (what the PR comment links): a non-zipped artifact is
  // the file itself, which the browser opens; a zipped one downloads as the zip.
  app.get('/:owner/:repo/actions/runs/:run/artifacts/:id', (c) => {
    const artifact = state.artifacts.find((a) => a.id === Number(c.req.param('id')));
    const runId = Number(c.req.param('run'));
    const ofRun =
      artifact && (artifact.runId === runId || artifact.backendRunId === `run-${runId}`);
    if (!artifact?.zip || !artifact.finalized || !ofRun) return c.text('Not Found', 404);
    if (artifact.expired) return c.text('This artifact has expired', 410);
    return serveArtifact(c, artifact);
  });

  // Opening a PR that adds a file (setup_repo): branch ref, file write, pull request.
  app.get('/repos/:owner/:repo/git/ref/*', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    return c.json({
      ref: `refs/heads/${repo.defaultBranch}`,
      object: { type: 'commit', sha: 'd'.repeat(40) },
    });
  });

  app.post('/repos/:owner/:repo/git/refs', async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    if (!c.get('token')?.write) return ghError(c, 403, 'Resource not accessible by integration');
    const body = (await c.req.json().catch(() => ({}))) as { ref?: string; sha?: string };
    if (!body.ref?.startsWith('refs/heads/') || !body.sha)
      return ghError(c, 422, 'Invalid request');
    return c.json({ ref: body.ref, object: { type: 'commit', sha: body.sha } }, 201);
  });

  app.put('/repos/:owner/:repo/contents/*', async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const token = c.get('token');
    if (!token?.write) return ghError(c, 403, 'Resource not accessible by integration');
    const prefix = `/repos/${c.req.param('owner')}/${c.req.param('repo')}/contents/`;
    const path = decodeURIComponent(new URL(c.req.url).pathname.slice(prefix.length));
    // GitHub refuses workflow files from OAuth tokens without the `workflow` scope.
    if (path.startsWith('.github/workflows/') && !token.scopes.includes('workflow')) {
      return ghError(c, 404, 'Not Found');
    }
    const body = (await c.req.json().catch(() => ({}))) as {
      content?: string;
      branch?: string;
      message?: string;
    };
    if (!body.content || !body.message)
      return ghError(c, 422, 'Invalid request: content and message are required');
    const content = Buffer.from(body.content, 'base64').toString('utf8');
    // Files written on a branch are kept under `owner/name@branch` (the default branch is the repo).
    const key =
      body.branch && body.branch !== repo.defaultBranch
        ? `${repo.fullName}@${body.branch}`
        : repo.fullName;
    const files = state.files.get(key.toLowerCase()) ?? new Map<string, string>();
    files.set(path, content);
    state.files.set(key.toLowerCase(), files);
    return c.json(
      { content: { path, sha: createHash('sha1').update(content).digest('hex') } },
      201,
    );
  });

  app.post('/repos/:owner/:repo/pulls', async (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    if (!c.get('token')?.write) return ghError(c, 403, 'Resource not accessible by integration');
    const body = (await c.req.json().catch(() => ({}))) as {
      title?: string;
      head?: string;
      base?: string;
      body?: string;
    };
    if (!body.title || !body.head || !body.base) return ghError(c, 422, 'Validation Failed');
    const number =
      Math.max(0, ...state.pulls.filter((p) => p.repo === repo.fullName).map((p) => p.number)) + 1;
    const pull = state.addPull(repo.fullName, {
      number,
      title: body.title,
      body: body.body ?? null,
      headRef: body.head,
      baseRef: body.base,
      user: c.get('token')?.login ?? 'someone',
    });
    return c.json(
      {
        number: pull.number,
        html_url: `${base(c)}/${repo.fullName}/pull/${pull.number}`,
        title: pull.title,
      },
      201,
    );
  });

  app.get('/repos/:owner/:repo/contents/*', (c) => {
    const repo = repoOf(c);
    if (repo instanceof Response) return repo;
    const prefix = `/repos/${c.req.param('owner')}/${c.req.param('repo')}/contents/`;
    const path = decodeURIComponent(new URL(c.req.url).pathname.slice(prefix.length));
    const content = state.fileOf(repo.fullName, path);
    if (content === undefined) return ghError(c, 404, 'Not Found');
    const sha = createHash('sha1').update(`blob ${content.length}\0${content}`).digest('hex');
    return c.json({
      type: 'file',
      name: path.split('/').pop(),
      path,
      sha,
      size: Buffer.byteLength(content),
      encoding: 'base64',
      content: Buffer.from(content).toString('base64'),
    });
  });
}

function runJson(base: string, run: FakeWorkflowRun): object {
  return {
    id: run.id,
    name: run.name,
    display_title: run.displayTitle,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    head_sha: run.headSha,
    head_branch: run.headBranch,
    path: `.github/workflows/${run.workflow}`,
    created_at: run.createdAt,
    updated_at: run.updatedAt,
    url: `${base}/repos/${run.repo}/actions/runs/${run.id}`,
    html_url: `${base}/${run.repo}/actions/runs/${run.id}`,
  };
}

function stringInputs(raw: Record<string, unknown> | undefined): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) inputs[k] = String(v);
  return inputs;
}

/**
 * The inputs of a dispatch checked against the workflow on the default branch, as GitHub does:
 * the inputs with defaults applied, or GitHub's 422 message.
 */
function checkInputs(file: WorkflowFile, body: DispatchBody): Record<string, string> | string {
  if (file.dispatchInputs === null) return "Workflow does not have 'workflow_dispatch' trigger";
  const sent = stringInputs(body.inputs);
  if (Object.keys(sent).length > 25)
    return 'you may only define up to 25 `inputs` for a `workflow_dispatch` event';
  const declared = file.dispatchInputs;
  const unexpected = Object.keys(sent).filter((k) => !(k in declared));
  if (unexpected.length > 0) return `Unexpected inputs provided: ${JSON.stringify(unexpected)}`;
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(declared)) {
    const value = sent[name] ?? (input.default !== undefined ? String(input.default) : undefined);
    if (value === undefined || value === '') {
      if (input.required) return `Required input '${name}' not provided`;
      continue;
    }
    if (input.type === 'choice' && !(input.options ?? []).includes(value)) {
      return `Provided value '${value}' for input '${name}' not in the list of allowed values`;
    }
    if (input.type === 'boolean' && value !== 'true' && value !== 'false') {
      return `Provided value '${value}' for input '${name}' is not a boolean`;
    }
    inputs[name] = value;
  }
  return inputs;
}

function newRun(
  state: FakeGitHubState,
  repo: FakeRepo,
  workflow: string,
  ref: string,
  inputs: Record<string, string>,
  file: WorkflowFile,
): FakeWorkflowRun {
  const now = new Date().toISOString();
  const headBranch = ref.replace(/^refs\/heads\//, '');
  const contexts = {
    inputs,
    github: {
      event_name: 'workflow_dispatch',
      event: { inputs, ref: `refs/heads/${headBranch}` },
      ref: `refs/heads/${headBranch}`,
      repository: repo.fullName,
    },
  };
  // The run name is the workflow's `run-name` evaluated by GitHub's expression engine.
  const name = file.errors.length > 0 ? file.path : runNameFor(file, contexts);
  return {
    id: state.nextId(),
    repo: repo.fullName,
    workflow,
    name,
    displayTitle: name,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    headSha: 'c'.repeat(40),
    headBranch,
    inputs,
    createdAt: now,
    updatedAt: now,
    backendRunId: randomBytes(8).toString('hex'),
    backendJobId: randomBytes(8).toString('hex'),
    error: null,
  };
}

/**
 * The content of an artifact as GitHub's storage serves it: a zip as an attachment, a
 * non-zipped artifact as the file itself with its own media type, shown inline.
 */
function serveArtifact(c: Context, artifact: FakeArtifact): Response {
  const zipped = isZipped(artifact);
  const name = zipped ? `${artifact.name}.zip` : artifact.name;
  return c.body(artifact.zip!.slice().buffer as ArrayBuffer, 200, {
    'Content-Type': zipped ? 'application/zip' : artifact.mimeType,
    'Content-Disposition': `${zipped ? 'attachment' : 'inline'}; filename="${name.replace(/"/g, '')}"`,
  });
}
