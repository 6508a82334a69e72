/**
 * Perception that stays small. The model sees the page as a compact accessibility tree (every
 * element that has a ref is kept; wrappers without a name and pointer hints are dropped), then
 * only what changed after each action, and a fresh compact tree when the page changed wholesale.
 * Peers that resend the full `ariaSnapshot` after every action blow up the context; this is the
 * main reason a run here costs a fraction of theirs. `bench/observe.ts` measures the ratio.
 */

import { fence } from './fence.js';
import {
  compactView,
  fullRef,
  indexByRef,
  refPrefix,
  shortRef,
  type PageNode,
  type PageTree,
} from '../page/index.js';

// ---------------------------------------------------------------------------------------------
// Deltas

export type Delta =
  | { kind: 'same' }
  | { kind: 'diff'; text: string; added: number; removed: number }
  | { kind: 'full' };

/** Above this share of the new page's size, a diff is no cheaper to read than the page. */
const WHOLESALE_SHARE = 0.8;
/** Removed lines are shown shortened: the model needs to know they are gone, not reread them. */
const REMOVED_CHARS = 60;
/** Line-diff work bound (rows × columns of the LCS table); bigger changes count as wholesale. */
const MAX_LCS_CELLS = 4_000_000;

/** Line diff of two compact snapshots, or `full` when the page changed wholesale. */
export function diffSnapshots(previous: string, next: string): Delta {
  if (previous === next) return { kind: 'same' };
  const a = previous.split('\n');
  const b = next.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_LCS_CELLS) return { kind: 'full' };
  const ops = lineOps(midA, midB);
  // Render hunks: each run of changes, preceded by the nearest ancestor line as context.
  const lines: string[] = [];
  let added = 0;
  let removed = 0;
  let bIndex = start;
  let inHunk = false;
  let removedRun: string[] = [];
  const flushRemoved = () => {
    // A contiguous run of removed lines is shown by its first and last line: the model knows
    // exactly which block of its previous view is gone without rereading all of it.
    const short = (line: string) =>
      `-${line.length > REMOVED_CHARS ? `${line.slice(0, REMOVED_CHARS)}…` : line}`;
    if (removedRun.length <= 3) lines.push(...removedRun.map(short));
    else
      lines.push(
        short(removedRun[0] as string),
        `-… ${removedRun.length - 2} more removed lines …`,
        short(removedRun.at(-1) as string),
      );
    removedRun = [];
  };
  for (const op of ops) {
    if (op.kind !== 'del') flushRemoved();
    if (op.kind === 'keep') {
      bIndex++;
      inHunk = false;
      continue;
    }
    if (!inHunk) {
      const context = ancestorOf(b, bIndex);
      lines.push(context === null ? '@ top of page' : `@ in: ${context.trim()}`);
      inHunk = true;
    }
    if (op.kind === 'add') {
      lines.push(`+${op.line}`);
      added++;
      bIndex++;
    } else {
      removedRun.push(op.line);
      removed++;
    }
  }
  flushRemoved();
  const text = lines.join('\n');
  if (text.length > next.length * WHOLESALE_SHARE) return { kind: 'full' };
  return { kind: 'diff', text, added, removed };
}

type Op = { kind: 'keep' | 'add' | 'del'; line: string };

/** Classic LCS line diff; inputs are already trimmed of their common prefix and suffix. */
function lineOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i] as Uint32Array;
    const below = table[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        a[i] === b[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'keep', line: a[i] as string });
      i++;
      j++;
    } else if (
      ((table[i + 1] as Uint32Array)[j] as number) >= ((table[i] as Uint32Array)[j + 1] as number)
    ) {
      ops.push({ kind: 'del', line: a[i] as string });
      i++;
    } else {
      ops.push({ kind: 'add', line: b[j] as string });
      j++;
    }
  }
  while (i < n) ops.push({ kind: 'del', line: a[i++] as string });
  while (j < m) ops.push({ kind: 'add', line: b[j++] as string });
  return ops;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The closest line above `index` in `lines` with less indent than the line at `index`. */
function ancestorOf(lines: string[], index: number): string | null {
  const own = lines[index] !== undefined ? indentOf(lines[index] as string) : 0;
  for (let k = Math.min(index, lines.length) - 1; k >= 0; k--) {
    const line = lines[k] as string;
    if (indentOf(line) < own) return line;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// What the model is shown

/** Page content is data, never instructions: fenced, with any fence look-alike defused. */
export function wrapUntrusted(content: string): string {
  return fence('page_content', content);
}

export interface ObservationView {
  kind: 'full' | 'diff' | 'same';
  text: string;
}

/** Diffs since the last full view may add up to this many times the page before a fresh full view. */
const DIFF_BUDGET = 1.5;

/** The refs a view showed, as the model writes them (`e8`), to the nodes they name. */
interface Known {
  prefix: string;
  byShortRef: Map<string, PageNode>;
}

function knownOf(tree: PageTree): Known {
  const prefix = refPrefix(tree);
  const byShortRef = new Map<string, PageNode>();
  for (const [ref, node] of indexByRef(tree)) byShortRef.set(shortRef(ref, prefix), node);
  return { prefix, byShortRef };
}

/**
 * Tracks what the model last saw and turns each new observation into the smallest faithful
 * message: the same page → "no change"; a small change → a diff; a new page → a compact tree.
 */
export class Perception {
  private lastCompact: string | null = null;
  private known: Known | null = null;
  /** A fresher tree the model saw part of through `find`, without resetting the delta base. */
  private side: Known | null = null;
  /** Bytes of diffs sent since the last full view; past DIFF_BUDGET × the page a full view is cheaper. */
  private diffBytesSinceFull = 0;

  /** The view of `tree` (already redacted), updating what the model has seen. */
  view(tree: PageTree, options: { forceFull?: boolean } = {}): ObservationView {
    const known = knownOf(tree);
    const compact = compactView(tree, known.prefix);
    const previous = this.lastCompact;
    this.lastCompact = compact;
    this.known = known;
    this.side = null;
    // Across navigations too: pages of one app share their header and footer, and refs of
    // unchanged lines stay valid, so the diff is faithful; a real change of page is `full`.
    if (!options.forceFull && previous !== null) {
      const delta = diffSnapshots(previous, compact);
      if (delta.kind === 'same') return { kind: 'same', text: 'No change in the page.' };
      if (
        delta.kind === 'diff' &&
        this.diffBytesSinceFull + delta.text.length < compact.length * DIFF_BUDGET
      ) {
        this.diffBytesSinceFull += delta.text.length;
        return {
          kind: 'diff',
          text: `Changes (+${delta.added} −${delta.removed} lines; "@ in:" names the parent):\n${delta.text}`,
        };
      }
    }
    this.diffBytesSinceFull = 0;
    return { kind: 'full', text: compact };
  }

  /** The compact tree the model currently knows. */
  get current(): string | null {
    return this.lastCompact;
  }

  /** A live tree `find` searched: the refs of what it shows become known. */
  remember(tree: PageTree): void {
    this.side = knownOf(tree);
  }

  /**
   * The full ref to act on for a ref the model gives (`e8` → `f2e8`), or null when the model has
   * not been shown it since the page last changed.
   */
  resolve(ref: string): string | null {
    for (const known of [this.side, this.known]) {
      const node = known?.byShortRef.get(ref);
      if (known && node) return node.ref ?? fullRef(ref, known.prefix);
    }
    return null;
  }

  /** The node the model means by `ref`, in what it saw. */
  node(ref: string): PageNode | null {
    return this.side?.byShortRef.get(ref) ?? this.known?.byShortRef.get(ref) ?? null;
  }

  /** Role and name of `ref` in what the model saw. */
  describe(ref: string): { role: string; name: string } | null {
    const node = this.node(ref);
    return node ? { role: node.role, name: node.name } : null;
  }
}
