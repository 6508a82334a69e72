/**
 * Workflow annotations (`::error title=…::message`) for a report: they show on the run's
 * summary page and in the PR's checks, so the worst problems are visible without opening the
 * comment.
 */
import type { Report } from '../contract/index.js';
import { isAside } from './comparison-markdown.js';
import { oneLine, truncate } from './format.js';

/** One annotation; the action turns it into `core.error` / `core.warning` / `core.notice`. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  title: string;
  message: string;
}

const LEVEL_ORDER = { error: 0, warning: 1, notice: 2 } as const;
const MAX_TITLE = 200;
const MAX_MESSAGE = 1000;

/**
 * Annotations for a report: error findings → `error`, warning findings → `warning`, info
 * findings → `notice`, failed criteria → `error`; preexisting and flaky findings of a base
 * comparison are notices (unless fail-on-preexisting). Errors come first, because GitHub shows only
 * the first few annotations of each level per step.
 */
export function toAnnotations(report: Report): Annotation[] {
  const out: Annotation[] = [];
  for (const c of report.criteria) {
    if (c.status !== 'fail') continue;
    const evidence = c.evidence.map(
      (ev) =>
        `step ${ev.step}${ev.quote ? `: "${oneLine(ev.quote)}"` : ''}${ev.verified ? ' (verified)' : ''}`,
    );
    out.push({
      level: 'error',
      title: truncate(`Criterion failed: ${oneLine(c.description)}`, MAX_TITLE),
      message: truncate(
        [c.reason ?? '', ...evidence].filter(Boolean).join('\n') || c.description,
        MAX_MESSAGE,
      ),
    });
  }
  for (const f of report.findings) {
    // What was already on the base (or flaky) is a notice: the PR's own problems come first.
    const aside = !report.comparison?.failOnPreexisting && isAside(f);
    const level =
      aside || f.severity === 'info' ? 'notice' : f.severity === 'error' ? 'error' : 'warning';
    const origin = f.baseline && f.baseline !== 'new' ? ` [${f.baseline}]` : '';
    const where = [f.step !== null ? `step ${f.step}` : null, f.url].filter(Boolean).join(' · ');
    const count = f.count > 1 ? ` (seen ${f.count} times)` : '';
    out.push({
      level,
      title: truncate(`${oneLine(f.title)}${count}${origin}`, MAX_TITLE),
      message: truncate(
        [`[${f.check}] ${f.evidence}`, where].filter(Boolean).join('\n'),
        MAX_MESSAGE,
      ),
    });
  }
  return out
    .map((a, i) => ({ a, i }))
    .sort((x, y) => LEVEL_ORDER[x.a.level] - LEVEL_ORDER[y.a.level] || x.i - y.i)
    .map(({ a }) => a);
}
