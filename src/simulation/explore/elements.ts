/**
 * What the walk can act on, read from the typed page tree (`../page`): the controls with a ref,
 * each with its state and its place in the tree. Names are taken exactly as Playwright gives
 * them, so a control is reachable whatever its name holds (quotes, colons, `#`, braces, backticks).
 */
import { INTERACTIVE_ROLES, type PageNode, type PageTree } from '../page/index.js';

/** An element the exploration may act on, in document order. */
export interface PageElement {
  ref: string;
  /** One of the page model's interactive roles (see `ACTED_ON`). */
  role: string;
  /** Accessible name; empty when the element has none. */
  name: string;
  disabled: boolean;
  /** checkbox / radio / switch state. */
  checked?: boolean | 'mixed';
  /** An expanded disclosure (`[expanded]`): pressing it collapses what it shows. */
  expanded?: boolean;
  /** A link's target, as written in the page (relative or absolute). */
  url?: string;
  placeholder?: string;
  /** A field's current text. */
  value?: string;
  /** Options of a select (combobox / listbox). */
  options: Array<{ name: string; selected: boolean }>;
  /** Position in the tree (0-based, document order), the tie-breaker that keeps the walk deterministic. */
  order: number;
  /**
   * Where it sits: the named containers and landmarks around it, outermost first, e.g.
   * `dialog "Sign in" > form "Login"`. With role and name it makes the element's identity, so a
   * dialog's "Close" is not taken for the page's "Close".
   */
  container: string;
  /** Inside a banner, navigation or footer: the same control on every page, tried once. */
  shared: boolean;
  /** The container path of the open dialog it is in, when it is in one. */
  dialog?: string;
  /**
   * Laid out wholly left of the page (a side menu slid away): no one can see or scroll to it
   * until it slides back, and a click on it only times out.
   */
  offCanvas?: boolean;
}

/**
 * Interactive roles the walk has no move for: an option or a tree item is chosen through the
 * list or tree that holds it, and a slider has no value a fixed walk could pick meaningfully.
 */
const NO_MOVE = new Set(['option', 'treeitem', 'slider']);

/** Roles that give a control its place: landmarks, dialogs, forms and list or grid items. */
const CONTAINER_ROLES = new Set([
  'banner',
  'navigation',
  'contentinfo',
  'complementary',
  'main',
  'search',
  'form',
  'region',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
  'tablist',
  'tabpanel',
  'listitem',
  'row',
  'article',
  'group',
  'toolbar',
]);
/** Landmarks whose controls repeat on every page of an app. */
const SHARED_ROLES = new Set(['banner', 'navigation', 'contentinfo', 'complementary']);
const DIALOG_ROLES = new Set(['dialog', 'alertdialog']);
const TOGGLES = new Set(['checkbox', 'radio', 'switch']);

/** True for a node the walk acts on: an interactive role it has a move for, with a ref. */
function actedOn(node: PageNode): node is PageNode & { ref: string } {
  return node.ref !== undefined && INTERACTIVE_ROLES.has(node.role) && !NO_MOVE.has(node.role);
}

function toElement(node: PageNode & { ref: string }, order: number): PageElement {
  const { state } = node;
  const element: PageElement = {
    ref: node.ref,
    role: node.role,
    name: node.name,
    disabled: state.disabled === true,
    options: node.children
      .filter((child) => child.role === 'option')
      .map((child) => ({ name: child.name, selected: child.state.selected === true })),
    order,
    container: '',
    shared: false,
  };
  if (state.expanded) element.expanded = true;
  if (state.checked !== undefined) element.checked = state.checked === 'mixed' ? 'mixed' : true;
  else if (TOGGLES.has(node.role)) element.checked = false;
  if (node.url !== undefined) element.url = node.url;
  if (node.placeholder !== undefined) element.placeholder = node.placeholder;
  if (node.text !== undefined) element.value = node.text;
  // Boxes are relative to the viewport; a page is almost never scrolled sideways, so an element
  // ending left of x = 0 is out of reach.
  if (node.box && node.box.x + node.box.width <= 0) element.offCanvas = true;
  return element;
}

/** The elements of a page the exploration can act on (those with a ref), in document order. */
export function interactiveElements(tree: PageTree): PageElement[] {
  const out: PageElement[] = [];
  let order = 0;
  const visit = (node: PageNode, path: string[], shared: boolean, dialog?: string): void => {
    const position = order++;
    if (actedOn(node)) {
      const element = toElement(node, position);
      element.container = path.join(' > ');
      element.shared = shared;
      if (dialog !== undefined) element.dialog = dialog;
      out.push(element);
    }
    let childPath = path;
    let childDialog = dialog;
    if (CONTAINER_ROLES.has(node.role)) {
      childPath = [...path, node.name ? `${node.role} "${node.name}"` : node.role];
      if (DIALOG_ROLES.has(node.role)) childDialog = childPath.join(' > ');
    }
    const childShared = shared || (SHARED_ROLES.has(node.role) && childDialog === undefined);
    for (const child of node.children) visit(child, childPath, childShared, childDialog);
  };
  for (const root of tree.nodes) visit(root, [], false);
  return out;
}

/** The open dialogs of a page (their container paths), outermost first. */
export function openDialogs(elements: readonly PageElement[]): string[] {
  return [...new Set(elements.flatMap((e) => (e.dialog !== undefined ? [e.dialog] : [])))];
}

/**
 * Words the page itself shows in its headings and link names, in document order: a search box
 * gets one of them, so the search has something to find.
 */
export function pageWords(tree: PageTree): string[] {
  const words: string[] = [];
  const visit = (node: PageNode): void => {
    const text = node.role === 'heading' || node.role === 'link' ? node.name || node.text : '';
    for (const word of (text ?? '').split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 4 && !/^\d+$/.test(word)) words.push(word);
    }
    node.children.forEach(visit);
  };
  tree.nodes.forEach(visit);
  return words;
}

/**
 * The text of the page's main content (its `main` landmark, else the whole page): what a
 * fragment route changes when it shows another page.
 */
export function mainText(tree: PageTree): string {
  const parts: string[] = [];
  const collect = (node: PageNode): void => {
    parts.push(node.name, node.text ?? '');
    node.children.forEach(collect);
  };
  const find = (nodes: readonly PageNode[]): PageNode | null => {
    for (const node of nodes) {
      if (node.role === 'main') return node;
      const inside = find(node.children);
      if (inside) return inside;
    }
    return null;
  };
  const main = find(tree.nodes);
  (main ? [main] : tree.nodes).forEach(collect);
  return parts.filter(Boolean).join(' ');
}

/** The elements a person can reach as the page stands: those not slid off it. */
export function reachable(elements: readonly PageElement[]): PageElement[] {
  return elements.filter((element) => !element.offCanvas);
}
