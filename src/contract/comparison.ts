/**
 * Base-vs-head comparison in `report.json`: where each finding comes from, what the PR fixed,
 * and the pages whose pixels changed between the merge base and the PR. Additive: a report
 * without a comparison (no base run) is still valid.
 */
import { z } from 'zod';

/**
 * Where a finding comes from: `new` (seen only on the PR's head), `preexisting` (also seen on
 * the merge base), `flaky` (seen once on the head, not again when the head was re-checked).
 */
export const BaselineSchema = z.enum(['new', 'preexisting', 'flaky']);
export type Baseline = z.infer<typeof BaselineSchema>;

/** A finding of the base run that the head run no longer shows: fixed by this PR. */
export const FixedFindingSchema = z.object({
  check: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  title: z.string(),
  url: z.string().nullable(),
  evidence: z.string(),
});
export type FixedFinding = z.infer<typeof FixedFindingSchema>;

/** One page state reached on both sides whose screenshots differ. */
export const VisualChangeSchema = z.object({
  /** Head step (1-based) and the base step it was paired with. */
  step: z.number().int().positive(),
  baseStep: z.number().int().positive(),
  url: z.string(),
  /** The page's path with ids masked, e.g. `/notes/:id`. */
  page: z.string(),
  /** Share of pixels that differ, 0..1 (anti-aliasing ignored). */
  ratio: z.number().min(0).max(1),
  /** False when the diff touches no file that names this page: an unexpected visual change. */
  expected: z.boolean(),
  /** Images relative to the report folder: the base's, the head's, and the highlighted difference. */
  before: z.string(),
  after: z.string(),
  diff: z.string(),
});
export type VisualChange = z.infer<typeof VisualChangeSchema>;

export const ComparisonSchema = z.object({
  /** The ref the user gave and the merge-base commit the base run used. */
  baseRef: z.string(),
  baseSha: z.string(),
  /** How the base session was driven: the same deterministic walk, or the head's actions replayed. */
  method: z.enum(['explore', 'replay']),
  /** The base run's own report, relative to the report folder (`base/report.json`). */
  baseReport: z.string().nullable(),
  /** Result of the base run by itself (an `error` there means nothing could be compared). */
  baseResult: z.enum(['pass', 'fail', 'inconclusive', 'error']),
  /** True when the strict rule applies: preexisting errors fail the verdict too. */
  failOnPreexisting: z.boolean(),
  /** True when new error findings were re-checked with a second head run. */
  rechecked: z.boolean(),
  fixed: z.array(FixedFindingSchema),
  visual: z.array(VisualChangeSchema),
  /** What limited the comparison (dependencies not shared, steps not replayable, …). */
  notes: z.array(z.string()),
});
export type Comparison = z.infer<typeof ComparisonSchema>;
