/**
 * In-memory state of the local fake GitHub. Plain data on purpose: tests seed it directly and read
 * it back to assert what a user would see on github.com (one comment, an artifact holding
 * `report.json`, a run that was dispatched). To extend it (OAuth apps, codes, workflow files),
 * add fields here and keep every collection a plain array or Map so assertions stay simple.
 */
import { unzipSync, strFromU8 } from 'fflate';

/** A GitHub account. */
export interface FakeUser {
  id: number;
  login: string;
  name?: string;
}

/**
 * What a token may do. `repos: '*'` reaches every repo; otherwise the listed `owner/name`s.
 * `write: false` is the read-only GITHUB_TOKEN a fork's `pull_request` run gets.
 */
export interface FakeToken {
  login: string;
  scopes: string[];
  repos: '*' | string[];
  write: boolean;
}

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  /** `owner/name`. */
  fullName: string;
  private: boolean;
  defaultBranch: string;
}

export interface FakePullFile {
  filename: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  additions: number;
  deletions: number;
  patch?: string;
}

export interface FakePull {
  /** Base repo, `owner/name`. */
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  user: string;
  headSha: string;
  headRef: string;
  /** Head repo, `owner/name`; differs from `repo` for a fork PR. */
  headRepo: string;
  baseRef: string;
  baseSha: string;
  /** The unified diff served for `Accept: application/vnd.github.diff`. */
  diff: string;
  files: FakePullFile[];
}

export interface FakeComment {
  id: number;
  /** `owner/name`. */
  repo: string;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface FakeWorkflowRun {
  id: number;
  repo: string;
  /** Workflow file name, e.g. `myfav-coworker.yml`. */
  workflow: string;
  name: string;
  displayTitle: string;
  event: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  headSha: string;
  headBranch: string;
  inputs: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** The artifact service's ids for this run and its job (the runtime token's `scp` claim). */
  backendRunId: string;
  backendJobId: string;
  /** Why GitHub failed the run before any job started (an invalid workflow file), else null. */
  error: string | null;
}

export interface FakeArtifact {
  id: number;
  name: string;
  /** Twirp backend ids the uploader sent (from the runtime token). */
  backendRunId: string;
  backendJobId: string;
  /** The REST run id when `backendRunId` matches a known run, else null. */
  runId: number | null;
  size: number;
  /** `sha256:<hex>` as the uploader reported it. */
  digest: string | null;
  /**
   * The uploaded content (null until blocks are committed): the zip, or, for a non-zipped
   * artifact (`skipArchive`), the file itself.
   */
  zip: Uint8Array | null;
  /**
   * The media type the uploader declared: `application/zip` for a zipped artifact, the file's
   * own (`text/html`) for a non-zipped one, which GitHub names after the file and serves as is.
   */
  mimeType: string;
  finalized: boolean;
  createdAt: string;
  expired: boolean;
}

/** An OAuth app of GitHub's web flow. */
export interface FakeOAuthApp {
  clientId: string;
  clientSecret: string;
}

/** An authorization code of GitHub's web flow; `used` makes a replay fail like GitHub's. */
export interface FakeOAuthCode {
  clientId: string;
  login: string;
  scopes: string[];
  redirectUri: string | null;
  used: boolean;
  expiresAt: number;
}

/** An upload in progress: Azure block blob semantics (stage blocks, then commit a list). */
export interface FakeBlob {
  artifactId: number;
  blocks: Map<string, Uint8Array>;
  committed: Uint8Array | null;
}

/**
 * Make matching requests fail: the next `times` requests whose method and path (no query)
 * match answer `status` (with `body`, or a GitHub-like error message).
 */
export interface Fault {
  method: string;
  path: RegExp;
  status: number;
  times: number;
  body?: unknown;
  /** Response headers, e.g. `retry-after` for a secondary rate limit. */
  headers?: Record<string, string>;
}

/** Every request the fake answered, for assertions such as "retried after a 502". */
export interface RequestRecord {
  method: string;
  path: string;
  query: string;
  status: number;
  /** Login of the token holder, when a known token was sent. */
  login: string | null;
}

/** One REST exchange with a documented operation, for the OpenAPI contract test. */
export interface ApiExchange {
  /** `METHOD /path/{template}` of the operation in GitHub's description. */
  operation: string;
  method: string;
  path: string;
  query: string;
  /** The request carried If-None-Match (a 304 is then GitHub's documented answer). */
  conditional: boolean;
  /** The Accept header: a diff or raw media type answers in that format, not JSON. */
  accept: string;
  requestBody: unknown;
  status: number;
  /** The JSON served (after the example overlay), undefined for other bodies. */
  responseBody: unknown;
}

/** All the state of one fake GitHub instance. */
export class FakeGitHubState {
  users: FakeUser[] = [];
  tokens = new Map<string, FakeToken>();
  repos: FakeRepo[] = [];
  pulls: FakePull[] = [];
  comments: FakeComment[] = [];
  runs: FakeWorkflowRun[] = [];
  artifacts: FakeArtifact[] = [];
  blobs = new Map<string, FakeBlob>();
  // --- OAuth and workflow runs (oauth.ts, workflows.ts) ---
  /** Registered OAuth apps by client id. */
  oauthApps = new Map<string, FakeOAuthApp>();
  /** Authorization codes issued by the authorize page, by code. */
  oauthCodes = new Map<string, FakeOAuthCode>();
  /** When set, the authorize page approves this login at once (no login form). */
  oauthAutoLogin: string | null = null;
  /** Files in repos (`owner/name` → path → content), served by the contents API. */
  files = new Map<string, Map<string, string>>();
  /**
   * Workflow dispatch answers 200 with run details (github.com), 204 (older servers, which
   * ignore `return_run_details`), or `ghes`: GHES 3.17–3.19, 422 when `return_run_details` is sent.
   */
  dispatchMode: 'run-details' | '204' | 'ghes' = 'run-details';
  /** Called after a dispatch created a run (the fake runner runs the real action here). */
  onDispatch: ((run: FakeWorkflowRun) => void | Promise<void>) | null = null;
  /** Short-lived artifact download URLs (the target of the 302), by token. */
  downloads = new Map<string, { artifactId: number; expiresAt: number }>();
  faults: Fault[] = [];
  requests: RequestRecord[] = [];
  /** REST exchanges with documented operations (see `openapi.ts`). */
  exchanges: ApiExchange[] = [];
  /**
   * Complete answers from GitHub's examples and record exchanges (on by default). A test that
   * measures the server's own memory or latency turns it off: GitHub's description is 13 MB of
   * JSON, well over 100 MB once in the heap, which the server under test would share.
   */
  openApi = true;
  private lastId = 1000;

  /** A fresh id, unique across every kind of object (like GitHub's global ids, roughly). */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  addUser(login: string, name?: string): FakeUser {
    const existing = this.users.find((u) => u.login === login);
    if (existing) return existing;
    const user: FakeUser = { id: this.nextId(), login, ...(name ? { name } : {}) };
    this.users.push(user);
    return user;
  }

  /** Registers a token for `login` (created if needed). Defaults: every repo, write access. */
  addToken(token: string, login: string, options: Partial<Omit<FakeToken, 'login'>> = {}): void {
    this.addUser(login);
    this.tokens.set(token, {
      login,
      scopes: options.scopes ?? ['repo'],
      repos: options.repos ?? '*',
      write: options.write ?? true,
    });
  }

  addRepo(fullName: string, options: Partial<Omit<FakeRepo, 'fullName'>> = {}): FakeRepo {
    const existing = this.findRepo(fullName);
    if (existing) return existing;
    const [owner = '', name = ''] = fullName.split('/');
    this.addUser(owner);
    const repo: FakeRepo = {
      id: options.id ?? this.nextId(),
      owner,
      name,
      fullName,
      private: options.private ?? false,
      defaultBranch: options.defaultBranch ?? 'main',
    };
    this.repos.push(repo);
    return repo;
  }

  findRepo(fullName: string): FakeRepo | undefined {
    return this.repos.find((r) => r.fullName.toLowerCase() === fullName.toLowerCase());
  }

  /** Adds a PR; its repo (and a fork head repo) is created when missing. */
  addPull(
    repo: string,
    pull: Partial<Omit<FakePull, 'repo'>> & { number: number; title: string },
  ): FakePull {
    this.addRepo(repo);
    const headRepo = pull.headRepo ?? repo;
    this.addRepo(headRepo);
    const full: FakePull = {
      repo,
      number: pull.number,
      title: pull.title,
      body: pull.body ?? null,
      state: pull.state ?? 'open',
      user: pull.user ?? headRepo.split('/')[0] ?? 'octocat',
      headSha: pull.headSha ?? 'a'.repeat(40),
      headRef: pull.headRef ?? 'feature',
      headRepo,
      baseRef: pull.baseRef ?? 'main',
      baseSha: pull.baseSha ?? 'b'.repeat(40),
      diff: pull.diff ?? '',
      files: pull.files ?? [],
    };
    this.pulls = this.pulls.filter((p) => !(p.repo === repo && p.number === full.number));
    this.pulls.push(full);
    return full;
  }

  findPull(repo: string, number: number): FakePull | undefined {
    return this.pulls.find(
      (p) => p.repo.toLowerCase() === repo.toLowerCase() && p.number === number,
    );
  }

  /** Adds an issue/PR comment directly (e.g. 150 comments by other people). */
  addComment(repo: string, issueNumber: number, body: string, user = 'someone'): FakeComment {
    const now = new Date().toISOString();
    const comment: FakeComment = {
      id: this.nextId(),
      repo,
      issueNumber,
      body,
      user,
      createdAt: now,
      updatedAt: now,
    };
    this.comments.push(comment);
    return comment;
  }

  /** Comments on one issue or PR, oldest first. */
  commentsOn(repo: string, issueNumber: number): FakeComment[] {
    return this.comments.filter(
      (c) => c.repo.toLowerCase() === repo.toLowerCase() && c.issueNumber === issueNumber,
    );
  }

  /** Finalized artifacts (optionally only those with this name). */
  finalizedArtifacts(name?: string): FakeArtifact[] {
    return this.artifacts.filter((a) => a.finalized && (name === undefined || a.name === name));
  }

  /** The files inside an uploaded artifact's zip (a non-zipped one: its one file), by path. */
  artifactFiles(artifact: FakeArtifact): Map<string, Uint8Array> {
    if (!artifact.zip) throw new Error(`artifact ${artifact.name} has no content yet`);
    if (!isZipped(artifact)) return new Map([[artifact.name, artifact.zip]]);
    return new Map(Object.entries(unzipSync(artifact.zip)));
  }

  /** One text file of an uploaded artifact, or undefined when it is not in the zip. */
  artifactText(artifact: FakeArtifact, path: string): string | undefined {
    const file = this.artifactFiles(artifact).get(path);
    return file ? strFromU8(file) : undefined;
  }

  /** Consumes one matching fault, if any. */
  takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.times > 0 && f.method.toUpperCase() === method.toUpperCase() && f.path.test(path),
    );
    if (fault) fault.times -= 1;
    return fault;
  }

  /** Registers an OAuth app (GitHub's web flow) the server logs users in with. */
  addOAuthApp(clientId: string, clientSecret: string): FakeOAuthApp {
    const app: FakeOAuthApp = { clientId, clientSecret };
    this.oauthApps.set(clientId, app);
    return app;
  }

  /** Puts a file in a repo (e.g. `.github/workflows/myfav-coworker.yml`). */
  addFile(repo: string, path: string, content: string): void {
    this.addRepo(repo);
    const files = this.files.get(repo.toLowerCase()) ?? new Map<string, string>();
    files.set(path, content);
    this.files.set(repo.toLowerCase(), files);
  }

  /** A file of a repo, or undefined. */
  fileOf(repo: string, path: string): string | undefined {
    return this.files.get(repo.toLowerCase())?.get(path);
  }

  /** A run by id. */
  findRun(id: number): FakeWorkflowRun | undefined {
    return this.runs.find((r) => r.id === id);
  }

  /** Moves a run to `in_progress`, as a runner picking it up does. */
  startRun(runId: number): FakeWorkflowRun {
    const run = this.findRun(runId);
    if (!run) throw new Error(`no run ${runId}`);
    run.status = 'in_progress';
    run.updatedAt = new Date(Date.now() + 1).toISOString();
    return run;
  }

  /**
   * Ends a run with `conclusion`, optionally with an artifact holding `artifactZip` (named
   * `artifactName`), as the action's upload would leave it.
   */
  completeRun(
    runId: number,
    outcome: {
      conclusion: 'success' | 'failure' | 'cancelled';
      artifactZip?: Uint8Array;
      artifactName?: string;
      /** A non-zipped artifact beside it, as the action uploads the report page. */
      page?: { name: string; content: Uint8Array; mimeType: string };
    },
  ): FakeWorkflowRun {
    const run = this.findRun(runId);
    if (!run) throw new Error(`no run ${runId}`);
    if (outcome.artifactZip) {
      if (!outcome.artifactName) throw new Error('completeRun: artifactName is required');
      this.artifacts.push({
        id: this.nextId(),
        name: outcome.artifactName,
        backendRunId: run.backendRunId,
        backendJobId: run.backendJobId,
        runId: run.id,
        size: outcome.artifactZip.length,
        digest: null,
        zip: outcome.artifactZip,
        mimeType: 'application/zip',
        finalized: true,
        createdAt: new Date().toISOString(),
        expired: false,
      });
    }
    if (outcome.page) {
      this.artifacts.push({
        id: this.nextId(),
        name: outcome.page.name,
        backendRunId: run.backendRunId,
        backendJobId: run.backendJobId,
        runId: run.id,
        size: outcome.page.content.length,
        digest: null,
        zip: outcome.page.content,
        mimeType: outcome.page.mimeType,
        finalized: true,
        createdAt: new Date().toISOString(),
        expired: false,
      });
    }
    run.status = 'completed';
    run.conclusion = outcome.conclusion;
    run.updatedAt = new Date(Date.now() + 2).toISOString();
    return run;
  }

  /** Requests answered so far that match. */
  requestsTo(method: string, path: RegExp): RequestRecord[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && path.test(r.path));
  }
}

/** True for an artifact GitHub keeps as a zip; false for a non-zipped one (`skipArchive`). */
export function isZipped(artifact: Pick<FakeArtifact, 'mimeType'>): boolean {
  return artifact.mimeType === 'application/zip';
}
