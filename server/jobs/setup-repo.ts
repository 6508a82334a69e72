/**
 * `setup_repo`: checks a repo's workflow on its default branch the way GitHub will judge a
 * dispatch and says exactly what is missing; when the file is absent, prints it, or (open_pr)
 * opens a PR adding it. Writing a workflow file needs the `workflow` scope the normal login does
 * not ask for: without it the answer explains the extra authorization and gives its URL.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { GitHubError, type GitHubApi } from '../github/github-api.js';
import type { Logger } from '../logger.js';
import { mapGitHubError } from './github-errors.js';
import { workflowProblems } from './workflow-check.js';
import { workflowTemplate } from './workflow-template.js';

/** The outcome of `setupRepo`. */
export interface SetupResult {
  repo: string;
  workflowPath: string;
  status:
    'ready' | 'needs_trigger' | 'needs_changes' | 'missing' | 'needs_authorization' | 'pr_opened';
  message: string;
  /** What the existing workflow lacks, one sentence each. */
  problems?: string[];
  /** Where the user grants the `workflow` scope (status `needs_authorization`). */
  authorizationUrl?: string;
  pullRequestUrl?: string;
  workflowYaml?: string;
}

/** What setup_repo needs of the server's configuration. */
export interface SetupSettings {
  publicUrl: string;
  workflowFile: string;
}

type Target = { repo: string; workflowPath: string };

const SECRET_NOTE =
  'Add an ANTHROPIC_API_KEY repository secret for the AI tester (without it, a deterministic exploration runs).';

/** Parses `owner/name` or a repository / PR URL. */
function parseRepo(input: string): { owner: string; repo: string } {
  const match =
    /^(?:https:\/\/[^/]+\/)?([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})(?:\/.*)?$/.exec(
      input.trim(),
    );
  if (!match) throw new ValidationError('repo must be "owner/name" or a repository / PR URL');
  return { owner: match[1] ?? '', repo: match[2] ?? '' };
}

/** Checks `repoInput`'s workflow; tells what to change or add, or opens a PR adding it. */
export async function setupRepo(
  api: GitHubApi,
  settings: SetupSettings,
  repoInput: string,
  openPr: boolean,
  log: Logger,
): Promise<SetupResult> {
  const { owner, repo } = parseRepo(repoInput);
  const slug = `${owner}/${repo}`;
  const target: Target = { repo: slug, workflowPath: `.github/workflows/${settings.workflowFile}` };
  const repoInfo = await api.getRepo(owner, repo).catch((e: unknown) => {
    throw mapGitHubError(
      e,
      `Repository ${slug} was not found, or your GitHub account cannot see it.`,
    );
  });
  const existing = await api.getFile(owner, repo, target.workflowPath).catch((e: unknown) => {
    throw mapGitHubError(e, `Repository ${slug} was not found.`);
  });
  if (existing !== null) return reviewWorkflow(target, existing, repoInfo.defaultBranch);
  if (!openPr) return missingWorkflow(target, repoInfo.defaultBranch, '');
  if (!repoInfo.canPush) {
    return missingWorkflow(
      target,
      repoInfo.defaultBranch,
      ' I could not open a PR for you: you do not have write access to the repository.',
    );
  }
  const viewer = await api.getViewer().catch((e: unknown) => {
    throw mapGitHubError(e, 'GitHub user not found.');
  });
  // An OAuth token lists its scopes (X-OAuth-Scopes); a GitHub App token lists none, and the
  // write itself tells (403/404 without the permission).
  if (viewer.scopes.length > 0 && !viewer.scopes.includes('workflow')) {
    return needsWorkflowScope(target, settings, repoInfo.defaultBranch);
  }
  return openSetupPr(
    api,
    { owner, repo, defaultBranch: repoInfo.defaultBranch },
    target,
    settings,
    log,
  );
}

/** The existing workflow, judged as GitHub will judge the server's dispatch. */
function reviewWorkflow(target: Target, text: string, defaultBranch: string): SetupResult {
  const problems = workflowProblems(text);
  if (problems.length === 0) {
    return {
      ...target,
      status: 'ready',
      message: `${target.repo} is ready: ${target.workflowPath} can be dispatched by the server.`,
    };
  }
  const noTrigger = problems.some((p) => p.includes('no `workflow_dispatch` trigger'));
  return {
    ...target,
    status: noTrigger ? 'needs_trigger' : 'needs_changes',
    problems,
    message: `${target.workflowPath} on ${defaultBranch} needs changes before the server can start it:\n${problems.map((p) => `- ${p}`).join('\n')}\nThe complete workflow is shown below.`,
    workflowYaml: workflowTemplate(),
  };
}

function missingWorkflow(target: Target, defaultBranch: string, why: string): SetupResult {
  return {
    ...target,
    status: 'missing',
    message: `${target.repo} has no ${target.workflowPath}.${why} Add this file to the default branch (${defaultBranch}). ${SECRET_NOTE}`,
    workflowYaml: workflowTemplate(),
  };
}

/** The answer when writing a workflow file needs the `workflow` scope the login lacks. */
function needsWorkflowScope(
  target: Target,
  settings: SetupSettings,
  defaultBranch: string,
): SetupResult {
  const url = `${settings.publicUrl.replace(/\/$/, '')}/auth/github/upgrade?scope=workflow`;
  return {
    ...target,
    status: 'needs_authorization',
    authorizationUrl: url,
    message: `${target.repo} has no ${target.workflowPath}. I could not open a PR for you: GitHub only lets a login with the \`workflow\` scope write workflow files, and your login granted \`repo\` only (all that running simulations needs). To let me open the PR, open ${url} and approve the extra \`workflow\` permission at GitHub, then ask again. Or add the file below yourself to ${defaultBranch}. ${SECRET_NOTE}`,
    workflowYaml: workflowTemplate(),
  };
}

async function openSetupPr(
  api: GitHubApi,
  where: { owner: string; repo: string; defaultBranch: string },
  target: Target,
  settings: SetupSettings,
  log: Logger,
): Promise<SetupResult> {
  const yaml = workflowTemplate();
  let pr: { htmlUrl: string };
  try {
    pr = await api.createFilePullRequest({
      owner: where.owner,
      repo: where.repo,
      base: where.defaultBranch,
      branch: `myfav-coworker-setup-${randomBytes(3).toString('hex')}`,
      path: target.workflowPath,
      content: yaml,
      title: 'Add the myfav-coworker QA workflow',
      body: `Adds ${target.workflowPath} so PRs can be tested by myfav-coworker (on pull_request and when dispatched from chat). ${SECRET_NOTE}`,
    });
  } catch (error) {
    // GitHub answers 403 or 404 to a workflow file written without the `workflow` scope.
    if (error instanceof GitHubError && (error.status === 403 || error.status === 404)) {
      return needsWorkflowScope(target, settings, where.defaultBranch);
    }
    throw mapGitHubError(error, `Could not open a PR in ${target.repo}.`);
  }
  log.info({ repo: target.repo }, 'setup PR opened');
  return {
    ...target,
    status: 'pr_opened',
    message: `Opened ${pr.htmlUrl} adding ${target.workflowPath}. Merge it, then ask again. ${SECRET_NOTE}`,
    pullRequestUrl: pr.htmlUrl,
    workflowYaml: yaml,
  };
}
