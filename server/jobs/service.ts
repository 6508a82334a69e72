/**
 * The job service shared by MCP tools and the REST API: start a simulation (validate, check
 * access with the user's own token, dispatch the workflow), and bring a job up to date on read
 * (conditional requests while it runs; report.json from the artifact once the run ends). A job
 * in a terminal state is returned from the store with no GitHub call at all.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  REPORT_FILE,
  artifactName,
  parseReport,
  reportPageName,
  runNameFor,
  type Report,
} from '../../src/contract/index.js';
import { formatBytes } from '../../src/report/format.js';
import { capText } from '../cap-text.js';
import type { Config } from '../config.js';
import { open } from '../auth/crypto.js';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError } from '../errors.js';
import {
  ArtifactLimitError,
  DEFAULT_ARTIFACT_LIMITS,
  readArtifactContent,
  type ArtifactContent,
  type ArtifactLimits,
} from '../github/artifact-reader.js';
import {
  ArtifactTooLargeError,
  GitHubError,
  type ArtifactInfo,
  type GitHubApi,
  type GitHubClientFactory,
  type RunInfo,
} from '../github/github-api.js';
import type { Logger } from '../logger.js';
import type { JobPage, Store } from '../store/store.js';
import { isTerminal, type JobReport, type SimulationJob, type User } from './model.js';
import { parsePullUrl } from './pr-url.js';
import { mapGitHubError } from './github-errors.js';
import { setupRepo, type SetupResult } from './setup-repo.js';
import { loadPreviews, savePreviews } from './previews.js';

/** Body of a simulation request (REST and MCP share it). */
export const SimulationRequestSchema = z
  .object({
    pr_url: z.string({ error: 'pr_url is required and must be a string' }),
    instructions: z
      .string({ error: 'instructions must be a string' })
      .max(4000, 'instructions must be at most 4000 characters')
      .optional(),
  })
  .strict();
export type SimulationRequest = z.infer<typeof SimulationRequestSchema>;

export type { SetupResult } from './setup-repo.js';

export interface JobServiceDeps {
  store: Store;
  github: GitHubClientFactory;
  config: Config;
  clock: () => number;
  logger: Logger;
  /** Delay between polls while waiting for a job; tests shorten it. */
  pollIntervalMs?: number;
  /** Limits on the report artifact read back from GitHub. */
  artifactLimits?: ArtifactLimits;
}

function summarizeReport(report: Report): JobReport {
  const pass = report.criteria.filter((c) => c.status === 'pass').length;
  const fail = report.criteria.filter((c) => c.status === 'fail').length;
  return {
    result: report.result,
    summary: report.summary,
    findings: report.findings.length,
    criteria: { pass, fail, other: report.criteria.length - pass - fail },
  };
}

/** Longest failure reason kept on a job (the MCP tools cut what they show further). */
const MAX_REASON_CHARS = 4_000;

const QUEUED = new Set(['queued', 'waiting', 'pending', 'requested']);

export class JobService {
  private readonly pollIntervalMs: number;
  private readonly artifactLimits: ArtifactLimits;

  constructor(private readonly deps: JobServiceDeps) {
    this.pollIntervalMs = deps.pollIntervalMs ?? 2000;
    this.artifactLimits = deps.artifactLimits ?? DEFAULT_ARTIFACT_LIMITS;
  }

  private now(): string {
    return new Date(this.deps.clock()).toISOString();
  }

  private api(user: User): GitHubApi {
    let token: string;
    try {
      token = open(this.deps.config.encryptionKey, user.encrypted_github_token);
    } catch {
      throw new UnauthorizedError(
        'Your stored GitHub authorization cannot be read (the server key changed); log in again.',
        'github_token_invalid',
      );
    }
    return this.deps.github(token);
  }

  /** Starts a simulation of a PR: the returned job is `pending` (or `running`). */
  async create(user: User, body: unknown, log: Logger): Promise<SimulationJob> {
    const parsed = SimulationRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message =
        issue?.code === 'unrecognized_keys'
          ? `Unknown field(s): ${(issue.keys ?? []).join(', ')}. Send pr_url and optionally instructions.`
          : (issue?.message ?? 'invalid body');
      throw new ValidationError(message);
    }
    const pr = parsePullUrl(parsed.data.pr_url, this.deps.config.allowedPrHost);
    const { owner, repo, number } = pr;
    const api = this.api(user);
    const slug = `${owner}/${repo}`;

    const repoInfo = await api.getRepo(owner, repo).catch((e: unknown) => {
      throw mapGitHubError(
        e,
        `Repository ${slug} was not found, or your GitHub account cannot see it.`,
      );
    });
    if (!repoInfo.canPush) {
      throw new ForbiddenError(
        `You need write access to ${slug} to test its PRs: the workflow is dispatched with your own GitHub token.`,
        'no_write_access',
      );
    }
    const pull = await api.getPull(owner, repo, number).catch((e: unknown) => {
      throw mapGitHubError(e, `Pull request #${number} was not found in ${slug}.`);
    });
    const fromFork =
      pull.headRepo === null || pull.headRepo.toLowerCase() !== pull.baseRepo.toLowerCase();
    if (fromFork && !this.deps.config.allowForkPrs) {
      throw new ForbiddenError(
        `PR #${number} comes from a fork (${pull.headRepo ?? 'a deleted repository'}). A dispatched run has ${slug}'s secrets, so the server does not run a fork's code there. The PR's own pull_request workflow still tests it without secrets.`,
        'fork_pr_refused',
      );
    }

    const jobId = `job_${randomBytes(12).toString('base64url')}`;
    const inputs: Record<string, string> = { pr_number: String(number), job_id: jobId };
    if (parsed.data.instructions) inputs.instructions = parsed.data.instructions;
    const workflow = this.deps.config.workflowFile;
    const dispatched = await api
      .dispatchWorkflow({ owner, repo, workflow, ref: repoInfo.defaultBranch, inputs })
      .catch((e: unknown) => {
        if (e instanceof GitHubError && e.status === 422) {
          throw new ValidationError(
            `GitHub refused to start .github/workflows/${workflow} in ${slug} (${e.message}). Run the setup_repo tool to see what to change.`,
          );
        }
        throw mapGitHubError(
          e,
          `The workflow .github/workflows/${workflow} was not found in ${slug} on ${repoInfo.defaultBranch}. Run the setup_repo tool to see what to add.`,
        );
      });

    const now = this.now();
    const job: SimulationJob = {
      job_id: jobId,
      user_id: user.user_id,
      pr_url: pr.url,
      owner,
      repo,
      pr_number: number,
      instructions: parsed.data.instructions ?? null,
      status: 'pending',
      report: null,
      error: null,
      run_id: dispatched?.runId ?? null,
      run_url: dispatched?.htmlUrl || null,
      artifact_url: null,
      run_etag: null,
      created_at: now,
      updated_at: now,
      completed_at: null,
      version: 1,
    };
    await this.deps.store.putJob(job);
    log.info(
      {
        job_id: jobId,
        repo: slug,
        pr: number,
        run_id: job.run_id,
        correlated: dispatched === null,
      },
      'simulation dispatched',
    );
    return job;
  }

  /**
   * A job of this user (404 for anyone else's), brought up to date. A finished job is answered
   * as stored.
   */
  async get(user: User, jobId: string, log: () => Logger): Promise<SimulationJob> {
    const job = await this.load(user, jobId);
    return isTerminal(job.status) ? job : this.refresh(user, job, log().child({ job_id: jobId }));
  }

  /** Like `get`, polling until the job ends or `seconds` pass. */
  async wait(
    user: User,
    jobId: string,
    seconds: number,
    log: () => Logger,
    /** Told the job after each read, the last one included (progress for the caller). */
    onRead?: (job: SimulationJob) => Promise<void>,
  ): Promise<SimulationJob> {
    const deadline = this.deps.clock() + Math.max(0, seconds) * 1000;
    let job = await this.get(user, jobId, log);
    await onRead?.(job);
    while (!isTerminal(job.status) && this.deps.clock() < deadline) {
      const pause = Math.min(this.pollIntervalMs, Math.max(0, deadline - this.deps.clock()));
      await new Promise((resolve) => setTimeout(resolve, pause));
      job = await this.get(user, jobId, log);
      await onRead?.(job);
    }
    return job;
  }

  /** This user's jobs, newest first (no refresh: listing costs no GitHub calls). */
  async list(user: User, options: { limit: number; cursor?: string | null }): Promise<JobPage> {
    return this.deps.store.listJobs(user.user_id, options);
  }

  /** The full report of a completed job, or null while there is none. */
  async report(
    user: User,
    jobId: string,
    log: Logger,
  ): Promise<{ job: SimulationJob; report: Report | null }> {
    const job = await this.get(user, jobId, () => log);
    if (job.status !== 'completed') return { job, report: null };
    const text = await this.deps.store.getReport(jobId);
    return { job, report: text ? parseReport(text) : null };
  }

  /**
   * The deciding pictures of a job `report` found completed (call it after `report`, which
   * checked the job is the user's): path in the artifact → JPEG bytes.
   */
  previews(jobId: string): Promise<Map<string, Uint8Array>> {
    return loadPreviews(this.deps.store, jobId);
  }

  private async load(user: User, jobId: string): Promise<SimulationJob> {
    const valid = /^[A-Za-z0-9_-]{1,64}$/.test(jobId);
    const job = valid ? await this.deps.store.getJob(jobId) : null;
    if (!job || job.user_id !== user.user_id) {
      throw new NotFoundError(`No simulation job ${jobId.slice(0, 64)} was found for you.`);
    }
    return job;
  }

  private async refresh(user: User, job: SimulationJob, log: Logger): Promise<SimulationJob> {
    if (isTerminal(job.status)) return job;
    const api = this.api(user);
    let next: SimulationJob = { ...job };
    try {
      if (next.run_id === null) {
        const run = await api.findRunByName(job.owner, job.repo, runNameFor(job.job_id));
        if (!run) {
          const age = this.deps.clock() - Date.parse(job.created_at);
          if (age < this.deps.config.runAppearTimeoutSeconds * 1000) return job;
          next = this.fail(
            next,
            `The workflow run never appeared in ${job.owner}/${job.repo} (waited ${this.deps.config.runAppearTimeoutSeconds} s). Check that the workflow is enabled and its run-name carries the job id.`,
          );
        } else {
          next.run_id = run.id;
          next.run_url = run.htmlUrl;
          next = await this.applyRun(next, run, api, log);
        }
      } else {
        const read = await api.getRun(job.owner, job.repo, next.run_id, job.run_etag);
        if (read.notModified) return job;
        next.run_etag = read.etag;
        next.run_url = read.run.htmlUrl || next.run_url;
        next = await this.applyRun(next, read.run, api, log);
      }
    } catch (error) {
      if (error instanceof GitHubError && error.status === 401) {
        throw mapGitHubError(error, '');
      }
      // Transient: keep the state as it is; the next read tries again.
      log.warn({ err: error }, 'could not refresh the job from GitHub');
      return job;
    }
    return this.save(job, next, log);
  }

  private fail(job: SimulationJob, reason: string): SimulationJob {
    // A reason can quote the run (a report that does not parse): kept at a bounded length.
    const error = capText(reason, MAX_REASON_CHARS);
    return { ...job, status: 'failed', error, completed_at: this.now() };
  }

  private async applyRun(
    job: SimulationJob,
    run: RunInfo,
    api: GitHubApi,
    log: Logger,
  ): Promise<SimulationJob> {
    if (run.status !== 'completed') {
      return { ...job, status: QUEUED.has(run.status) ? 'pending' : 'running' };
    }
    const name = artifactName(job.job_id);
    const artifact = await api.findArtifact(job.owner, job.repo, run.id, name);
    if (!artifact) {
      const why =
        run.conclusion === 'cancelled'
          ? 'The workflow run was cancelled before it produced a report.'
          : `The workflow run ended (${run.conclusion ?? 'no conclusion'}) without the report artifact "${name}".`;
      return this.fail(job, `${why} See the run: ${run.htmlUrl}`);
    }
    if (artifact.expired) {
      return this.fail(job, `The report artifact "${name}" has expired on GitHub.`);
    }
    const content = await this.readArtifactReport(job, artifact, api);
    if ('failure' in content) return this.fail(job, content.failure);
    const text = content.report;
    if (text === null) {
      return this.fail(job, `The report artifact "${name}" holds no ${REPORT_FILE}.`);
    }
    let report: Report;
    try {
      report = parseReport(text);
    } catch (error) {
      return this.fail(job, (error as Error).message);
    }
    await this.deps.store.putReport(job.job_id, text);
    await savePreviews(this.deps.store, job.job_id, content.previews);
    // The report page, uploaded beside the zip as a single file the browser opens.
    const page = await api.findArtifact(job.owner, job.repo, run.id, reportPageName(name));
    log.info({ result: report.result }, 'simulation completed');
    return {
      ...job,
      status: 'completed',
      report: summarizeReport(report),
      artifact_url: `${run.htmlUrl}/artifacts/${artifact.id}`,
      report_page_url: page && !page.expired ? `${run.htmlUrl}/artifacts/${page.id}` : null,
      completed_at: this.now(),
      error: null,
    };
  }

  /**
   * `report.json` of the artifact, read within the limits (an attacker's repo can serve a zip
   * bomb): its declared size before download, the bytes received, then the zip entry by entry.
   */
  private async readArtifactReport(
    job: SimulationJob,
    artifact: ArtifactInfo,
    api: GitHubApi,
  ): Promise<ArtifactContent | { failure: string }> {
    const limits = this.artifactLimits;
    const tooLarge = `The report artifact "${artifact.name}" is larger than the ${formatBytes(limits.maxZipBytes)} the server reads`;
    if (artifact.sizeInBytes > limits.maxZipBytes) {
      return { failure: `${tooLarge} (GitHub lists ${artifact.sizeInBytes} bytes).` };
    }
    try {
      const zip = await api.downloadArtifact(job.owner, job.repo, artifact.id, limits.maxZipBytes);
      return await readArtifactContent(zip, limits);
    } catch (error) {
      if (error instanceof ArtifactTooLargeError) return { failure: `${tooLarge}.` };
      if (error instanceof ArtifactLimitError) return { failure: error.message };
      if (error instanceof GitHubError) throw error;
      return {
        failure: `The report artifact is not a readable zip: ${(error as Error).message}`,
      };
    }
  }

  private async save(
    before: SimulationJob,
    after: SimulationJob,
    log: Logger,
  ): Promise<SimulationJob> {
    const changed =
      before.status !== after.status ||
      before.run_id !== after.run_id ||
      before.run_etag !== after.run_etag ||
      before.run_url !== after.run_url;
    if (!changed) return before;
    const next = { ...after, version: before.version + 1, updated_at: this.now() };
    if (await this.deps.store.putJob(next)) {
      if (before.status !== next.status) {
        log.info(
          { from: before.status, to: next.status, reason: next.error ?? undefined },
          'job state changed',
        );
      }
      return next;
    }
    // Another instance wrote first: its state is at least as new as ours.
    return (await this.deps.store.getJob(before.job_id)) ?? next;
  }

  /** `setup_repo`: see `setup-repo.ts`. */
  async setupRepo(
    user: User,
    repoInput: string,
    openPr: boolean,
    log: Logger,
  ): Promise<SetupResult> {
    const { publicUrl, workflowFile } = this.deps.config;
    return setupRepo(this.api(user), { publicUrl, workflowFile }, repoInput, openPr, log);
  }
}
