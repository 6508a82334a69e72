/**
 * Text matching over the page tree, as a person would compare: case, runs of whitespace, curly
 * vs straight quotes and the many dashes do not matter; a phrase may span adjacent elements.
 */
import { textContent, walk, type PageNode, type PageTree } from './tree.js';

/** Folds case, quotes, dashes and whitespace; drops a trailing ellipsis (views cut with one). */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g, '-')
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .replace(/(…|\.\.\.)(\(\d+ chars\))?$/, '')
    .trim()
    .toLowerCase();
}

/**
 * The smallest element whose name or text content holds `quote` (normalised), or null. The
 * smallest one is what a spec assertion should point at.
 */
export function nodeWithText(tree: PageTree, quote: string): PageNode | null {
  const needle = normalizeText(quote);
  if (!needle) return null;
  let best: PageNode | null = null;
  let bestSize = Number.POSITIVE_INFINITY;
  walk(tree, (node) => {
    if (node.state.ariaHidden) return 'skip';
    const content = normalizeText(textContent(node));
    if (!content.includes(needle)) return 'skip';
    if (content.length <= bestSize) {
      best = node;
      bestSize = content.length;
    }
  });
  return best;
}

/** Elements with `role` (and, when given, the accessible name `name`, normalised). */
export function nodesWithRole(tree: PageTree, role: string, name?: string): PageNode[] {
  const wantRole = role.trim().toLowerCase();
  const wantName = name === undefined ? null : normalizeText(name);
  const out: PageNode[] = [];
  walk(tree, (node) => {
    if (node.state.ariaHidden) return 'skip';
    if (node.role.toLowerCase() !== wantRole) return;
    if (wantName === null || normalizeText(node.name) === wantName) out.push(node);
  });
  return out;
}
