/**
 * The compact view the model reads: one line per kept node, one space of indent per level,
 * `[eN]` refs (main-frame prefix dropped), link targets inline. Dropped: unnamed wrappers (their
 * children move up), hidden subtrees, pointer and focus hints, and label text that repeats the
 * name of the control next to it. Every interactive element with a ref keeps its line.
 */
import { refPrefix, type PageNode, type PageTree } from './tree.js';

/** Text and names longer than this are cut in the view (`find` still searches the full text). */
export const MAX_TEXT = 300;

/** Unnamed containers that only group: hoisted away when they hold a single child. */
const GROUPING_ROLES = new Set([
  'generic',
  'listitem',
  'paragraph',
  'group',
  'none',
  'presentation',
]);

/** The ref as the model sees it: `f2e8` → `e8` when `f2` is the main frame's prefix. */
export function shortRef(ref: string, prefix: string): string {
  return prefix && ref.startsWith(`${prefix}e`) ? ref.slice(prefix.length) : ref;
}

/** The ref to act on for a ref the model gives (`e8` → `f2e8`). */
export function fullRef(ref: string, prefix: string): string {
  return prefix && /^e\d+$/.test(ref) ? `${prefix}${ref}` : ref;
}

/** One node's line, without indent: `button "Save" [disabled] [e12]`, `link "Docs" [e3] (/docs)`. */
export function lineOf(node: PageNode, prefix: string): string {
  if (node.role === 'text') return `text: ${cut(node.text ?? '')}`;
  const s = node.state;
  let line = node.role;
  if (node.name) line += ` ${JSON.stringify(cut(node.name))}`;
  if (s.checked !== undefined) line += s.checked === 'mixed' ? ' [checked=mixed]' : ' [checked]';
  if (s.disabled) line += ' [disabled]';
  if (s.expanded) line += ' [expanded]';
  if (s.invalid) line += s.invalid === true ? ' [invalid]' : ` [invalid=${s.invalid}]`;
  if (s.level) line += ` [level=${s.level}]`;
  if (s.pressed !== undefined) line += s.pressed === 'mixed' ? ' [pressed=mixed]' : ' [pressed]';
  if (s.selected) line += ' [selected]';
  if (node.ref) line += ` [${shortRef(node.ref, prefix)}]`;
  if (node.url !== undefined) line += ` (${node.url})`;
  if (node.placeholder !== undefined) line += ` (placeholder: ${cut(node.placeholder)})`;
  if (node.text !== undefined) line += `: ${cut(node.text)}`;
  return line;
}

function cut(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT)}…` : flat;
}

/** A node that says nothing on its own line: no name, text, state or pointer. */
function isBare(node: PageNode): boolean {
  const { active: _active, ...state } = node.state;
  return (
    !node.name &&
    node.text === undefined &&
    node.url === undefined &&
    node.placeholder === undefined &&
    !node.pointer &&
    Object.keys(state).length === 0
  );
}

function isWrapper(node: PageNode): boolean {
  if (node.role === 'text' || !isBare(node)) return false;
  const n = node.children.length;
  return (node.role === 'generic' && n > 0) || (GROUPING_ROLES.has(node.role) && n === 1);
}

/** A label fragment next to the control it names says nothing the control's name does not. */
function repeatsSibling(node: PageNode, siblings: readonly PageNode[], i: number): boolean {
  if (node.role !== 'text' || !node.text) return false;
  return [siblings[i - 1], siblings[i + 1]].some(
    (s) => s && s.role !== 'text' && s.name === node.text,
  );
}

/** The nodes of the view with their depth, in order: what `compactView` prints. */
export function viewNodes(tree: PageTree): Array<{ node: PageNode; depth: number }> {
  const out: Array<{ node: PageNode; depth: number }> = [];
  const visit = (nodes: readonly PageNode[], depth: number): void => {
    nodes.forEach((node, i) => {
      if (node.state.ariaHidden) return;
      if (isWrapper(node)) return visit(node.children, depth);
      if (repeatsSibling(node, nodes, i)) return;
      out.push({ node, depth });
      // A node with inline text has no children worth a line of their own.
      if (node.text === undefined) visit(node.children, depth + 1);
    });
  };
  visit(tree.nodes, 0);
  return out;
}

/** The compact view of a page tree. */
export function compactView(tree: PageTree, prefix = refPrefix(tree)): string {
  return viewNodes(tree)
    .map(({ node, depth }) => ' '.repeat(depth) + lineOf(node, prefix))
    .join('\n');
}
