/**
 * The page tree written out in the text form of `ariaSnapshot({ mode: 'ai' })` (without boxes).
 * The browser reads the page once, as JSON; this text is for the parts that still keep the YAML
 * (recorded step excerpts) and is checked line for line against
 * Playwright's own output in the page-model tests.
 */
import type { PageNode, PageTree } from './tree.js';

/** Names longer than this are left out of a line, as Playwright does. */
const MAX_NAME_IN_KEY = 900;

/** The YAML text Playwright's `ariaSnapshot({ mode: 'ai' })` gives for the same page. */
export function toAriaYaml(tree: PageTree): string {
  const lines: string[] = [];
  for (const node of tree.nodes) writeNode(node, 0, lines);
  return lines.join('\n');
}

function writeNode(node: PageNode, depth: number, lines: string[]): void {
  if (node.role === 'text') {
    writeText(node.text ?? '', depth, lines);
    return;
  }
  const key = `${pad(depth)}- ${quoteKey(keyOf(node))}`;
  const props: Array<[string, string]> = [];
  if (node.url !== undefined) props.push(['url', node.url]);
  if (node.placeholder !== undefined) props.push(['placeholder', node.placeholder]);
  if (node.text === undefined && props.length === 0 && node.children.length === 0) {
    lines.push(key);
  } else if (node.text !== undefined && props.length === 0) {
    lines.push(`${key}: ${quoteValue(node.text)}`);
  } else {
    lines.push(`${key}:`);
    for (const [name, value] of props)
      lines.push(`${pad(depth + 1)}- /${name}: ${quoteValue(value)}`);
    if (node.text !== undefined) writeText(node.text, depth + 1, lines);
    else for (const child of node.children) writeNode(child, depth + 1, lines);
  }
}

function writeText(text: string, depth: number, lines: string[]): void {
  const value = quoteValue(text);
  if (value) lines.push(`${pad(depth)}- text: ${value}`);
}

function keyOf(node: PageNode): string {
  const s = node.state;
  let key = node.role;
  if (node.name && node.name.length <= MAX_NAME_IN_KEY) key += ` ${JSON.stringify(node.name)}`;
  if (s.checked === 'mixed') key += ' [checked=mixed]';
  if (s.checked === true) key += ' [checked]';
  if (s.disabled) key += ' [disabled]';
  if (s.expanded) key += ' [expanded]';
  if (s.active) key += ' [active]';
  if (s.invalid === 'grammar' || s.invalid === 'spelling') key += ` [invalid=${s.invalid}]`;
  if (s.invalid === true) key += ' [invalid]';
  if (s.level) key += ` [level=${s.level}]`;
  if (s.pressed === 'mixed') key += ' [pressed=mixed]';
  if (s.pressed === true) key += ' [pressed]';
  if (s.selected === true) key += ' [selected]';
  if (s.ariaHidden) key += ' [aria-hidden]';
  if (node.ref) {
    key += ` [ref=${node.ref}]`;
    if (node.pointer) key += ' [cursor=pointer]';
  }
  return key;
}

function pad(depth: number): string {
  return '  '.repeat(depth);
}

/** YAML plain scalars that would read as something else must be quoted. */
// YAML escaping is about control characters, so these patterns name them on purpose.
/* eslint-disable no-control-regex */
function needsQuotes(text: string): boolean {
  if (text.length === 0) return true;
  if (/^\s|\s$/.test(text)) return true;
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/.test(text)) return true;
  if (/^-/.test(text)) return true;
  if (/[\n:](\s|$)/.test(text)) return true;
  if (/\s#/.test(text)) return true;
  if (/[\n\r]/.test(text)) return true;
  if (/^[&*\],?!>|@"'#%]/.test(text)) return true;
  if (/[{}`]/.test(text)) return true;
  if (/^\[/.test(text)) return true;
  const lower = text.toLowerCase();
  if (!isNaN(Number(text))) return true;
  if (['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null', '~'].includes(lower))
    return true;
  return /^[-+]?\.(inf|nan)$/i.test(text);
}

function quoteKey(text: string): string {
  return needsQuotes(text) ? `'${text.replace(/'/g, "''")}'` : text;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

function quoteValue(text: string): string {
  if (!needsQuotes(text)) return text;
  const escaped = text.replace(
    /[\\"\x00-\x1f\x7f-\x9f]/g,
    (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return `"${escaped}"`;
}
/* eslint-enable no-control-regex */
