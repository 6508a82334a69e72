/** `find` over the page tree: nodes matching a text and/or a role, each with its ancestors. */
import { lineOf } from './compact.js';
import { normalizeText } from './text.js';
import { refPrefix, textContent, walk, type PageNode, type PageTree } from './tree.js';

/** `find` shows a match's text up to this length: it is where the view's cut text is read. */
export const FIND_TEXT = 1000;

export interface FindQuery {
  /** Text the node's name, text or content holds (normalised comparison). */
  text?: string;
  /** ARIA role, e.g. `button`. */
  role?: string;
}

export interface FindResult {
  matches: number;
  /** One line per match (up to the limit): `main > form "Sign up" > button "Save" [e12]`. */
  text: string;
  /** The matching nodes (all of them), deepest match first within a branch. */
  nodes: PageNode[];
}

/**
 * Matches are the deepest nodes that satisfy the query: a container whose content holds the text
 * only because a child does is not listed on top of that child.
 */
export function findNodes(tree: PageTree, query: FindQuery, limit = 25): FindResult {
  const needle = query.text !== undefined ? normalizeText(query.text) : null;
  const role = query.role?.trim().toLowerCase() ?? null;
  const prefix = refPrefix(tree);
  const found: Array<{ node: PageNode; path: string[] }> = [];
  if (needle === null && role === null) return { matches: 0, text: '', nodes: [] };
  walk(tree, (node, ancestors) => {
    if (node.state.ariaHidden) return 'skip';
    if (needle !== null && !normalizeText(textContent(node)).includes(needle)) return 'skip';
    if (role !== null && node.role.toLowerCase() !== role) return;
    if (
      needle !== null &&
      node.children.some((c) => normalizeText(textContent(c)).includes(needle))
    )
      if (role === null) return;
    const path = ancestors.filter((a) => a.name || a.ref).map((a) => label(a, prefix));
    found.push({ node, path });
  });
  const lines = found
    .slice(0, limit)
    .map(({ node, path }) => [...path, lineOf(node, prefix, { maxText: FIND_TEXT })].join(' > '));
  const more = found.length > limit ? `\n… ${found.length - limit} more; narrow the query.` : '';
  return { matches: found.length, text: lines.join('\n') + more, nodes: found.map((f) => f.node) };
}

function label(node: PageNode, prefix: string): string {
  const line = lineOf({ ...node, text: undefined, url: undefined, placeholder: undefined }, prefix);
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
