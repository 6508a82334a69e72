/**
 * What the run knows about the pull request: from the `pull_request` event, or from the
 * `pr-number` input of a `workflow_dispatch` (which carries no PR in its context). Title, body and
 * head repo come from the API; the diff is truncated to a budget (whole files first), while the
 * list of changed files is always kept whole. Without a PR or a token it degrades and says so.
 */
import type { PullRequestInfo } from '../contract/index.js';
import type { Octokit } from './octokit.js';

/** Default diff budget in characters: enough for a real PR, small enough for a prompt. */
export const DEFAULT_DIFF_BUDGET = 60_000;

/** The GitHub API caps a PR's file list at 3,000 entries. */
const MAX_FILES = 3000;

/** The pull request a run is about, with what could be learnt of it. */
export interface PrContext {
  /** `owner/name` of the repository the workflow runs in. */
  repository: string | null;
  pr: PullRequestInfo | null;
  body: string | null;
  /** Head repo `owner/name` (null when unknown or deleted). */
  headRepo: string | null;
  /** True when the head repo is not the base repo (or the head repo is gone). */
  isFork: boolean;
  diff: string | undefined;
  diffTruncated: boolean;
  changedFiles: string[];
  /** Things a user should know (no PR, no token, diff unavailable…), logged as warnings. */
  notes: string[];
}

/** Where the PR context comes from. */
export interface PrContextSource {
  eventName: string;
  /** The parsed event payload (GITHUB_EVENT_PATH), or {}. */
  payload: Record<string, unknown>;
  /** GITHUB_REPOSITORY. */
  repository: string | undefined;
  /** The `pr-number` input. */
  prNumber: number | undefined;
  /** Null without a token (a local run). */
  octokit: Octokit | null;
  diffBudget?: number;
}

interface PayloadPull {
  number?: number;
  title?: string;
  body?: string | null;
  html_url?: string;
  head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
  base?: { ref?: string; repo?: { full_name?: string } };
}

/** Loads the PR context; network failures become notes, never exceptions. */
export async function loadPrContext(source: PrContextSource): Promise<PrContext> {
  const notes: string[] = [];
  const repository = source.repository ?? null;
  const eventPull = source.payload.pull_request as PayloadPull | undefined;
  const number = source.prNumber ?? eventPull?.number;
  const empty: PrContext = {
    repository,
    pr: null,
    body: null,
    headRepo: null,
    isFork: false,
    diff: undefined,
    diffTruncated: false,
    changedFiles: [],
    notes,
  };
  if (!number) {
    notes.push(
      `No pull request for this ${source.eventName || 'run'} (no pull_request event and no pr-number input): testing the app without a diff.`,
    );
    return empty;
  }
  if (!repository || !repository.includes('/')) {
    notes.push(
      `PR #${number} given, but GITHUB_REPOSITORY is not set: testing without PR details.`,
    );
    return empty;
  }
  const [owner = '', repo = ''] = repository.split('/');

  let pull: PayloadPull | undefined =
    eventPull && eventPull.number === number ? eventPull : undefined;
  if (source.octokit) {
    try {
      const { data } = await source.octokit.rest.pulls.get({ owner, repo, pull_number: number });
      pull = data as PayloadPull;
    } catch (error) {
      notes.push(`Could not read PR #${number}: ${messageOf(error)}`);
    }
  } else {
    notes.push('No GitHub token: the PR diff and file list could not be read.');
  }
  if (!pull) {
    return {
      ...empty,
      pr: { number, title: `#${number}`, url: prUrl(repository, number) },
    };
  }

  // A pull_request run checks out the event's commit: report that head, even when the API
  // already knows a newer push (a dispatched run checks out the head the API gives).
  const headSha =
    eventPull?.number === number ? (eventPull.head?.sha ?? pull.head?.sha) : pull.head?.sha;
  const headRepo = pull.head?.repo?.full_name ?? null;
  const baseRepo = pull.base?.repo?.full_name ?? repository;
  const context: PrContext = {
    ...empty,
    pr: {
      number,
      title: pull.title ?? `#${number}`,
      url: pull.html_url ?? prUrl(repository, number),
      ...(headSha ? { headSha } : {}),
      ...(pull.base?.ref ? { baseRef: pull.base.ref } : {}),
      ...(pull.head?.ref ? { headRef: pull.head.ref } : {}),
    },
    body: pull.body ?? null,
    headRepo,
    isFork: headRepo === null || headRepo.toLowerCase() !== baseRepo.toLowerCase(),
  };

  if (source.octokit) {
    let listed: ListedFile[] = [];
    try {
      listed = await listFiles(source.octokit, owner, repo, number);
      context.changedFiles = listed.map((f) => f.filename);
    } catch (error) {
      notes.push(`Could not list the files of PR #${number}: ${messageOf(error)}`);
    }
    const diff = await readDiff(source.octokit, { owner, repo, number }, listed, notes);
    if (diff !== null) {
      const truncated = truncateDiff(diff, source.diffBudget ?? DEFAULT_DIFF_BUDGET);
      context.diff = truncated.diff;
      context.diffTruncated = truncated.truncated;
      if (context.changedFiles.length === 0) context.changedFiles = filesInDiff(diff);
    }
  }
  return context;
}

/**
 * The PR's unified diff. GitHub answers 406 for a diff past its limits (300 files, 20,000
 * lines): that is final, so it is not retried; the diff is rebuilt at once from the per-file
 * patches of the file list. Other failures get one more attempt with the client's retries.
 */
async function readDiff(
  octokit: Octokit,
  pr: { owner: string; repo: string; number: number },
  listed: ListedFile[],
  notes: string[],
): Promise<string | null> {
  const params = {
    owner: pr.owner,
    repo: pr.repo,
    pull_number: pr.number,
    mediaType: { format: 'diff' },
  };
  try {
    const response = await octokit.rest.pulls.get({ ...params, request: { retries: 0 } });
    return response.data as unknown as string;
  } catch (error) {
    if ((error as { status?: unknown }).status === 406) {
      notes.push(
        `GitHub will not render the diff of PR #${pr.number} (too large): using the patches of its ${listed.length} changed files instead.`,
      );
      return diffFromPatches(listed);
    }
  }
  try {
    const response = await octokit.rest.pulls.get(params);
    return response.data as unknown as string;
  } catch (error) {
    notes.push(`Could not read the diff of PR #${pr.number}: ${messageOf(error)}`);
    return null;
  }
}

/** A unified diff rebuilt from the file list's patches (GitHub omits a patch for binary or huge files). */
export function diffFromPatches(files: ListedFile[]): string {
  return files
    .map((f) => {
      const header = `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n`;
      return f.patch === undefined
        ? `${header}[no patch from GitHub: binary or too large; ${f.status}]\n`
        : `${header}${f.patch}\n`;
    })
    .join('');
}

/** A changed file as the file list gives it. */
export interface ListedFile {
  filename: string;
  status: string;
  patch?: string;
}

async function listFiles(
  octokit: Octokit,
  owner: string,
  repo: string,
  number: number,
): Promise<ListedFile[]> {
  const files: ListedFile[] = [];
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner,
    repo,
    pull_number: number,
    per_page: 100,
  })) {
    for (const file of page.data) {
      files.push({
        filename: file.filename,
        status: file.status,
        ...(file.patch !== undefined ? { patch: file.patch } : {}),
      });
    }
    if (files.length >= MAX_FILES) break;
  }
  return files;
}

/** Paths named in a unified diff's `diff --git a/… b/…` headers. */
export function filesInDiff(diff: string): string[] {
  return [...diff.matchAll(/^diff --git a\/.+? b\/(.+)$/gm)].map((m) => m[1] ?? '');
}

/**
 * Keeps whole file sections of a diff while they fit in `budget` characters; a first section
 * larger than the budget is cut. Says what was left out, so the model knows it saw a part.
 */
export function truncateDiff(diff: string, budget: number): { diff: string; truncated: boolean } {
  if (diff.length <= budget) return { diff, truncated: false };
  const sections = diff.split(/(?=^diff --git )/m);
  const kept: string[] = [];
  let used = 0;
  for (const section of sections) {
    if (used + section.length > budget) break;
    kept.push(section);
    used += section.length;
  }
  const omitted = sections.length - kept.length;
  const body = kept.length > 0 ? kept.join('') : diff.slice(0, budget);
  const note =
    kept.length > 0
      ? `\n[diff truncated: ${omitted} of ${sections.length} file sections left out to fit ${budget} characters; the full list of changed files is given separately]\n`
      : `\n[diff truncated to ${budget} characters; the full list of changed files is given separately]\n`;
  return { diff: body + note, truncated: true };
}

function prUrl(repository: string, number: number): string {
  const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  return `${server}/${repository}/pull/${number}`;
}

/** A one-line message of an error (Octokit errors carry the status). */
export function messageOf(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0] ?? message;
  return typeof status === 'number' && !line.includes(String(status)) ? `${status} ${line}` : line;
}
