/**
 * Workflow annotations for a report's findings and failed criteria, through the runner.
 */
import type { Report } from '../contract/index.js';
import { toAnnotations } from '../report/index.js';

/** GitHub shows at most 10 annotations of each level per step; more are dropped silently. */
export const MAX_PER_LEVEL = 10;

/** The annotation calls of the runtime. */
export interface AnnotationSink {
  error(message: string, target: { title: string }): void;
  warning(message: string, target: { title: string }): void;
  notice(message: string, target: { title: string }): void;
}

/** Emits the report's annotations (capped per level, saying how many were left out). */
export function emitAnnotations(sink: AnnotationSink, report: Report): number {
  const perLevel = { error: 0, warning: 0, notice: 0 };
  const skipped = { error: 0, warning: 0, notice: 0 };
  let emitted = 0;
  for (const a of toAnnotations(report)) {
    if (perLevel[a.level] >= MAX_PER_LEVEL - 1) {
      skipped[a.level] += 1;
      continue;
    }
    perLevel[a.level] += 1;
    sink[a.level](a.message, { title: a.title });
    emitted += 1;
  }
  for (const level of ['error', 'warning', 'notice'] as const) {
    if (skipped[level] > 0) {
      sink[level](`${skipped[level]} more; see the report for all of them.`, {
        title: `myfav-coworker: ${skipped[level]} more ${level === 'notice' ? 'notice' : level}s`,
      });
    }
  }
  return emitted;
}
