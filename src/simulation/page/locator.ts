/**
 * The best-practice Playwright locator for a node of the tree, as source text: by role and
 * accessible name when the node has both, by its text otherwise. Spec assertions use it, so an
 * exported test points at the element the evidence was found in, never at a role word.
 */
import { textContent, walk, type PageNode, type PageTree } from './tree.js';

/** Roles `getByRole` accepts that are worth asserting on (structural wrappers are not). */
const NAMED_ROLES = new Set([
  'alert',
  'alertdialog',
  'article',
  'banner',
  'button',
  'cell',
  'checkbox',
  'columnheader',
  'combobox',
  'complementary',
  'contentinfo',
  'dialog',
  'form',
  'grid',
  'gridcell',
  'heading',
  'img',
  'link',
  'list',
  'listbox',
  'listitem',
  'main',
  'menu',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'navigation',
  'option',
  'radio',
  'region',
  'row',
  'rowheader',
  'search',
  'searchbox',
  'slider',
  'spinbutton',
  'status',
  'switch',
  'tab',
  'table',
  'tablist',
  'tabpanel',
  'textbox',
  'tooltip',
  'tree',
  'treeitem',
]);

/** A single-quoted JS string literal. */
export function jsLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/**
 * `page.getByRole('button', { name: 'Save', exact: true })` or `page.getByText('Saved', { exact: true })`;
 * null for a node with nothing a person could find it by.
 */
export function locatorFor(node: PageNode, tree: PageTree): string | null {
  let inner: string;
  if (node.name && NAMED_ROLES.has(node.role)) {
    inner = `getByRole(${jsLiteral(node.role)}, { name: ${jsLiteral(node.name)}, exact: true })`;
  } else {
    const text = (node.text ?? textContent(node)).replace(/\s+/g, ' ').trim();
    if (!text) return null;
    inner = `getByText(${jsLiteral(text)})`;
  }
  // Role and text locators do not pierce iframes: enter each frame on the way, by its position.
  const frames = framePath(tree, node).map((k) => `locator('iframe').nth(${k}).contentFrame()`);
  return ['page', ...frames, inner].join('.');
}

/** For each iframe around `target`, outermost first: its index among its frame's iframes. */
function framePath(tree: PageTree, target: PageNode): number[] {
  let result: number[] = [];
  // Per open frame: how many iframes it has shown so far.
  const counters: number[] = [0];
  const indices: number[] = [];
  const frameDepths: number[] = [];
  walk(tree, (node, ancestors) => {
    while (frameDepths.length && (frameDepths.at(-1) as number) >= ancestors.length) {
      frameDepths.pop();
      indices.pop();
      counters.pop();
    }
    if (node === target) result = [...indices];
    if (node.role === 'iframe') {
      const index = counters[counters.length - 1] as number;
      counters[counters.length - 1] = index + 1;
      frameDepths.push(ancestors.length);
      indices.push(index);
      counters.push(0);
    }
  });
  return result;
}
