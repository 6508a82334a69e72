/**
 * The GitHubApi adapter on Octokit, with the retry plugin (5xx, network errors) and the
 * throttling plugin (primary and secondary rate limits), and a timeout on every request.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../logger.js';
import {
  ArtifactTooLargeError,
  GitHubError,
  type ArtifactInfo,
  type GitHubApi,
  type GitHubClientFactory,
  type RunInfo,
} from './github-api.js';

const GitHubOctokit = Octokit.plugin(retry, throttling);
type Client = InstanceType<typeof GitHubOctokit>;

export interface OctokitClientOptions {
  apiUrl: string;
  timeoutMs: number;
  logger: Logger;
  /** Retries of 5xx / rate limits; tests lower it to keep runs short. */
  retries?: number;
}

function toGitHubError(error: unknown): GitHubError {
  if (error instanceof GitHubError) return error;
  const e = error as { status?: number; message?: string; name?: string };
  if (typeof e.status === 'number') {
    return new GitHubError(e.status, `GitHub answered ${e.status}: ${e.message ?? 'error'}`);
  }
  const reason = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timed out' : 'failed';
  return new GitHubError(0, `The request to GitHub ${reason}: ${e.message ?? String(error)}`);
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ArtifactTooLargeError) throw error;
    throw toGitHubError(error);
  }
}

/** The body's bytes, refusing (and cancelling the download) past `maxBytes`. */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new ArtifactTooLargeError(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    size += next.value.length;
    if (size > maxBytes) {
      await reader?.cancel();
      throw new ArtifactTooLargeError(maxBytes);
    }
    chunks.push(next.value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function runOf(data: {
  id: number;
  name?: string | null;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
}): RunInfo {
  return {
    id: data.id,
    name: data.name ?? null,
    status: data.status ?? 'queued',
    conclusion: data.conclusion,
    htmlUrl: data.html_url,
    createdAt: data.created_at,
  };
}

/** A 422 naming `return_run_details`: a server that does not know the parameter. */
function isUnprocessable(error: unknown): boolean {
  return (error as { status?: number }).status === 422;
}

/** Creates the factory the app uses: one Octokit per user token. */
export function createOctokitFactory(options: OctokitClientOptions): GitHubClientFactory {
  const retries = options.retries ?? 3;
  const timedFetch: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });

  // Learned once per server: a GHES that refuses `return_run_details` refuses it for everyone.
  const runDetails = { supported: true };

  return (token: string): GitHubApi => {
    const octokit: Client = new GitHubOctokit({
      auth: token,
      baseUrl: options.apiUrl,
      userAgent: 'myfav-coworker-server',
      request: { fetch: timedFetch },
      // 304 is the answer to a conditional request, not a failure: never retry it.
      retry: { retries, doNotRetry: [304, 400, 401, 403, 404, 410, 422, 451] },
      throttle: {
        onRateLimit: (retryAfter, opts, _octokit, retryCount) => {
          options.logger.warn({ retryAfter, url: opts.url }, 'GitHub rate limit hit');
          return retryCount < retries;
        },
        onSecondaryRateLimit: (retryAfter, opts, _octokit, retryCount) => {
          options.logger.warn({ retryAfter, url: opts.url }, 'GitHub secondary rate limit hit');
          return retryCount < retries;
        },
      },
      // Octokit's request log reports every answer that is not a 2xx as an error: the 304 of
      // each conditional run read, and the 404s this client turns into answers. The failures
      // that matter are logged where they are handled, so its lines stay at debug.
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (msg: string) => options.logger.warn(msg),
        error: (msg: string) => options.logger.debug(msg),
      },
    });

    return {
      getViewer: () =>
        call(async () => {
          const res = await octokit.rest.users.getAuthenticated();
          const scopes = (res.headers['x-oauth-scopes'] ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          return { id: res.data.id, login: res.data.login, scopes };
        }),

      getRepo: (owner, repo) =>
        call(async () => {
          const { data } = await octokit.rest.repos.get({ owner, repo });
          return {
            fullName: data.full_name,
            defaultBranch: data.default_branch,
            private: data.private,
            canPush: Boolean(data.permissions?.push || data.permissions?.admin),
          };
        }),

      getPull: (owner, repo, number) =>
        call(async () => {
          const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
          return {
            number: data.number,
            title: data.title,
            state: data.state,
            htmlUrl: data.html_url,
            headSha: data.head.sha,
            headRepo: data.head.repo?.full_name ?? null,
            baseRepo: data.base.repo.full_name,
          };
        }),

      dispatchWorkflow: ({ owner, repo, workflow, ref, inputs }) =>
        call(async () => {
          const route = 'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';
          const params = { owner, repo, workflow_id: workflow, ref, inputs };
          if (!runDetails.supported) {
            await octokit.request(route, params);
            return null;
          }
          try {
            const res = await octokit.request(route, { ...params, return_run_details: true });
            const data = res.data as unknown as
              { workflow_run_id?: number; html_url?: string } | undefined;
            if ((res.status as number) === 200 && data?.workflow_run_id) {
              return { runId: data.workflow_run_id, htmlUrl: data.html_url ?? '' };
            }
            return null;
          } catch (error) {
            // GitHub Enterprise Server 3.17–3.19 refuse the key with 422 (whatever the words):
            // dispatch again without it. Only when that succeeds was the key the problem (a 422
            // for the workflow's inputs fails again, and is the answer); the server then finds
            // the run by its run-name, and does not send the key again.
            if (!isUnprocessable(error)) throw error;
            await octokit.request(route, params);
            runDetails.supported = false;
            options.logger.info('GitHub refused return_run_details; dispatched without it');
            return null;
          }
        }),

      findRunByName: (owner, repo, runName) =>
        call(async () => {
          const { data } = await octokit.rest.actions.listWorkflowRunsForRepo({
            owner,
            repo,
            event: 'workflow_dispatch',
            per_page: 50,
          });
          const run = data.workflow_runs.find(
            (r) => r.name === runName || r.display_title === runName,
          );
          return run ? runOf(run) : null;
        }),

      getRun: (owner, repo, runId, etag) =>
        call(async () => {
          try {
            const res = await octokit.rest.actions.getWorkflowRun({
              owner,
              repo,
              run_id: runId,
              headers: etag ? { 'if-none-match': etag } : {},
            });
            return {
              notModified: false as const,
              run: runOf(res.data),
              etag: (res.headers.etag as string | undefined) ?? null,
            };
          } catch (error) {
            if ((error as { status?: number }).status === 304)
              return { notModified: true as const };
            throw error;
          }
        }),

      findArtifact: (owner, repo, runId, name) =>
        call(async () => {
          const { data } = await octokit.rest.actions.listWorkflowRunArtifacts({
            owner,
            repo,
            run_id: runId,
            name,
          });
          const found = data.artifacts.find((a) => a.name === name);
          return found
            ? ({
                id: found.id,
                name: found.name,
                expired: found.expired,
                sizeInBytes: found.size_in_bytes,
              } satisfies ArtifactInfo)
            : null;
        }),

      downloadArtifact: (owner, repo, artifactId, maxBytes) =>
        call(async () => {
          // Not through Octokit: GitHub answers a 302 to a short-lived URL that must be fetched
          // WITHOUT our Authorization header (the token must not travel to blob storage).
          const url = `${options.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/artifacts/${artifactId}/zip`;
          const first = await timedFetch(url, {
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/vnd.github+json',
              'user-agent': 'myfav-coworker-server',
            },
            redirect: 'manual',
          });
          let res = first;
          if (first.status >= 300 && first.status < 400) {
            const location = first.headers.get('location');
            if (!location) throw new GitHubError(502, 'artifact download redirect has no location');
            res = await timedFetch(new URL(location, url), { redirect: 'follow' });
          }
          if (!res.ok) {
            throw new GitHubError(res.status, `artifact download failed with ${res.status}`);
          }
          return readCapped(res, maxBytes);
        }),

      getFile: (owner, repo, path) =>
        call(async () => {
          try {
            const { data } = await octokit.rest.repos.getContent({ owner, repo, path });
            if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
            return Buffer.from(data.content, 'base64').toString('utf8');
          } catch (error) {
            if ((error as { status?: number }).status === 404) return null;
            throw error;
          }
        }),

      createFilePullRequest: ({ owner, repo, base, branch, path, content, title, body }) =>
        call(async () => {
          const { data: baseRef } = await octokit.rest.git.getRef({
            owner,
            repo,
            ref: `heads/${base}`,
          });
          await octokit.rest.git.createRef({
            owner,
            repo,
            ref: `refs/heads/${branch}`,
            sha: baseRef.object.sha,
          });
          await octokit.rest.repos.createOrUpdateFileContents({
            owner,
            repo,
            path,
            branch,
            message: title,
            content: Buffer.from(content).toString('base64'),
          });
          const { data: pr } = await octokit.rest.pulls.create({
            owner,
            repo,
            base,
            head: branch,
            title,
            body,
          });
          return { htmlUrl: pr.html_url };
        }),
    };
  };
}
