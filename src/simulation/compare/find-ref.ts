/**
 * Finds, in an `ariaSnapshot({ mode: 'ai' })` text, the `[ref=eN]` of the element a recorded
 * locator names (`getByRole('button', { name: 'Save' })`, `getByLabel('Title')`, …), so a
 * replayed step acts through the BrowserDriver port's refs like any other step.
 */
import type { Call, Literal } from './locator-code.js';

/** One snapshot line that carries a ref. */
export interface RefEntry {
  role: string;
  name: string;
  ref: string;
  /** Inline text after the colon (a textbox's value, a paragraph's text). */
  text: string;
  /** `/placeholder`, `/url`, … of the element. */
  properties: Record<string, string>;
}

const ITEM = /^([a-z]+)(?: "((?:[^"\\]|\\.)*)")?((?: \[[^\]]*\])*)(?::\s*(.*))?$/;

/** Every element with a ref in a snapshot, in document order. */
export function refEntries(snapshot: string): RefEntry[] {
  const entries: RefEntry[] = [];
  let last: RefEntry | null = null;
  let lastIndent = -1;
  for (const raw of snapshot.split('\n')) {
    const indent = raw.length - raw.trimStart().length;
    let line = raw.trim().replace(/^- /, '');
    const property = /^\/(\w+):\s*(.*)$/.exec(line);
    if (property && last && indent > lastIndent) {
      last.properties[property[1]!] = unquote(property[2] ?? '');
      continue;
    }
    if (line.startsWith("'")) line = unquoteYaml(line);
    const match = ITEM.exec(line);
    const ref = match?.[3] ? /\[ref=([\w]+)\]/.exec(match[3])?.[1] : undefined;
    if (!match || !ref) continue;
    last = {
      role: match[1]!,
      name: match[2] !== undefined ? unescapeName(match[2]) : '',
      ref,
      text: unquote(match[4] ?? ''),
      properties: {},
    };
    lastIndent = indent;
    entries.push(last);
  }
  return entries;
}

/** The ref the locator chain names, or null when no element (or no supported locator) matches. */
export function findRef(snapshot: string, locator: readonly Call[]): string | null {
  let candidates: RefEntry[] | null = null;
  let pick: (list: RefEntry[]) => RefEntry | undefined = (list) => list[0];
  for (const call of locator) {
    if (call.name.startsWith('getBy')) {
      const matcher = matcherOf(call);
      if (!matcher) return null;
      candidates = refEntries(snapshot).filter(matcher);
      pick = (list) => list[0];
    } else if (call.name === 'first') pick = (list) => list[0];
    else if (call.name === 'last') pick = (list) => list.at(-1);
    else if (call.name === 'nth' && typeof call.args[0] === 'number') {
      const n = call.args[0];
      pick = (list) => list.at(n);
    } else return null;
  }
  return candidates ? (pick(candidates)?.ref ?? null) : null;
}

function matcherOf(call: Call): ((entry: RefEntry) => boolean) | null {
  const [first, second] = call.args;
  const options = isRecord(second) ? second : {};
  const exact = options.exact === true;
  const same = (actual: string, wanted: Literal | undefined): boolean =>
    typeof wanted !== 'string'
      ? true
      : exact
        ? actual === wanted
        : actual.toLowerCase().includes(wanted.toLowerCase());
  switch (call.name) {
    case 'getByRole':
      return (e) => e.role === first && same(e.name, options.name ?? undefined);
    case 'getByLabel':
      return (e) => typeof first === 'string' && same(e.name, first);
    case 'getByPlaceholder':
      return (e) => typeof first === 'string' && same(e.properties.placeholder ?? e.name, first);
    case 'getByText':
      return (e) => typeof first === 'string' && (same(e.name, first) || same(e.text, first));
    case 'getByTitle':
    case 'getByAltText':
      return (e) => typeof first === 'string' && same(e.name, first);
    default:
      return null;
  }
}

function isRecord(value: Literal | undefined): value is Record<string, Literal> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unescapeName(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** A single-quoted YAML scalar: `'button "Issue #42" [ref=e5]'` (inner quotes doubled). */
function unquoteYaml(line: string): string {
  const end = line.lastIndexOf("'");
  if (end <= 0) return line;
  return line.slice(1, end).replace(/''/g, "'") + line.slice(end + 1);
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) return unescapeName(trimmed.slice(1, -1));
  if (trimmed.startsWith("'") && trimmed.endsWith("'"))
    return trimmed.slice(1, -1).replace(/''/g, "'");
  return trimmed;
}
