/**
 * Reads Playwright's `ariaSnapshot({ mode: 'ai' })` text: a YAML list of `role "name" [attr]
 * [ref=eN]` entries, nested by indentation, with `/url:`-style properties. Parsed by hand (the
 * format is line-based and regular) so the engine needs no YAML dependency at run time.
 */

/** One node of the accessibility tree. */
export interface SnapshotNode {
  role: string;
  name: string;
  /** `[checked]` → `true`, `[level=1]` → `'1'`. */
  attributes: Record<string, string | true>;
  ref?: string;
  /** Inline text after the colon (`status: Saved`, a textbox's value). */
  value?: string;
  /** `/url`, `/placeholder`, … without the slash. */
  properties: Record<string, string>;
  children: SnapshotNode[];
}

/** Roles the exploration can act on. */
export const INTERACTIVE_ROLES = [
  'link',
  'button',
  'textbox',
  'searchbox',
  'spinbutton',
  'checkbox',
  'radio',
  'switch',
  'combobox',
  'listbox',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
] as const;
export type InteractiveRole = (typeof INTERACTIVE_ROLES)[number];

/** An element the exploration may act on, in document order. */
export interface PageElement {
  ref: string;
  role: InteractiveRole;
  /** Accessible name; empty when the element has none. */
  name: string;
  disabled: boolean;
  /** checkbox / radio / switch state. */
  checked?: boolean | 'mixed';
  /** An expanded disclosure (`[expanded]`): pressing it collapses what it shows. */
  expanded?: boolean;
  /** A link's `/url`, as written in the page (relative or absolute). */
  url?: string;
  placeholder?: string;
  value?: string;
  /** Options of a select (combobox / listbox). */
  options: Array<{ name: string; selected: boolean }>;
  /** Position in the snapshot (0-based), the tie-breaker that keeps the walk deterministic. */
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
}

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

/** Reads a YAML quoted scalar starting at `text[0]`; returns its value and the rest. */
function readQuoted(text: string): { value: string; rest: string } | null {
  const quote = text[0];
  if (quote === "'") {
    let value = '';
    for (let i = 1; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          value += "'";
          i++;
          continue;
        }
        return { value, rest: text.slice(i + 1) };
      }
      value += text[i];
    }
    return null;
  }
  if (quote === '"') {
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '\\') {
        i++;
        continue;
      }
      if (text[i] === '"') {
        try {
          return { value: JSON.parse(text.slice(0, i + 1)) as string, rest: text.slice(i + 1) };
        } catch {
          return { value: text.slice(1, i), rest: text.slice(i + 1) };
        }
      }
    }
  }
  return null;
}

/** A YAML scalar value: quoted forms unescaped, plain ones trimmed. */
function readScalar(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith("'")) {
    const quoted = readQuoted(trimmed);
    if (quoted && quoted.rest.trim() === '') return quoted.value;
  }
  return trimmed;
}

interface ParsedKey {
  role: string;
  name: string;
  attributes: Record<string, string | true>;
  /** Text after the key: `:` plus an inline value, or empty. */
  rest: string;
}

/** Parses `role "name" [a] [b=c]` followed by an optional `: value`. */
function parseKey(text: string): ParsedKey | null {
  const role = /^[A-Za-z][\w-]*/.exec(text);
  if (!role) return null;
  let rest = text.slice(role[0].length);
  let name = '';
  if (rest.startsWith(' "')) {
    const quoted = readQuoted(rest.slice(1));
    if (!quoted) return null;
    name = quoted.value;
    rest = quoted.rest;
  } else if (rest.startsWith(' /')) {
    // A regex name (`/Item \d+/`), used by assertion snapshots: keep it as written.
    const end = rest.indexOf('/', 2);
    if (end > 0) {
      name = rest.slice(1, end + 1);
      rest = rest.slice(end + 1);
    }
  }
  const attributes: Record<string, string | true> = {};
  for (let attr = /^ \[([^\]=]+)(?:=([^\]]*))?\]/.exec(rest); attr;) {
    attributes[attr[1] as string] = attr[2] ?? true;
    rest = rest.slice(attr[0].length);
    attr = /^ \[([^\]=]+)(?:=([^\]]*))?\]/.exec(rest);
  }
  return { role: role[0], name, attributes, rest };
}

/** Parses the whole snapshot into a forest of nodes (unparseable lines are skipped). */
export function parseSnapshot(text: string): SnapshotNode[] {
  const roots: SnapshotNode[] = [];
  // stack[d] is the last node seen at depth d.
  const stack: SnapshotNode[] = [];
  for (const line of text.split('\n')) {
    const entry = /^( *)- (.*)$/.exec(line);
    if (!entry) continue;
    const depth = Math.floor((entry[1] as string).length / 2);
    const body = entry[2] as string;
    if (body.startsWith('/')) {
      const property = /^\/([\w-]+):(.*)$/.exec(body);
      const parent = stack[depth - 1];
      if (property && parent)
        parent.properties[property[1] as string] = readScalar(property[2] as string);
      continue;
    }
    let keyText = body;
    let after = '';
    if (body.startsWith("'") || body.startsWith('"')) {
      const quoted = readQuoted(body);
      if (!quoted) continue;
      keyText = quoted.value;
      after = quoted.rest;
    }
    const key = parseKey(keyText);
    if (!key) continue;
    const tail = after || key.rest;
    const node: SnapshotNode = {
      role: key.role,
      name: key.name,
      attributes: key.attributes,
      properties: {},
      children: [],
    };
    const ref = key.attributes.ref;
    if (typeof ref === 'string') node.ref = ref;
    if (tail.startsWith(':')) {
      const value = readScalar(tail.slice(1));
      if (value) node.value = value;
    }
    stack.length = depth;
    stack[depth] = node;
    const parent = depth > 0 ? stack[depth - 1] : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function isInteractive(role: string): role is InteractiveRole {
  return (INTERACTIVE_ROLES as readonly string[]).includes(role);
}

/** The elements of a snapshot the exploration can act on (those with a ref), in document order. */
export function interactiveElements(snapshot: string): PageElement[] {
  const out: PageElement[] = [];
  let order = 0;
  const visit = (node: SnapshotNode, path: string[], shared: boolean, dialog?: string): void => {
    const position = order++;
    if (isInteractive(node.role) && node.ref) {
      const checked = node.attributes.checked;
      out.push({
        ref: node.ref,
        role: node.role,
        name: node.name,
        disabled: node.attributes.disabled !== undefined,
        ...(node.attributes.expanded !== undefined ? { expanded: true } : {}),
        ...(checked !== undefined ? { checked: checked === 'mixed' ? 'mixed' : true } : {}),
        ...(checked === undefined && ['checkbox', 'radio', 'switch'].includes(node.role)
          ? { checked: false }
          : {}),
        ...(node.properties.url !== undefined ? { url: node.properties.url } : {}),
        ...(node.properties.placeholder !== undefined
          ? { placeholder: node.properties.placeholder }
          : {}),
        ...(node.value !== undefined ? { value: node.value } : {}),
        options: node.children
          .filter((child) => child.role === 'option')
          .map((child) => ({
            name: child.name,
            selected: child.attributes.selected !== undefined,
          })),
        order: position,
        container: path.join(' > '),
        shared,
        ...(dialog !== undefined ? { dialog } : {}),
      });
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
  for (const root of parseSnapshot(snapshot)) visit(root, [], false);
  return out;
}

/** The open dialogs of a snapshot (their container paths), outermost first. */
export function openDialogs(elements: readonly PageElement[]): string[] {
  return [...new Set(elements.flatMap((e) => (e.dialog !== undefined ? [e.dialog] : [])))];
}

/**
 * Words the page itself shows in its headings and link names, in document order: a search box
 * gets one of them, so the search has something to find.
 */
export function pageWords(snapshot: string): string[] {
  const words: string[] = [];
  const visit = (node: SnapshotNode): void => {
    const text = node.role === 'heading' || node.role === 'link' ? node.name || node.value : '';
    for (const word of (text ?? '').split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 4 && !/^\d+$/.test(word)) words.push(word);
    }
    node.children.forEach(visit);
  };
  parseSnapshot(snapshot).forEach(visit);
  return words;
}
