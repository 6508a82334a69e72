/**
 * The compact view the model reads: one line per kept node, one space of indent per level,
 * `[eN]` refs (main-frame prefix dropped) on the elements one acts on, link targets inline.
 *
 * Folded away, and still reachable through `find` (which searches the whole tree and shows every
 * match's ref) or by ref (every ref of the page resolves, shown or not):
 * - the refs of elements nobody clicks or types into (headings, paragraphs, landmarks…): the line
 *   stays, its ref is left out, which also keeps the line stable when the app re-renders it;
 * - unnamed wrappers (their children move up), hidden subtrees, pointer and focus hints;
 * - label text that repeats the name of the control next to it, and content that repeats, word
 *   for word, the name of the element holding it (`heading "Kennel API 1.0.0"` over its spans);
 * - the tail of long text: the view keeps a prefix and says how long the whole is.
 * Every interactive element with a ref keeps its line and its ref.
 */
import { INTERACTIVE_ROLES, refPrefix, textContent, type PageNode, type PageTree } from './tree.js';

/** Names of elements one acts on are cut past this in the view. */
export const MAX_TEXT = 300;
/** Text content (and names of elements one does not act on) is cut past this in the view. */
export const VIEW_TEXT = 100;

/** Unnamed containers that say nothing whatever they hold: always hoisted away. */
const HOISTED_ROLES = new Set(['generic', 'rowgroup']);

/**
 * Unnamed containers that only group or mark a region: hoisted away when they hold a single
 * child. Dialogs, alerts, tables, lists and the like always keep a line.
 */
const WRAPPER_ROLES = new Set([
  'listitem',
  'paragraph',
  'group',
  'none',
  'presentation',
  'main',
  'banner',
  'contentinfo',
  'complementary',
  'navigation',
  'region',
  'article',
]);

/** The ref as the model sees it: `f2e8` → `e8` when `f2` is the main frame's prefix. */
export function shortRef(ref: string, prefix: string): string {
  return prefix && ref.startsWith(`${prefix}e`) ? ref.slice(prefix.length) : ref;
}

/** The ref to act on for a ref the model gives (`e8` → `f2e8`). */
export function fullRef(ref: string, prefix: string): string {
  return prefix && /^e\d+$/.test(ref) ? `${prefix}${ref}` : ref;
}

/** Whether the view shows the node's ref: a control, or an element the page marks clickable. */
export function actsOn(node: PageNode): boolean {
  return node.ref !== undefined && (INTERACTIVE_ROLES.has(node.role) || node.pointer === true);
}

/** How one line is written: `find` shows every ref and longer text than the view. */
export interface LineOptions {
  /** Show the ref even of an element one does not act on (default true). */
  allRefs?: boolean;
  /** Cut text content past this many characters (default MAX_TEXT). */
  maxText?: number;
}

/** One node's line, without indent: `button "Save" [disabled] [e12]`, `link "Docs" [e3] (/docs)`. */
export function lineOf(node: PageNode, prefix: string, options: LineOptions = {}): string {
  const maxText = options.maxText ?? MAX_TEXT;
  if (node.role === 'text') return `text: ${cut(node.text ?? '', maxText)}`;
  const s = node.state;
  let line = node.role;
  const nameMax = actsOn(node) ? Math.max(MAX_TEXT, maxText) : maxText;
  if (node.name) line += ` ${JSON.stringify(cut(node.name, nameMax))}`;
  if (s.checked !== undefined) line += s.checked === 'mixed' ? ' [checked=mixed]' : ' [checked]';
  if (s.disabled) line += ' [disabled]';
  if (s.expanded) line += ' [expanded]';
  if (s.invalid) line += s.invalid === true ? ' [invalid]' : ` [invalid=${s.invalid}]`;
  if (s.level) line += ` [level=${s.level}]`;
  if (s.pressed !== undefined) line += s.pressed === 'mixed' ? ' [pressed=mixed]' : ' [pressed]';
  if (s.selected) line += ' [selected]';
  if (node.ref && (options.allRefs !== false || actsOn(node)))
    line += ` [${shortRef(node.ref, prefix)}]`;
  if (node.url !== undefined) line += ` (${node.url})`;
  if (node.placeholder !== undefined) line += ` (placeholder: ${cut(node.placeholder, maxText)})`;
  if (node.text !== undefined) line += `: ${cut(node.text, maxText)}`;
  return line;
}

/** Flattens line breaks; past `max` characters keeps a prefix and says how long the whole is. */
function cut(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max)}…(${flat.length} chars)`;
}

/** A node that says nothing on its own line: no name, text, state, pointer or shown ref. */
function isBare(node: PageNode): boolean {
  const { active: _active, ...state } = node.state;
  return (
    !node.name &&
    node.text === undefined &&
    node.url === undefined &&
    node.placeholder === undefined &&
    !actsOn(node) &&
    Object.keys(state).length === 0
  );
}

function isWrapper(node: PageNode): boolean {
  if (node.role === 'text' || !isBare(node)) return false;
  const n = node.children.length;
  return (HOISTED_ROLES.has(node.role) && n > 0) || (WRAPPER_ROLES.has(node.role) && n === 1);
}

/** A label fragment next to the control it names says nothing the control's name does not. */
function repeatsSibling(node: PageNode, siblings: readonly PageNode[], i: number): boolean {
  if (node.role !== 'text' || !node.text) return false;
  return [siblings[i - 1], siblings[i + 1]].some(
    (s) => s && s.role !== 'text' && s.name === node.text,
  );
}

/** Without whitespace, lower-cased: the content of a name, whatever its spacing. */
function squeeze(text: string): string {
  return text.replace(/[\s\u00a0\u200b]+/g, '').toLowerCase();
}

/** Whether anything in the subtree keeps a ref in the view. */
function holdsControl(node: PageNode): boolean {
  return actsOn(node) || node.children.some(holdsControl);
}

/**
 * An unnamed child whose whole content the holder's (uncut) name already says, and that holds
 * nothing to act on: `generic: 1.0.0` under `heading "Kennel API 1.0.0"`, `generic: GET` under
 * `button "GET /pets List the pets"`. A named element of the page (a heading inside a form)
 * keeps its line.
 */
function repeatsHolder(child: PageNode, holderName: string | null): boolean {
  if (holderName === null || (child.name && child.ref) || holdsControl(child)) return false;
  const content = squeeze(textContent(child));
  return content.length > 0 && holderName.includes(content);
}

/** The holder's name as the view shows it whole, squeezed; null when there is none to lean on. */
function visibleName(node: PageNode, maxText: number): string | null {
  if (!node.name) return null;
  return node.name.length <= (actsOn(node) ? MAX_TEXT : maxText) ? squeeze(node.name) : null;
}

/** A long name that only sums up the content shown below it: the content says it in full. */
function namesItsContent(node: PageNode, maxText: number): boolean {
  if (actsOn(node) || node.name.length <= maxText || node.children.length === 0) return false;
  // Every word of the name, in order, in the content (which may say some of them twice).
  const content = squeeze(node.children.map(textContent).join(' '));
  let at = 0;
  for (const word of node.name.split(/\s+/).filter(Boolean)) {
    const found = content.indexOf(squeeze(word), at);
    if (found < 0) return false;
    at = found + squeeze(word).length;
  }
  return true;
}

/** The node as its line shows it: without a name or text its own content or name repeats. */
function shownAs(node: PageNode, maxText: number): PageNode {
  if (node.name && namesItsContent(node, maxText)) return { ...node, name: '' };
  if (node.text !== undefined && node.name && squeeze(node.name).includes(squeeze(node.text)))
    return { ...node, text: undefined };
  return node;
}

/** The nodes of the view with their depth, in order: what `compactView` prints. */
export function viewNodes(
  tree: PageTree,
  maxText = VIEW_TEXT,
): Array<{ node: PageNode; depth: number }> {
  const out: Array<{ node: PageNode; depth: number }> = [];
  const visit = (nodes: readonly PageNode[], depth: number, holder: string | null): void => {
    nodes.forEach((node, i) => {
      if (node.state.ariaHidden || repeatsHolder(node, holder)) return;
      if (isWrapper(node)) return visit(node.children, depth, holder);
      if (repeatsSibling(node, nodes, i)) return;
      const shown = shownAs(node, maxText);
      out.push({ node: shown, depth });
      // A node with inline text has no children worth a line of their own.
      if (node.text === undefined)
        visit(node.children, depth + 1, visibleName(shown, maxText) ?? holder);
    });
  };
  visit(tree.nodes, 0, null);
  return out;
}

/** How the view writes a line: refs of what one acts on, text cut at VIEW_TEXT. */
export const VIEW_LINE: LineOptions = { allRefs: false, maxText: VIEW_TEXT };

/** The compact view of a page tree. */
export function compactView(tree: PageTree, prefix = refPrefix(tree)): string {
  return viewNodes(tree)
    .map(({ node, depth }) => ' '.repeat(depth) + lineOf(node, prefix, VIEW_LINE))
    .join('\n');
}
