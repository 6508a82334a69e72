/**
 * The typed page model: Playwright's `ariaSnapshotJSON({ mode: 'ai', boxes: true })` read once
 * into plain, serialisable nodes. Perception, exploration, evidence checks, `find` and spec export
 * all read this tree; nobody parses snapshot text. Names and texts are kept exactly as Playwright
 * gives them, so an element is addressable by its ref whatever its name holds (quotes, colons,
 * `#`, braces, backticks, emoji, right-to-left text, very long names).
 */

/** A bounding box in CSS pixels, relative to the viewport of the element's own frame. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Element state flags, as Playwright reports them. */
export interface NodeState {
  checked?: boolean | 'mixed';
  disabled?: boolean;
  expanded?: boolean;
  active?: boolean;
  invalid?: boolean | 'grammar' | 'spelling';
  level?: number;
  pressed?: boolean | 'mixed';
  selected?: boolean;
  ariaHidden?: boolean;
}

/** One node: an element (`role` is its ARIA role) or a static text fragment (`role: 'text'`). */
export interface PageNode {
  role: string;
  /** Accessible name; '' when the element has none (and for text fragments). */
  name: string;
  /** Text content when it is the element's only child, or the fragment's text. */
  text?: string;
  /** `e12`, or `f2e12` (frame-qualified): pass to `page.getByRef`. */
  ref?: string;
  box?: Box;
  state: NodeState;
  /** A link's target as written in the page. */
  url?: string;
  placeholder?: string;
  /** Playwright marks elements with a pointer cursor as likely clickable. */
  pointer?: boolean;
  children: PageNode[];
}

/** A page: its top-level nodes, in document order. */
export interface PageTree {
  nodes: PageNode[];
}

/** Roles a user acts on; each must stay reachable by ref in every view the model gets. */
export const INTERACTIVE_ROLES: ReadonlySet<string> = new Set([
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

/** An empty page (before the first observation, or when the snapshot failed). */
export const EMPTY_TREE: PageTree = { nodes: [] };

const STATE_KEYS = [
  'checked',
  'disabled',
  'expanded',
  'active',
  'invalid',
  'level',
  'pressed',
  'selected',
  'ariaHidden',
] as const;

/** Reads Playwright's JSON value into a PageTree; throws naming what was not understood. */
export function toPageTree(json: unknown): PageTree {
  if (!Array.isArray(json)) throw new Error('aria snapshot JSON: expected a list of nodes');
  return { nodes: json.map((item, i) => toNode(item, `[${i}]`)) };
}

function toNode(value: unknown, path: string): PageNode {
  if (typeof value === 'string')
    return { role: 'text', name: '', text: value, state: {}, children: [] };
  if (!value || typeof value !== 'object')
    throw new Error(`aria snapshot JSON: bad node at ${path}`);
  const raw = value as Record<string, unknown>;
  if (typeof raw.role !== 'string') throw new Error(`aria snapshot JSON: no role at ${path}`);
  const state: NodeState = {};
  for (const key of STATE_KEYS) {
    const v = raw[key];
    if (v !== undefined && v !== false) (state as Record<string, unknown>)[key] = v;
  }
  const node: PageNode = {
    role: raw.role,
    name: typeof raw.name === 'string' ? raw.name : '',
    state,
    children: Array.isArray(raw.children)
      ? raw.children.map((child, i) => toNode(child, `${path}.children[${i}]`))
      : [],
  };
  if (typeof raw.text === 'string') node.text = raw.text;
  if (typeof raw.ref === 'string') node.ref = raw.ref;
  if (typeof raw.url === 'string') node.url = raw.url;
  if (typeof raw.placeholder === 'string') node.placeholder = raw.placeholder;
  if (raw.cursor === 'pointer') node.pointer = true;
  if (isBox(raw.box)) node.box = { ...raw.box };
  return node;
}

function isBox(value: unknown): value is Box {
  if (!value || typeof value !== 'object') return false;
  const b = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((k) => typeof b[k] === 'number');
}

/** Visits every node depth-first in document order, with its ancestors (nearest last). */
export function walk(
  tree: PageTree,
  visit: (node: PageNode, ancestors: readonly PageNode[]) => void | 'skip',
): void {
  const stack: PageNode[] = [];
  const go = (node: PageNode): void => {
    if (visit(node, stack) === 'skip') return;
    stack.push(node);
    for (const child of node.children) go(child);
    stack.pop();
  };
  for (const node of tree.nodes) go(node);
}

/** Every node with a ref, by ref. */
export function indexByRef(tree: PageTree): Map<string, PageNode> {
  const map = new Map<string, PageNode>();
  walk(tree, (node) => {
    if (node.ref) map.set(node.ref, node);
  });
  return map;
}

/** The node with `ref`, or null. */
export function nodeByRef(tree: PageTree, ref: string): PageNode | null {
  let found: PageNode | null = null;
  walk(tree, (node) => {
    if (found) return 'skip';
    if (node.ref === ref) found = node;
  });
  return found;
}

/** Interactive elements with a ref, in document order (what must stay reachable). */
export function interactiveNodes(tree: PageTree): PageNode[] {
  const out: PageNode[] = [];
  walk(tree, (node) => {
    if (node.ref && INTERACTIVE_ROLES.has(node.role)) out.push(node);
  });
  return out;
}

/**
 * The main frame's ref prefix (`f3` in `f3e12`): Playwright renumbers it on every navigation, so
 * the same header link is `f1e8` on one page and `f2e8` on the next. Views drop it and tools add
 * the current one back, which keeps unchanged lines identical across pages.
 */
export function refPrefix(tree: PageTree): string {
  const first = tree.nodes.find((n) => n.ref)?.ref ?? '';
  return /^(f\d+)e\d+$/.exec(first)?.[1] ?? '';
}

/**
 * What a person reads in the node: its name, its text, and its descendants' in document order,
 * joined by spaces. This is how a phrase split over adjacent elements is found.
 */
export function textContent(node: PageNode): string {
  const parts: string[] = [];
  const collect = (n: PageNode): void => {
    if (n.state.ariaHidden) return;
    if (n.name) parts.push(n.name);
    if (n.text !== undefined && n.text !== n.name) parts.push(n.text);
    // A named element's name usually is its content; the children would say it twice.
    if (!n.name || n.text !== undefined) {
      for (const child of n.children) collect(child);
    } else if (!n.children.every((c) => c.role === 'text' && c.text === n.name)) {
      for (const child of n.children) collect(child);
    }
  };
  collect(node);
  return parts.join(' ');
}

/** The same tree with every name, text, url and placeholder passed through `fn` (redaction). */
export function mapStrings(tree: PageTree, fn: (text: string) => string): PageTree {
  const map = (node: PageNode): PageNode => {
    const out: PageNode = {
      ...node,
      name: node.name ? fn(node.name) : '',
      children: node.children.map(map),
    };
    if (node.text !== undefined) out.text = fn(node.text);
    if (node.url !== undefined) out.url = fn(node.url);
    if (node.placeholder !== undefined) out.placeholder = fn(node.placeholder);
    return out;
  };
  return { nodes: tree.nodes.map(map) };
}
