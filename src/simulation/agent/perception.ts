/**
 * Perception that stays small. The model sees the page as a compact accessibility tree (every
 * element that has a ref is kept; wrappers without a name and pointer hints are dropped), then
 * only what changed after each action, and a fresh compact tree when the page changed wholesale.
 * Peers that resend the full `ariaSnapshot` after every action blow up the context; this is the
 * main reason a run here costs a fraction of theirs. `bench/observe.ts` measures the ratio.
 */

/** One line of an `ariaSnapshot({ mode: 'ai' })` tree, parsed. */
export interface SnapshotNode {
  depth: number;
  /** `button`, `link`, `text`, `/url`, … */
  role: string;
  name: string | null;
  ref: string | null;
  /** Bracketed attributes other than the ref: `level=1`, `checked`, `disabled`, … */
  attrs: string[];
  /** Inline text after the colon (`- paragraph: Hello`), or null. */
  text: string | null;
  /** The line as it came. */
  raw: string;
}

/** Roles a user acts on; each must stay reachable by ref in every compact snapshot. */
export const INTERACTIVE_ROLES = new Set([
  'button',
  'link',
  'textbox',
  'searchbox',
  'checkbox',
  'radio',
  'combobox',
  'listbox',
  'option',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'switch',
  'slider',
  'spinbutton',
  'treeitem',
]);

/** Text longer than this is cut in the compact view (`find` still searches the full text). */
const MAX_TEXT = 300;
/** Attributes that tell the model nothing it can act on. */
const NOISE_ATTRS = new Set(['cursor=pointer', 'active']);
/** Unnamed containers that only group: hoisted away when they hold a single child. */
const GROUPING_ROLES = new Set([
  'generic',
  'listitem',
  'paragraph',
  'group',
  'none',
  'presentation',
]);

const LINE = /^(\s*)- (.*)$/;

/** Parses the YAML-like lines of an ai-mode aria snapshot. Unknown shapes become text lines. */
export function parseSnapshot(snapshot: string): SnapshotNode[] {
  const nodes: SnapshotNode[] = [];
  for (const raw of snapshot.split('\n')) {
    if (!raw.trim()) continue;
    const m = LINE.exec(raw);
    if (!m) {
      // A continuation line (multi-line text): attach to the previous node's text.
      const prev = nodes.at(-1);
      if (prev) prev.text = `${prev.text ?? ''} ${raw.trim()}`.trim();
      continue;
    }
    const depth = (m[1] ?? '').length / 2;
    nodes.push({ depth, ...parseBody(m[2] ?? ''), raw });
  }
  return nodes;
}

function parseBody(body: string): Omit<SnapshotNode, 'depth' | 'raw'> {
  let rest = body;
  // `- text: Hello` / `- /url: /x` / `- /placeholder: Name`
  const simple = /^(text|\/[a-zA-Z-]+):\s?(.*)$/.exec(rest);
  if (simple) {
    return {
      role: simple[1] ?? 'text',
      name: null,
      ref: null,
      attrs: [],
      text: unquote(simple[2] ?? ''),
    };
  }
  const roleMatch = /^([a-zA-Z-]+)/.exec(rest);
  const role = roleMatch?.[1] ?? 'text';
  rest = rest.slice(role.length);
  let name: string | null = null;
  const nameMatch = /^ "((?:[^"\\]|\\.)*)"/.exec(rest);
  if (nameMatch) {
    name = unescapeName(nameMatch[1] ?? '');
    rest = rest.slice(nameMatch[0].length);
  } else {
    const regexName = /^ (\/(?:[^/\\]|\\.)*\/)/.exec(rest);
    if (regexName) {
      name = regexName[1] ?? null;
      rest = rest.slice(regexName[0].length);
    }
  }
  const attrs: string[] = [];
  let ref: string | null = null;
  for (;;) {
    const attr = /^ \[([^\]]*)\]/.exec(rest);
    if (!attr) break;
    const value = attr[1] ?? '';
    if (value.startsWith('ref=')) ref = value.slice(4);
    else attrs.push(value);
    rest = rest.slice(attr[0].length);
  }
  let text: string | null = null;
  const colon = /^:\s?(.*)$/.exec(rest);
  if (colon && colon[1]) text = unquote(colon[1]);
  return { role, name, ref, attrs, text };
}

function unescapeName(name: string): string {
  return name.replace(/\\(.)/g, '$1');
}

/** YAML may quote inline text (`: "a: b"`); the compact view and evidence want the text itself. */
function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  return t;
}

/**
 * The compact view: one line per kept element, one space of indent per level, `[eN]` refs,
 * link targets inline. Dropped: unnamed generic wrappers (their children move up), pointer
 * and focus hints, text that repeats a sibling's accessible name.
 */
export function compactSnapshot(snapshot: string, prefix = refPrefix(snapshot)): string {
  const nodes = parseSnapshot(snapshot);
  const out: string[] = [];
  // For each original depth, how many levels were dropped above it.
  const dropped: number[] = [];
  const keptDepth: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as SnapshotNode;
    // Levels dropped above this node: those of its nearest shallower ancestors.
    while (keptDepth.length && (keptDepth.at(-1) as number) >= node.depth) {
      keptDepth.pop();
      dropped.pop();
    }
    const droppedAbove = dropped.at(-1) ?? 0;
    keptDepth.push(node.depth);
    if (node.attrs.includes('aria-hidden')) {
      // Hidden from assistive technology (decorative icons): skip it and its subtree.
      let j = i + 1;
      while (j < nodes.length && (nodes[j] as SnapshotNode).depth > node.depth) j++;
      dropped.push(droppedAbove);
      i = j - 1;
      continue;
    }
    const bare =
      !node.name &&
      !node.text &&
      node.attrs.every((a) => NOISE_ATTRS.has(a)) &&
      !node.attrs.includes('cursor=pointer');
    const children = childCount(nodes, i);
    const isWrapper =
      bare &&
      ((node.role === 'generic' && children > 0) ||
        (GROUPING_ROLES.has(node.role) && children === 1));
    if (isWrapper) {
      dropped.push(droppedAbove + 1);
      continue;
    }
    dropped.push(droppedAbove);
    if (node.role === '/url') {
      // Merged into the parent link line below.
      continue;
    }
    // A label rendered next to the control it names says nothing the control's name does not.
    if (
      (node.role === 'text' || (node.role === 'generic' && !node.name)) &&
      node.text &&
      !hasChildNodes(nodes, i) &&
      repeatsSiblingName(nodes, i)
    )
      continue;
    const depth = node.depth - droppedAbove;
    let line = ' '.repeat(Math.max(0, depth)) + node.role;
    if (node.name !== null) line += ` ${JSON.stringify(node.name)}`;
    for (const attr of node.attrs) {
      if (!NOISE_ATTRS.has(attr)) line += ` [${attr}]`;
    }
    if (node.ref)
      line += ` [${prefix && node.ref.startsWith(`${prefix}e`) ? node.ref.slice(prefix.length) : node.ref}]`;
    const url = childUrl(nodes, i);
    if (url !== null) line += ` (${url})`;
    if (node.text) line += `: ${truncate(node.text)}`;
    out.push(line);
  }
  return out.join('\n');
}

/**
 * The main frame's ref prefix (`f3` in `f3e12`): Playwright renumbers it on every navigation,
 * so the same header link is `f1e8` on one page and `f2e8` on the next. The compact view drops
 * it (`e8`) and tools add the current one back, which keeps unchanged lines identical across
 * pages and makes a diff between two pages of one app small and still exact.
 */
export function refPrefix(snapshot: string): string {
  return /\[ref=(f\d+)e\d+\]/.exec(snapshot)?.[1] ?? '';
}

function hasChildNodes(nodes: SnapshotNode[], i: number): boolean {
  return (nodes[i + 1]?.depth ?? -1) > (nodes[i] as SnapshotNode).depth;
}

function childCount(nodes: SnapshotNode[], i: number): number {
  const depth = (nodes[i] as SnapshotNode).depth;
  let count = 0;
  for (let j = i + 1; j < nodes.length; j++) {
    const d = (nodes[j] as SnapshotNode).depth;
    if (d <= depth) break;
    if (d === depth + 1 && (nodes[j] as SnapshotNode).role !== '/url') count++;
  }
  return count;
}

function truncate(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function childUrl(nodes: SnapshotNode[], i: number): string | null {
  const node = nodes[i] as SnapshotNode;
  for (let j = i + 1; j < nodes.length; j++) {
    const child = nodes[j] as SnapshotNode;
    if (child.depth <= node.depth) break;
    if (child.depth === node.depth + 1 && child.role === '/url') return child.text ?? '';
  }
  return null;
}

function repeatsSiblingName(nodes: SnapshotNode[], i: number): boolean {
  const node = nodes[i] as SnapshotNode;
  for (const j of [i - 1, i + 1]) {
    const sibling = nodes[j];
    if (sibling && sibling.depth === node.depth && sibling.name && sibling.name === node.text)
      return true;
  }
  return false;
}

/** Refs of the interactive elements of a raw snapshot (what must stay reachable). */
export function interactiveRefs(snapshot: string): string[] {
  return parseSnapshot(snapshot)
    .filter((n) => n.ref && INTERACTIVE_ROLES.has(n.role))
    .map((n) => n.ref as string);
}

/** Role and accessible name of the element `ref` in a (raw or compact) snapshot. */
export function describeRef(snapshot: string, ref: string): { role: string; name: string } | null {
  const pattern = new RegExp(
    `^\\s*(?:- )?([a-zA-Z-]+)(?: "((?:[^"\\\\]|\\\\.)*)")?.*\\[(?:ref=)?${escapeRegExp(ref)}\\]`,
    'm',
  );
  const m = pattern.exec(snapshot);
  if (!m) return null;
  return { role: m[1] ?? '', name: unescapeName(m[2] ?? '') };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

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
  const safe = content.replace(/<(\/?)page_content/gi, '<$1page_content_');
  return `<page_content>\n${safe}\n</page_content>`;
}

export interface ObservationView {
  kind: 'full' | 'diff' | 'same';
  text: string;
}

/**
 * Tracks what the model last saw and turns each new observation into the smallest faithful
 * message: the same page → "no change"; a small change → a diff; a new page → a compact tree.
 */
/** Diffs since the last full view may add up to this many times the page before a fresh full view. */
const DIFF_BUDGET = 1.5;

export class Perception {
  private lastCompact: string | null = null;
  private prefix = '';
  /** Bytes of diffs sent since the last full view; past DIFF_BUDGET × the page a full view is cheaper. */
  private diffBytesSinceFull = 0;

  /** The view of `snapshot` (raw, already redacted) at `url`, updating what the model has seen. */
  view(snapshot: string, _url: string, options: { forceFull?: boolean } = {}): ObservationView {
    const prefix = refPrefix(snapshot);
    const compact = compactSnapshot(snapshot, prefix);
    const previous = this.lastCompact;
    this.lastCompact = compact;
    this.prefix = prefix;
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

  /** The compact tree the model currently knows (for ref lookups). */
  get current(): string | null {
    return this.lastCompact;
  }

  /** A fresher tree the model saw part of through `find`, without resetting the delta base. */
  private side: string | null = null;
  private sidePrefix = '';

  /** The compact view of a live snapshot `find` searches; its refs become known. */
  remember(snapshot: string): string {
    this.sidePrefix = refPrefix(snapshot);
    this.side = compactSnapshot(snapshot, this.sidePrefix);
    return this.side;
  }

  /**
   * The full ref to act on for a ref the model gives (`e8` → `f2e8`), or null when the model has
   * not been shown it since the page last changed.
   */
  resolve(ref: string): string | null {
    const tag = `[${ref}]`;
    if (this.side?.includes(tag)) return this.expand(ref, this.sidePrefix);
    if (this.lastCompact?.includes(tag)) return this.expand(ref, this.prefix);
    return null;
  }

  private expand(ref: string, prefix: string): string {
    return prefix && /^e\d+$/.test(ref) ? `${prefix}${ref}` : ref;
  }

  /** Role and name of `ref` in what the model saw. */
  describe(ref: string): { role: string; name: string } | null {
    return (
      (this.side ? describeRef(this.side, ref) : null) ??
      (this.lastCompact ? describeRef(this.lastCompact, ref) : null)
    );
  }
}

/** Lines of `compact` matching `text` (case-insensitive) and/or `role`, with their ancestors. */
export function findInSnapshot(
  compact: string,
  query: { text?: string; role?: string },
  limit = 25,
): { matches: number; text: string } {
  const lines = compact.split('\n');
  const needle = query.text?.toLowerCase().trim();
  const role = query.role?.toLowerCase().trim();
  const found: string[] = [];
  let matches = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const body = line.trimStart();
    const lineRole = /^([a-zA-Z-]+)/.exec(body)?.[1]?.toLowerCase();
    if (role && lineRole !== role) continue;
    if (needle && !body.toLowerCase().includes(needle)) continue;
    if (!needle && !role) continue;
    matches++;
    if (found.length >= limit) continue;
    const path: string[] = [];
    let indent = indentOf(line);
    for (let k = i - 1; k >= 0 && indent > 0; k--) {
      const up = lines[k] as string;
      if (indentOf(up) < indent) {
        path.unshift(shortLabel(up));
        indent = indentOf(up);
      }
    }
    found.push(path.length ? `${path.join(' > ')} > ${body}` : body);
  }
  const more =
    matches > found.length ? `\n… ${matches - found.length} more; narrow the query.` : '';
  return { matches, text: found.join('\n') + more };
}

function shortLabel(line: string): string {
  const body = line.trim();
  const m = /^([a-zA-Z-]+)(?: ("(?:[^"\\]|\\.)*"))?.*?(\[e\d+\])?(?: \(|:|$)/.exec(body);
  if (!m) return body.slice(0, 40);
  return [m[1], m[2], m[3]].filter(Boolean).join(' ');
}
