/**
 * Finds, in the page tree (`session.pageTree()`, Playwright's `ariaSnapshotJSON`), the ref of the
 * element a recorded locator names (`getByRole('button', { name: 'Save' })`, `getByLabel('Title')`,
 * …), so a replayed step acts through the BrowserDriver port's refs like any other step. Names
 * are read as Playwright gives them: no snapshot text is parsed.
 */
import { walk, type PageNode, type PageTree } from '../page/index.js';
import type { Call, Literal } from './locator-code.js';

/** Every element with a ref, in document order. */
function refNodes(tree: PageTree): PageNode[] {
  const nodes: PageNode[] = [];
  walk(tree, (node) => {
    if (node.ref && node.role !== 'text') nodes.push(node);
  });
  return nodes;
}

/** The ref the locator chain names, or null when no element (or no supported locator) matches. */
export function findRef(tree: PageTree, locator: readonly Call[]): string | null {
  let candidates: PageNode[] | null = null;
  let pick: (list: PageNode[]) => PageNode | undefined = (list) => list[0];
  for (const call of locator) {
    if (call.name.startsWith('getBy')) {
      const matcher = matcherOf(call);
      if (!matcher) return null;
      candidates = refNodes(tree).filter(matcher);
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

function matcherOf(call: Call): ((node: PageNode) => boolean) | null {
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
      return (e) => typeof first === 'string' && same(e.placeholder ?? e.name, first);
    case 'getByText':
      return (e) => typeof first === 'string' && (same(e.name, first) || same(e.text ?? '', first));
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
