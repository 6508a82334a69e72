/**
 * Perception that stays small. The model sees the page as a compact accessibility tree (refs on
 * what one acts on, folded wrappers and repeats, long text cut; see `page/compact.ts`), then only
 * what changed after each action (`+` new, `-` gone, `~` the same element with a changed line),
 * and a fresh compact tree when the page changed wholesale. An element an app re-renders keeps
 * the ref the model knows. Peers that resend the full `ariaSnapshot` after every action blow up
 * the context; this is the main reason a run here costs a fraction of theirs. `bench/observe.ts`
 * measures the ratio.
 */

import { fence } from './fence.js';
import {
  actsOn,
  fullRef,
  indexByRef,
  refPrefix,
  shortRef,
  lineOf,
  viewNodes,
  VIEW_LINE,
  type PageNode,
  type PageTree,
} from '../page/index.js';

// ---------------------------------------------------------------------------------------------
// Deltas

export type Delta =
  | { kind: 'same' }
  | { kind: 'diff'; text: string; added: number; removed: number; changed: number }
  | { kind: 'full' };

/** Above this share of the new page's size, a diff is no cheaper to read than the page. */
const WHOLESALE_SHARE = 0.8;
/** Removed lines are shown shortened: the model needs to know they are gone, not reread them. */
const REMOVED_CHARS = 60;
/** Line-diff work bound (rows × columns of the LCS table); bigger changes count as wholesale. */
const MAX_LCS_CELLS = 4_000_000;

/**
 * What makes two lines the same element: its ref when the line shows one, else its indent, role
 * and name. A removed and an added line of the same element are one changed (`~`) line.
 */
function identityOf(line: string): string {
  const ref = /\[((?:f\d+)?e\d+)\]/.exec(line)?.[1];
  if (ref) return ref;
  // A text fragment is its text: another text in its place is a new fragment, not a change.
  if (/^\s*text: /.test(line)) return line;
  return /^\s*[a-z]+(?: "(?:[^"\\]|\\.)*")?/.exec(line)?.[0] ?? line;
}

function shortened(line: string): string {
  return `-${line.length > REMOVED_CHARS ? `${line.slice(0, REMOVED_CHARS)}…` : line}`;
}

/**
 * One run of changes: removed lines first (a long run by its first and last line, so the model
 * knows which block of its previous view is gone without rereading it), then the new lines,
 * `~` for an element still there whose line changed, `+` for a new one.
 */
function renderRun(dels: string[], adds: string[]): { lines: string[]; changed: number } {
  const byIdentity = new Map<string, number[]>();
  dels.forEach((line, i) => {
    const id = identityOf(line);
    byIdentity.set(id, [...(byIdentity.get(id) ?? []), i]);
  });
  const paired = new Set<number>();
  const added = adds.map((line) => {
    const match = byIdentity.get(identityOf(line))?.find((i) => !paired.has(i));
    if (match === undefined) return `+${line}`;
    paired.add(match);
    return `~${line}`;
  });
  const gone = dels.filter((_, i) => !paired.has(i));
  const removed =
    gone.length <= 3
      ? gone.map(shortened)
      : [
          shortened(gone[0] as string),
          `-… ${gone.length - 2} more removed lines …`,
          shortened(gone.at(-1) as string),
        ];
  return { lines: [...removed, ...added], changed: paired.size };
}

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
  // Each run of changes is preceded by the nearest ancestor line as context, unless the run
  // before it had the same one.
  const lines: string[] = [];
  let added = 0;
  let removed = 0;
  let changed = 0;
  let lastContext: string | null = null;
  let bIndex = start;
  let runStart = start;
  let dels: string[] = [];
  let adds: string[] = [];
  const flush = () => {
    if (!dels.length && !adds.length) return;
    const ancestor = ancestorOf(b, runStart);
    const context = ancestor === null ? '@ top of page' : `@ in: ${ancestor.trim()}`;
    if (context !== lastContext) lines.push(context);
    lastContext = context;
    const run = renderRun(dels, adds);
    lines.push(...run.lines);
    changed += run.changed;
    added += adds.length - run.changed;
    removed += dels.length - run.changed;
    dels = [];
    adds = [];
  };
  for (const op of [...lineOps(midA, midB), { kind: 'keep', line: '' } as Op]) {
    if (op.kind === 'keep') {
      flush();
      bIndex++;
      runStart = bIndex;
    } else if (op.kind === 'add') {
      adds.push(op.line);
      bIndex++;
    } else dels.push(op.line);
  }
  const text = lines.join('\n');
  if (text.length > next.length * WHOLESALE_SHARE) return { kind: 'full' };
  return { kind: 'diff', text, added, removed, changed };
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

/**
 * Diffs since the last full view may add up to this many times the page before a fresh full view
 * (which lets the conversation drop them). Measured on the observe bench's walk: 2.5 sends the
 * fewest bytes in all; 1.5 resent whole todo lists after five small diffs.
 */
const DIFF_BUDGET = 2.5;

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

/** A line of the last view: its text with the ref masked, and the ref it showed. */
interface ShownLine {
  masked: string;
  shown: string | null;
}

/** Stands for any ref when lines are compared regardless of their refs. */
const ANY_REF = '\u0001';

/** Pairs of indexes (old, new) of equal lines, by a line diff of the two lists. */
function sameLines(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start])
    pairs.push([start, start++]);
  let endA = a.length;
  let endB = b.length;
  const tail: Array<[number, number]> = [];
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) tail.push([--endA, --endB]);
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length <= MAX_LCS_CELLS) {
    let i = start;
    let j = start;
    for (const op of lineOps(midA, midB)) {
      if (op.kind === 'keep') pairs.push([i++, j++]);
      else if (op.kind === 'del') i++;
      else j++;
    }
  }
  return [...pairs, ...tail];
}

/**
 * The view of `tree` as the model reads it. An app that re-renders a part of the page (a list, a
 * sidebar) gives the same elements new refs; a line that reads the same as a line of the last
 * view, ref aside, keeps the ref the model already knows, so the re-render is no change to it.
 * A kept ref always stands for the new element, and is never one the new page uses itself.
 */
function renderView(
  tree: PageTree,
  prefix: string,
  last: readonly ShownLine[],
): { lines: ShownLine[]; text: string; aliases: Map<string, PageNode> } {
  const entries = viewNodes(tree);
  const masked = entries.map(
    ({ node, depth }) =>
      ' '.repeat(depth) + lineOf(node.ref ? { ...node, ref: ANY_REF } : node, prefix, VIEW_LINE),
  );
  const realRefs = new Set([...indexByRef(tree).keys()].map((ref) => shortRef(ref, prefix)));
  const shown = entries.map(({ node }) =>
    node.ref && actsOn(node) ? shortRef(node.ref, prefix) : null,
  );
  const aliases = new Map<string, PageNode>();
  for (const [i, j] of sameLines(
    last.map((l) => l.masked),
    masked,
  )) {
    const before = (last[i] as ShownLine).shown;
    if (before === null || shown[j] === null || before === shown[j] || realRefs.has(before))
      continue;
    shown[j] = before;
    aliases.set(before, (entries[j] as { node: PageNode }).node);
  }
  const lines = entries.map((_, j) => ({ masked: masked[j] as string, shown: shown[j] ?? null }));
  const text = entries
    .map(({ node, depth }, j) => {
      const ref = shown[j];
      const as = ref ? { ...node, ref: fullRef(ref, prefix) } : node;
      return ' '.repeat(depth) + lineOf(as, prefix, VIEW_LINE);
    })
    .join('\n');
  return { lines, text, aliases };
}

/** `+3 −1 ~2`, leaving out kinds of change that did not happen. */
function counts(delta: { added: number; removed: number; changed: number }): string {
  const parts = [`+${delta.added}`, `−${delta.removed}`, `~${delta.changed}`];
  return parts.filter((_, i) => [delta.added, delta.removed, delta.changed][i]).join(' ');
}

/**
 * Tracks what the model last saw and turns each new observation into the smallest faithful
 * message: the same page → "no change"; a small change → a diff; a new page → a compact tree.
 */
export class Perception {
  private lastCompact: string | null = null;
  private lastLines: ShownLine[] = [];
  private known: Known | null = null;
  /** A fresher tree the model saw part of through `find`, without resetting the delta base. */
  private side: Known | null = null;
  /** Bytes of diffs sent since the last full view; past DIFF_BUDGET × the page a full view is cheaper. */
  private diffBytesSinceFull = 0;
  /** The URL and title the model was last told. */
  private lastPlace: { url: string; title: string } | null = null;

  /**
   * What the model needs to be told of where it is after a step: the URL when it changed, the
   * title when it changed or the view is a whole page; null for what it already knows (every
   * step's answer keeps its URL line in the conversation, so the last one told stays current).
   */
  place(
    url: string,
    title: string,
    view: ObservationView,
  ): { url: string | null; title: string | null } {
    const last = this.lastPlace;
    this.lastPlace = { url, title };
    return {
      url: last?.url === url ? null : url,
      title: last?.title === title && view.kind !== 'full' ? null : title,
    };
  }

  /** The view of `tree` (already redacted), updating what the model has seen. */
  view(tree: PageTree, options: { forceFull?: boolean } = {}): ObservationView {
    const known = knownOf(tree);
    const rendered = renderView(tree, known.prefix, this.lastLines);
    for (const [ref, node] of rendered.aliases) known.byShortRef.set(ref, node);
    const compact = rendered.text;
    const previous = this.lastCompact;
    this.lastCompact = compact;
    this.lastLines = rendered.lines;
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
        return { kind: 'diff', text: `Changes (${counts(delta)} lines):\n${delta.text}` };
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
