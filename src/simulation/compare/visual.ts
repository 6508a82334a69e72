/**
 * Before/after pictures: every page state reached on both sides (the same action on the same
 * page template) has its base and head screenshots compared; each page that changed is listed
 * once, at its first changed state. A page that changed but that the diff does not name is an
 * "unexpected visual change" (a warning); one it names is expected.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Finding, Step, VisualChange } from '../../contract/index.js';
import { diffImages } from './image-diff.js';
import { pageTemplate } from './match.js';

/** Below this share of changed pixels (after anti-aliasing is ignored) a page did not change. */
export const VISUAL_CHANGE_RATIO = 0.001;

/** Inputs: both runs' steps, their report folders, and the change's file list. */
export interface VisualInput {
  headSteps: readonly Step[];
  baseSteps: readonly Step[];
  headDir: string;
  baseDir: string;
  changedFiles: readonly string[];
}

/** The visual changes found and the image files written (relative paths inside `headDir`). */
export interface VisualResult {
  changes: VisualChange[];
  files: string[];
}

/** Compares the screenshots of paired steps; see the module comment. */
export async function compareScreenshots(input: VisualInput): Promise<VisualResult> {
  const changes: VisualChange[] = [];
  const files: string[] = [];
  const seen = new Set<string>();
  await mkdir(join(input.headDir, 'visual'), { recursive: true });
  for (const [head, base] of pairSteps(input.headSteps, input.baseSteps)) {
    if (seen.has(pageTemplate(head.url))) continue;
    const name = basename(head.screenshot!, '.png');
    const before = `visual/${name}-before.png`;
    const diff = `visual/${name}-diff.png`;
    const result = await diffImages(
      join(input.baseDir, base.screenshot!),
      join(input.headDir, head.screenshot!),
      join(input.headDir, diff),
      VISUAL_CHANGE_RATIO,
    ).catch(() => null);
    // One entry per page: its first changed state (later states of it differ for the same reason).
    if (!result || result.ratio < VISUAL_CHANGE_RATIO) continue;
    seen.add(pageTemplate(head.url));
    await copyFile(join(input.baseDir, base.screenshot!), join(input.headDir, before));
    files.push(join(input.headDir, before), join(input.headDir, diff));
    const page = pageTemplate(head.url);
    changes.push({
      step: head.index,
      baseStep: base.index,
      url: head.url,
      page,
      ratio: Math.round(result.ratio * 10_000) / 10_000,
      expected: pageTouched(page, input.changedFiles),
      before,
      after: head.screenshot!,
      diff,
    });
  }
  return { changes, files };
}

/**
 * Pairs head and base steps that reached the same state: the same action described the same
 * way on the same page template, matched in order of occurrence (never by step number).
 */
export function pairSteps(headSteps: readonly Step[], baseSteps: readonly Step[]): [Step, Step][] {
  const key = (s: Step): string => `${s.description}\u0000${pageTemplate(s.url)}`;
  const queues = new Map<string, Step[]>();
  for (const s of baseSteps) {
    if (s.outcome !== 'ok' || !s.screenshot) continue;
    queues.set(key(s), [...(queues.get(key(s)) ?? []), s]);
  }
  const pairs: [Step, Step][] = [];
  for (const s of headSteps) {
    if (s.outcome !== 'ok' || !s.screenshot) continue;
    const base = queues.get(key(s))?.shift();
    if (base) pairs.push([s, base]);
  }
  // One comparison per page state: the first time each template was reached in that state.
  const seen = new Set<string>();
  return pairs.filter(([head]) => {
    const k = `${pageTemplate(head.url)}\u0000${head.description}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Whether the change names this page: a changed file whose name (or folder) is one of the
 * page's path words, e.g. `app/routes/settings.mjs` for `/settings`, `home` or `index` for `/`.
 * A shared stylesheet names no page, so what it changes elsewhere is unexpected.
 */
export function pageTouched(page: string, changedFiles: readonly string[]): boolean {
  const words = page
    .split('/')
    .filter((w) => w && w !== ':id')
    .map(stem);
  if (words.length === 0) words.push('home', 'index');
  const fileWords = new Set(
    changedFiles.flatMap((file) =>
      file
        .toLowerCase()
        .replace(/\.[a-z0-9]+$/, '')
        .split(/[/\\._-]+/)
        .map(stem),
    ),
  );
  return words.some((w) => fileWords.has(w));
}

function stem(word: string): string {
  return word.toLowerCase().replace(/s$/, '');
}

/** The warning findings for unexpected visual changes. */
export function visualFindings(changes: readonly VisualChange[]): Omit<Finding, 'id'>[] {
  return changes
    .filter((c) => !c.expected)
    .map((c) => ({
      check: 'visual-change',
      severity: 'warning' as const,
      title: `Unexpected visual change on ${c.page}`,
      step: c.step,
      url: c.url,
      evidence: `${(c.ratio * 100).toFixed(2)}% of the pixels differ from the base (step ${c.baseStep} there), and the diff touches no file named after this page. Before: ${c.before}; after: ${c.after}; difference: ${c.diff}.`,
      count: 1,
      baseline: 'new' as const,
    }));
}
