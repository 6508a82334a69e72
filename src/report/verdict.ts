/**
 * The verdict: how a run's recordings become pass / fail / inconclusive / error, and the one or
 * two sentences a person reads first. Deterministic: the model proposes criterion statuses, but
 * these rules (not the model) decide the result.
 */
import type {
  Criterion,
  Finding,
  Result,
  StopReason,
  Step,
  Environment,
} from '../contract/index.js';
import { oneLine, plural, truncate } from './format.js';

/** What {@link decideResult} looks at. */
export interface VerdictInput {
  criteria: readonly Pick<Criterion, 'id' | 'description' | 'status' | 'evidence' | 'reason'>[];
  findings: readonly Pick<Finding, 'severity' | 'title' | 'baseline'>[];
  /** Strict mode: errors already on the merge base (and flaky ones) fail the run too. */
  failOnPreexisting?: boolean;
  /** Why the run stopped: `finished`, a budget (`steps`, `time`, `tokens`, `cost`, `loop`), `error`. */
  stoppedBy: StopReason;
  mode: Environment['mode'];
  /** True (or the reason, as text) when the app, the browser or the harness broke. */
  crashed?: boolean | string | null;
  /** Number of steps taken. Omitted: the "at least one step" rule of explore mode is skipped. */
  steps?: number;
  /** What was discovered but not exercised (explore mode): a budget stop with some left is inconclusive. */
  notCovered?: number;
  /**
   * Explore mode: the fraction of the interactive elements seen that were exercised (0–1), and
   * the floor it must reach for a pass. When given, it decides rule 5 instead of `notCovered`.
   */
  coverage?: { ratio: number; floor: number };
  /**
   * Change coverage (measured on head): how many of the diff's changed executable lines ran, the
   * floor (0–1) they must reach, and the changed functions none of whose lines ran.
   */
  changeCoverage?: {
    totals: { changedLines: number; ranLines: number };
    floor: number;
    functionsNotRun: readonly string[];
  };
  /** Why there was nothing to test (an empty change): the run is inconclusive, never a pass. */
  nothingToTest?: string;
  /**
   * Why the session did not meet the change (a PR of documentation the app never served): the
   * run is inconclusive rather than a pass, while its errors still fail it.
   */
  untestedChange?: string;
}

/** The share of the diff's changed executable lines that must run for a pass, by default. */
export const DEFAULT_CHANGE_COVERAGE_FLOOR = 0.5;

/** The coverage an exploration must reach for a pass, unless configured otherwise. */
export const DEFAULT_COVERAGE_FLOOR = 0.3;

/** The decided result and the rule that decided it, in words. */
export interface Verdict {
  result: Result;
  reason: string;
}

const BUDGET_STOPS: ReadonlySet<StopReason> = new Set([
  'steps',
  'turns',
  'time',
  'tokens',
  'cost',
  'loop',
]);

const BUDGET_WORDS: Record<string, string> = {
  steps: 'the step budget ran out',
  turns: 'the model-turn budget ran out',
  time: 'the time budget ran out',
  tokens: 'the token budget ran out',
  cost: 'the cost budget ran out',
  loop: 'the agent was stopped for repeating itself',
};

function percent(ratio: number): string {
  return `${Math.floor(ratio * 100)}%`;
}

function quoteList(items: readonly string[], max = 2): string {
  const shown = items.slice(0, max).map((d) => `"${truncate(oneLine(d), 80)}"`);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  return `${shown.join(', ')}${more}`;
}

/**
 * Decides the result of a run. The rules, first match wins:
 *
 * 1. **error**: the run crashed (`crashed`) or stopped on an error (`stoppedBy: 'error'`):
 *    the app did not start, the browser died, the harness threw. Never a pass.
 *    **inconclusive** when there was nothing to test (`nothingToTest`: an empty change).
 * 2. **fail**: any finding has severity `error` (uncaught page error, console error, HTTP 5xx, …),
 *    whatever the model concluded.
 * 3. **fail**: any acceptance criterion has status `fail`.
 * 3b. **inconclusive**: the session never met the change (`untestedChange`: the diff holds only
 *    documentation or repository files, and the app served none of them).
 * 4. **inconclusive**: a budget stopped the run (`steps`, `time`, `tokens`, `cost`, `loop`) while
 *    some criterion is still `untested` or `blocked`.
 * 4b. **inconclusive**: the diff has changed executable lines and fewer than the change-coverage
 *    floor of them ran in the session, naming the changed functions that never ran. A diff
 *    without executable code (docs, styles) skips this rule.
 * 5. Explore mode (no model): **inconclusive** when none ran, or when the coverage (the fraction
 *    of the pages and controls seen that were exercised) is under its floor; otherwise **pass**,
 *    also when the step budget ended it with controls left. Without a coverage figure: a budget
 *    stop with pages or controls still unexplored (`notCovered`) is inconclusive.
 * 6. Agent mode with no criteria: **inconclusive** (nothing was claimed, so nothing is proven).
 * 7. Agent mode: **pass** when every criterion is `pass` with at least one evidence item the
 *    harness verified in the recorded snapshot.
 * 8. Otherwise **inconclusive**: some criterion is `blocked`, `untested`, or claimed `pass`
 *    without verified evidence.
 *
 * Warnings and info findings never change the result; they are listed in the report. When the
 * run was compared with the PR's merge base, rule 2 counts only `new` errors (see
 * {@link countsAgainstPr}); `failOnPreexisting` restores the strict rule.
 */
export function decideResult(input: VerdictInput): Verdict {
  const { criteria, findings, stoppedBy, mode, crashed } = input;

  if (crashed || stoppedBy === 'error') {
    const why = typeof crashed === 'string' && crashed.trim() ? `: ${oneLine(crashed)}` : '';
    return { result: 'error', reason: `the run could not complete${why}` };
  }
  if (input.nothingToTest) return { result: 'inconclusive', reason: input.nothingToTest };

  const errors = findings.filter((f) => countsAgainstPr(f, input.failOnPreexisting));
  if (errors.length > 0) {
    return {
      result: 'fail',
      reason: `${plural(errors.length, baselineWord(errors, 'error'))} found: ${quoteList(errors.map((f) => f.title))}`,
    };
  }

  const failed = criteria.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    return {
      result: 'fail',
      reason: `${plural(failed.length, 'criterion', 'criteria')} failed: ${quoteList(failed.map((c) => c.description))}`,
    };
  }
  if (input.untestedChange) return { result: 'inconclusive', reason: input.untestedChange };

  const open = criteria.filter((c) => c.status === 'untested' || c.status === 'blocked');
  if (BUDGET_STOPS.has(stoppedBy) && open.length > 0) {
    return {
      result: 'inconclusive',
      reason: `${BUDGET_WORDS[stoppedBy]} with ${plural(open.length, 'criterion', 'criteria')} not verified: ${quoteList(open.map((c) => c.description))}`,
    };
  }

  const unexercised = changeCoverageShortfall(input.changeCoverage);
  if (unexercised) return { result: 'inconclusive', reason: unexercised };

  if (mode === 'explore') {
    if (input.steps === 0) {
      return { result: 'inconclusive', reason: 'the exploration took no steps' };
    }
    if (input.coverage) {
      const { ratio, floor } = input.coverage;
      if (ratio < floor) {
        return {
          result: 'inconclusive',
          reason: `the exploration exercised ${percent(ratio)} of the pages and controls it saw, under the ${percent(floor)} coverage floor`,
        };
      }
      return {
        result: 'pass',
        reason: `the exploration found no errors (coverage ${percent(ratio)})`,
      };
    }
    if (BUDGET_STOPS.has(stoppedBy) && (input.notCovered ?? 0) > 0) {
      return {
        result: 'inconclusive',
        reason: `${BUDGET_WORDS[stoppedBy]} with ${plural(input.notCovered ?? 0, 'page or control', 'pages or controls')} not explored`,
      };
    }
    return { result: 'pass', reason: 'the exploration found no errors' };
  }

  if (criteria.length === 0) {
    return { result: 'inconclusive', reason: 'no acceptance criteria were checked' };
  }

  const unproven = criteria.filter(
    (c) => c.status !== 'pass' || !c.evidence.some((e) => e.verified),
  );
  if (unproven.length === 0) {
    return {
      result: 'pass',
      reason: `all ${plural(criteria.length, 'criterion', 'criteria')} verified with evidence`,
    };
  }

  const claimed = unproven.filter((c) => c.status === 'pass');
  if (claimed.length > 0 && open.length === 0) {
    return {
      result: 'inconclusive',
      reason: `${plural(claimed.length, 'criterion', 'criteria')} claimed to pass without verified evidence: ${quoteList(claimed.map((c) => c.description))}`,
    };
  }
  return {
    result: 'inconclusive',
    reason: `${plural(unproven.length, 'criterion', 'criteria')} not verified: ${quoteList(unproven.map((c) => c.description))}`,
  };
}

/** Why the changed code is not shown to have run (rule 4b), or null when it is. */
function changeCoverageShortfall(coverage: VerdictInput['changeCoverage']): string | null {
  if (!coverage) return null;
  const { changedLines, ranLines } = coverage.totals;
  if (changedLines === 0 || ranLines / changedLines >= coverage.floor) return null;
  const names = coverage.functionsNotRun;
  const which = names.length > 0 ? `; never ran: ${quoteList(names, 3)}` : '';
  return `only ${ranLines} of ${plural(changedLines, 'changed line')} ran in the session, under the ${percent(coverage.floor)} change-coverage floor${which}`;
}

/** What {@link summarize} needs: a report (or one being built) plus the verdict's reason. */
export interface SummaryInput {
  result: Result;
  /** The reason from {@link decideResult}; used when the counts alone do not explain the result. */
  reason?: string;
  criteria: readonly Pick<Criterion, 'description' | 'status' | 'reason'>[];
  findings: readonly Pick<Finding, 'severity' | 'title' | 'baseline'>[];
  failOnPreexisting?: boolean;
  steps: readonly Pick<Step, 'index'>[];
  coverage: { visited: readonly string[] };
}

const LABEL: Record<Result, string> = {
  pass: 'Pass',
  fail: 'Fail',
  inconclusive: 'Inconclusive',
  error: 'Error',
};

/** "title" as it reads mid-sentence: `Uncaught TypeError` → `uncaught TypeError`, `POST …` kept. */
function midSentence(text: string): string {
  const clean = truncate(oneLine(text), 120).replace(/[.\s]+$/, '');
  if (/^[A-Z][a-z]/.test(clean)) return clean[0]!.toLowerCase() + clean.slice(1);
  return clean;
}

function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/**
 * The one or two sentences a person reads first, e.g.
 * `Fail: 2 errors found in 14 steps across 4 pages — uncaught TypeError after clicking "Add to
 * cart"; POST /api/save returned 500.`
 */
export function summarize(report: SummaryInput): string {
  const label = LABEL[report.result];
  const scope = `${plural(report.steps.length, 'step')} across ${plural(report.coverage.visited.length, 'page')}`;
  const errors = report.findings.filter((f) => countsAgainstPr(f, report.failOnPreexisting));
  const warnings = report.findings.filter((f) => f.severity === 'warning');
  const warningNote = withPreexistingNote(
    report.findings,
    warnings.length > 0 ? ` (${plural(warnings.length, 'warning')})` : '',
    report.failOnPreexisting,
  );
  const reason = report.reason ? truncate(oneLine(report.reason), 300) : '';
  const examples = (titles: string[]): string => {
    const shown = titles.slice(0, 2).map(midSentence);
    const more = titles.length > 2 ? `; and ${titles.length - 2} more` : '';
    return `${shown.join('; ')}${more}`;
  };

  switch (report.result) {
    case 'fail': {
      if (errors.length > 0) {
        return `${label}: ${plural(errors.length, baselineWord(errors, 'error'))} found in ${scope} — ${examples(errors.map((f) => f.title))}.`;
      }
      const failed = report.criteria.filter((c) => c.status === 'fail');
      if (failed.length > 0) {
        const details = failed.map((c) =>
          c.reason
            ? `${truncate(oneLine(c.description), 100)} (${truncate(oneLine(c.reason), 100)})`
            : c.description,
        );
        return `${label}: ${failed.length} of ${plural(report.criteria.length, 'criterion', 'criteria')} failed in ${scope} — ${examples(details)}.`;
      }
      return `${label}: ${reason || 'the run failed'} (${scope}).`;
    }
    case 'pass': {
      if (report.criteria.length > 0) {
        return `${label}: all ${plural(report.criteria.length, 'criterion', 'criteria')} verified in ${scope}, no errors found${warningNote}.`;
      }
      return `${label}: no ${report.findings.some((f) => f.baseline) ? 'new ' : ''}errors found in ${scope}${warningNote}.`;
    }
    case 'inconclusive':
      return `${label}: ${reason || 'the change could not be verified'} (${scope}).`;
    case 'error':
      return `${label}: ${reason ? capitalize(reason).replace(/\.$/, '') : 'the run could not complete'}${report.steps.length > 0 ? ` (after ${scope})` : ''}.`;
  }
}

/**
 * Whether a finding fails the PR. Only errors do; when the run was compared with the merge base
 * (the finding has a `baseline`), only those the PR brought (`new`), unless `failOnPreexisting`
 * asks for the strict rule, where preexisting and flaky errors count too.
 */
export function countsAgainstPr(
  finding: Pick<Finding, 'severity' | 'baseline'>,
  failOnPreexisting = false,
): boolean {
  if (finding.severity !== 'error') return false;
  if (failOnPreexisting || finding.baseline === undefined) return true;
  return finding.baseline === 'new';
}

/** `error` → `new error` once findings carry a baseline, so the count says what it counts. */
function baselineWord(findings: readonly Pick<Finding, 'baseline'>[], noun: string): string {
  return findings.every((f) => f.baseline === 'new') ? `new ${noun}` : noun;
}

/** Appends "2 preexisting errors not counted" to a summary's note when the comparison set some aside. */
function withPreexistingNote(
  findings: readonly Pick<Finding, 'severity' | 'baseline'>[],
  note: string,
  failOnPreexisting = false,
): string {
  if (failOnPreexisting) return note;
  const aside = findings.filter(
    (f) => f.severity === 'error' && (f.baseline === 'preexisting' || f.baseline === 'flaky'),
  );
  if (aside.length === 0) return note;
  const preexisting = aside.filter((f) => f.baseline === 'preexisting').length;
  const flaky = aside.length - preexisting;
  const parts = [
    ...(preexisting ? [`${plural(preexisting, 'preexisting error')}`] : []),
    ...(flaky ? [`${plural(flaky, 'flaky error')}`] : []),
  ];
  const words = `${parts.join(' and ')} not counted`;
  return note ? note.replace(/\)$/, `; ${words})`) : ` (${words})`;
}
