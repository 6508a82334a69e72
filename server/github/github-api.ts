/**
 * The GitHub port: the few calls the server makes with a user's token. One adapter
 * (`octokit-client.ts`); tests run it against the local fake GitHub over HTTP.
 */

/** A GitHub call failed; `status` is GitHub's HTTP status (0 for a network error or timeout). */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitHubError';
  }
}

/** An artifact download went past the size the server reads. */
export class ArtifactTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The artifact is larger than ${maxBytes} bytes`);
    this.name = 'ArtifactTooLargeError';
  }
}

export interface RepoInfo {
  fullName: string;
  defaultBranch: string;
  private: boolean;
  /** Whether the token's user may push (needed to dispatch a workflow). */
  canPush: boolean;
}

export interface PullInfo {
  number: number;
  title: string;
  state: string;
  htmlUrl: string;
  headSha: string;
  /** `owner/name` of the head repo; null when the fork was deleted. */
  headRepo: string | null;
  baseRepo: string;
}

export interface RunInfo {
  id: number;
  name: string | null;
  status: string;
  conclusion: string | null;
  htmlUrl: string;
  createdAt: string;
}

export interface ArtifactInfo {
  id: number;
  name: string;
  expired: boolean;
  sizeInBytes: number;
}

export type RunRead =
  { notModified: true } | { notModified: false; run: RunInfo; etag: string | null };

/** What the server needs from GitHub, as one user. */
export interface GitHubApi {
  /** The token's user and granted OAuth scopes. */
  getViewer(): Promise<{ id: number; login: string; scopes: string[] }>;
  getRepo(owner: string, repo: string): Promise<RepoInfo>;
  getPull(owner: string, repo: string, number: number): Promise<PullInfo>;
  /** Dispatches; the run's id and URLs when GitHub returns them, null on a 204. */
  dispatchWorkflow(args: {
    owner: string;
    repo: string;
    workflow: string;
    ref: string;
    inputs: Record<string, string>;
  }): Promise<{ runId: number; htmlUrl: string } | null>;
  /** The newest `workflow_dispatch` run with this run name, if any. */
  findRunByName(owner: string, repo: string, runName: string): Promise<RunInfo | null>;
  /** Reads a run, conditionally on `etag` (a 304 costs no rate limit). */
  getRun(owner: string, repo: string, runId: number, etag: string | null): Promise<RunRead>;
  findArtifact(
    owner: string,
    repo: string,
    runId: number,
    name: string,
  ): Promise<ArtifactInfo | null>;
  /**
   * The artifact's zip bytes (follows GitHub's 302 to the short-lived URL, without auth);
   * throws `ArtifactTooLargeError` past `maxBytes` without reading further.
   */
  downloadArtifact(
    owner: string,
    repo: string,
    artifactId: number,
    maxBytes: number,
  ): Promise<Uint8Array>;
  /** A file's text, or null when it does not exist. */
  getFile(owner: string, repo: string, path: string): Promise<string | null>;
  /** Opens a PR adding `path` with `content` on a new branch (needs `workflow` scope). */
  createFilePullRequest(args: {
    owner: string;
    repo: string;
    base: string;
    branch: string;
    path: string;
    content: string;
    title: string;
    body: string;
  }): Promise<{ htmlUrl: string }>;
}

/** Builds a GitHubApi for one user's token. */
export type GitHubClientFactory = (token: string) => GitHubApi;
