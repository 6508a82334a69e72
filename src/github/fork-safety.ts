/**
 * Fork safety. A fork's code must never run next to the base repo's secrets: a
 * `workflow_dispatch` (or `pull_request_target`) run for a fork PR has them. A `pull_request` run
 * from a fork has none (GitHub withholds them), so it runs, in exploration mode (no model key).
 */

/** What to do with the PR's code. */
export type ForkDecision =
  | { action: 'run'; forceExplore: false; note: string | null }
  | { action: 'explore'; forceExplore: true; note: string }
  | { action: 'refuse'; reason: string };

/** The facts the decision rests on. */
export interface ForkFacts {
  isFork: boolean;
  headRepo: string | null;
  /** True when a model key or any `secrets` value was given to this run. */
  hasSecrets: boolean;
  allowForkCode: boolean;
}

/** Decides whether the PR's code may start, and in which mode. */
export function decideForkSafety(facts: ForkFacts): ForkDecision {
  if (!facts.isFork) return { action: 'run', forceExplore: false, note: null };
  const head = facts.headRepo ?? 'a deleted fork';
  if (!facts.hasSecrets) {
    return {
      action: 'explore',
      forceExplore: true,
      note: `This PR comes from ${head} and this run has no secrets (GitHub withholds them from fork PRs): running the deterministic exploration, without a model.`,
    };
  }
  if (facts.allowForkCode) {
    return {
      action: 'run',
      forceExplore: false,
      note: `This PR comes from ${head}; allow-fork-code is set, so its code runs with this run's secrets.`,
    };
  }
  return {
    action: 'refuse',
    reason:
      `Refused to start the code of this PR: it comes from the fork ${head}, and this run has secrets ` +
      `(a model key or secrets input) that the fork's code could read. Review the code, then ` +
      `re-run with allow-fork-code: true, or let the pull_request event run it without secrets.`,
  };
}
