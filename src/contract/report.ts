/**
 * The report contract: the one thing the action (which writes `report.json`) and the server
 * (which reads it back from the artifact) share. Versioned: a reader refuses a major version it
 * does not know instead of guessing.
 */
import { z } from 'zod';
import { ChangeCoverageSchema } from './change-coverage.js';
import { BaselineSchema, ComparisonSchema } from './comparison.js';

/** Bump when a change would break an existing reader of `report.json`. */
export const REPORT_SCHEMA_VERSION = 1;

/** Overall verdict of a run. `error` means the run itself broke (app or browser crashed). */
export const ResultSchema = z.enum(['pass', 'fail', 'inconclusive', 'error']);
export type Result = z.infer<typeof ResultSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** A problem the deterministic checks (or the harness) found in the recordings. */
export const FindingSchema = z.object({
  /** Stable id within a report, e.g. `F3`. */
  id: z.string(),
  /** Which check produced it, e.g. `console-error`, `page-error`, `http-error`, `broken-link`. */
  check: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  /** Step index (1-based) where it was observed, or null when it is not tied to a step. */
  step: z.number().int().nullable(),
  url: z.string().nullable(),
  /** The recorded text that proves it: the console message, the response status line, … */
  evidence: z.string(),
  /** How many times the same finding was seen (deduplicated). */
  count: z.number().int().positive().default(1),
  /** Set when the run was compared with the PR's merge base: where this finding comes from. */
  baseline: BaselineSchema.optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Evidence for a criterion: a step and what was seen there. `verified` is set by the harness. */
export const EvidenceSchema = z.object({
  step: z.number().int(),
  quote: z.string().optional(),
  role: z.string().optional(),
  name: z.string().optional(),
  /** True when the harness found the quote (or role/name) in that step's recorded snapshot. */
  verified: z.boolean(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const CriterionStatusSchema = z.enum(['pass', 'fail', 'blocked', 'untested']);
export type CriterionStatus = z.infer<typeof CriterionStatusSchema>;

/** An acceptance criterion derived from the change, with its checked status. */
export const CriterionSchema = z.object({
  id: z.string(),
  description: z.string(),
  status: CriterionStatusSchema,
  evidence: z.array(EvidenceSchema).default([]),
  /** Why this status: the model's note, or the harness's reason for overriding it. */
  reason: z.string().optional(),
});
export type Criterion = z.infer<typeof CriterionSchema>;

/** One action taken in the browser, with what was recorded right after it. */
export const StepSchema = z.object({
  index: z.number().int().positive(),
  /** Tool / action name: navigate, click, fill, select, press, hover, check, go_back, wait_for, … */
  action: z.string(),
  /** A sentence a person reads: `Click button "Save"`. */
  description: z.string(),
  /** The equivalent Playwright code, e.g. `await page.getByRole('button', { name: 'Save' }).click();` */
  code: z.string().optional(),
  url: z.string(),
  title: z.string().optional(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /**
   * Where `durationMs` went, in ms: waiting for the previous step's page work, the action, the
   * settle after it, reading the page, the screenshot and checks run on the step's path, and the
   * recording itself; `deferredMs` is this step's work done after it answered (of which `axeMs`,
   * and `deferredScreenshotMs`, counted from the page read it starts beside).
   */
  phases: z.record(z.string(), z.number().nonnegative()).optional(),
  /** Screenshot file, relative to the report folder (e.g. `screenshots/step-003.png`). */
  screenshot: z.string().optional(),
  /**
   * Where the element the step acted on is in that screenshot, in the image's pixels (from the
   * box of the page tree recorded after the action); absent when it is not on the page.
   */
  target: z
    .object({
      x: z.number(),
      y: z.number(),
      width: z.number().nonnegative(),
      height: z.number().nonnegative(),
    })
    .optional(),
  /** The start of the accessibility snapshot recorded after the action. */
  snapshotExcerpt: z.string().optional(),
  outcome: z.enum(['ok', 'error']),
  error: z.string().optional(),
});
export type Step = z.infer<typeof StepSchema>;

export const UsageSchema = z.object({
  model: z.string().nullable(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative(),
  cacheWriteTokens: z.number().int().nonnegative(),
  /** Estimated cost in US dollars; null when no model ran or the model's price is unknown. */
  costUsd: z.number().nonnegative().nullable(),
  /** Which price table the cost came from (prices change; say where a figure came from). */
  priceTable: z.string().nullable(),
});
export type Usage = z.infer<typeof UsageSchema>;

/** Usage of a run in which no model ran (exploration, or nothing started). */
export const EMPTY_USAGE: Usage = Object.freeze({
  model: null,
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: null,
  priceTable: null,
});

export const TimingsSchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  totalMs: z.number().nonnegative(),
  appStartMs: z.number().nonnegative(),
  browserLaunchMs: z.number().nonnegative(),
  stepsMs: z.number().nonnegative(),
  reportMs: z.number().nonnegative(),
  /** Time spent comparing with the PR's merge base (its run, re-check, pictures), when it ran. */
  compareMs: z.number().nonnegative().optional(),
});
export type Timings = z.infer<typeof TimingsSchema>;

export const StopReasonSchema = z.enum([
  'steps',
  'turns',
  'time',
  'tokens',
  'cost',
  'loop',
  'finished',
  'error',
]);
export type StopReason = z.infer<typeof StopReasonSchema>;

export const PullRequestInfoSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  url: z.string(),
  headSha: z.string().optional(),
  baseRef: z.string().optional(),
  headRef: z.string().optional(),
});
export type PullRequestInfo = z.infer<typeof PullRequestInfoSchema>;

export const EnvironmentSchema = z.object({
  /** `agent`: a model drove the browser; `explore`: the deterministic walk (no model key). */
  mode: z.enum(['agent', 'explore']),
  url: z.string(),
  viewport: z.enum(['desktop', 'mobile']),
  browser: z.object({ name: z.string(), version: z.string(), source: z.string() }).nullable(),
  node: z.string(),
  os: z.string(),
  /** Where the run happened: a developer's machine or a CI run. */
  ci: z
    .object({
      runUrl: z.string().optional(),
      jobId: z.string().optional(),
      artifactName: z.string().optional(),
    })
    .nullable(),
  pr: PullRequestInfoSchema.nullable(),
  /**
   * Set on the runs a comparison makes beside the PR's own: `base`, the base branch's code (the
   * report the PR's compares against); `recheck`, the PR's code again, to tell flaky errors.
   * Absent on the PR's own run.
   */
  side: z.enum(['base', 'recheck']).optional(),
  /** Changed files the run was told about (from the diff). */
  changedFiles: z.array(z.string()),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

/** Files written next to `report.json`, relative to the report folder. */
export const ReportFilesSchema = z.object({
  json: z.string(),
  markdown: z.string(),
  html: z.string(),
  trace: z.string().nullable(),
  appLog: z.string().nullable(),
  spec: z.string().nullable(),
  /**
   * The pictures that decided the verdict, as small JPEGs (`previews/1.jpg`, …) for a chat
   * client to show: the failing step's screenshot, the visual difference when one was found.
   */
  previews: z
    .array(
      z.object({
        path: z.string(),
        source: z.string(),
        caption: z.string(),
        step: z.number().int().nullable(),
      }),
    )
    .max(3)
    .optional(),
  /**
   * Small JPEGs of the pages that changed visually (`previews/visual-1-before.jpg`, …), for a
   * chat client's card: the base's and the PR's picture of the first changes, by the change's
   * position in `comparison.visual`; null where a side could not be written.
   */
  visualPreviews: z
    .array(
      z.object({
        change: z.number().int().min(0),
        before: z.string().nullable(),
        after: z.string().nullable(),
      }),
    )
    .max(3)
    .optional(),
});
export type ReportFiles = z.infer<typeof ReportFilesSchema>;

export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('myfav-coworker'), version: z.string() }),
  result: ResultSchema,
  /** One or two sentences a person reads first. */
  summary: z.string(),
  criteria: z.array(CriterionSchema),
  findings: z.array(FindingSchema),
  steps: z.array(StepSchema),
  coverage: z.object({
    /** Pages (URLs) visited, in order of first visit. */
    visited: z.array(z.string()),
    /** What was planned or discovered but not exercised (budget ran out, blocked, …). */
    notCovered: z.array(z.string()),
    /**
     * Exploration only: pages discovered plus distinct controls seen (those skipped on purpose,
     * like destructive buttons, not counted), how many of them were exercised, the fraction, and
     * the floor the verdict held it to.
     */
    interactive: z.number().int().nonnegative().optional(),
    exercised: z.number().int().nonnegative().optional(),
    ratio: z.number().min(0).max(1).optional(),
    floor: z.number().min(0).max(1).optional(),
  }),
  budget: z.object({
    maxSteps: z.number().int().positive(),
    timeoutSec: z.number().positive(),
    stoppedBy: StopReasonSchema,
    /**
     * Exploration with a diff: why it stopped in words, with the changed code it ran or not
     * ("nothing left to try: 2 of 2 changed lines never ran in the browser; never called: …").
     */
    stopNote: z.string().optional(),
  }),
  usage: UsageSchema,
  timings: TimingsSchema,
  environment: EnvironmentSchema,
  /** The last lines of the app's log (redacted), most useful when the app failed. */
  appLogTail: z.string().nullable(),
  /**
   * How the start command's process ended, when it ended before the run was over: while the run
   * waited for the app to answer (`start`) or during the session (`run`). `code` is its exit
   * code, null when a signal ended it. Absent when the app kept running (or there was no
   * start command).
   */
  appExit: z
    .object({
      phase: z
        .enum(['start', 'run'])
        .describe('`start`: before the app answered at its URL; `run`: during the session.'),
      code: z.number().int().nullable().describe('The exit code; null when a signal ended it.'),
      signal: z.string().nullable().describe('The signal that ended it (`SIGKILL`), or null.'),
    })
    .describe(
      "How the app's start command ended, when it ended before the run was over (its exit code " +
        'and signal); absent while the app kept running or without a start command.',
    )
    .optional(),
  files: ReportFilesSchema,
  /** The comparison with the PR's merge base, when one ran. */
  comparison: ComparisonSchema.optional(),
  /** Which of the diff's changed executable lines ran (measured on head); absent without a diff. */
  changeCoverage: ChangeCoverageSchema.optional(),
});
export type Report = z.infer<typeof ReportSchema>;

/** Parses `report.json` text, with a clear error naming what is wrong. */
export function parseReport(text: string): Report {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the text around the fault, and the file is the run's to write.
    const at = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new Error(`report.json is not valid JSON${at ? ` (at character ${at})` : ''}.`, {
      cause: error,
    });
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new Error(
      `report.json has schemaVersion ${describeVersion(version)}; this reader understands ${REPORT_SCHEMA_VERSION}`,
    );
  }
  const parsed = ReportSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 10)
      .map(
        (issue) =>
          `${issue.path.map(String).map(shortKey).join('.') || '(root)'}: ${issue.message}`,
      );
    throw new Error(`report.json does not match the report schema: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** A schemaVersion as an error names it: a short version-like value, else only its type. */
function describeVersion(version: unknown): string {
  if (
    typeof version === 'number' ||
    (typeof version === 'string' && /^[\w.-]{1,20}$/.test(version))
  )
    return JSON.stringify(version);
  return version === undefined ? '(none)' : `of another kind (${typeof version})`;
}

/** A key of the file as an error names it: a short identifier, else a stand-in. */
function shortKey(key: string): string {
  return /^[\w-]{1,40}$/.test(key) ? key : '(a key)';
}
