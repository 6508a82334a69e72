/**
 * The page model on the corpus of tricky names, in real Chromium. Expected refs come from
 * Playwright's own `ariaSnapshotJSON`, read here by a few lines of test code; expected names come
 * from the corpus HTML. For each control: the compact view shows it with its ref, `find` finds
 * it, and the exported locator resolves to the very element the ref does.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compactView,
  findNodes,
  locatorFor,
  nodeByRef,
  nodeWithText,
  refPrefix,
  shortRef,
  toAriaYaml,
  toPageTree,
  type PageTree,
} from '../../../src/simulation/page/index.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import { CONTROLS, CORPUS_PAGES } from './corpus.js';
import { CHROMIUM_FLAGS } from '../../../src/simulation/browser/playwright-launch.js';

let server: StaticServer;
let browser: Browser;
let page: Page;
let raw: unknown;
let tree: PageTree;

beforeAll(async () => {
  server = await startStaticServer(CORPUS_PAGES);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', ...CHROMIUM_FLAGS],
  });
  page = await browser.newPage();
  await page.goto(`${server.origin}/`, { waitUntil: 'load' });
  raw = await page.ariaSnapshotJSON({ mode: 'ai', boxes: true });
  tree = toPageTree(raw);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The ref Playwright's JSON gives the element with `role` and `name` (test-side walk). */
function oracleRef(json: unknown, role: string, name: string): string {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { role?: string; name?: string; ref?: string; children?: unknown[] };
    if (n.role === role && n.name === name && n.ref) found.push(n.ref);
    n.children?.forEach(visit);
  };
  (json as unknown[]).forEach(visit);
  if (found.length !== 1) throw new Error(`${role} "${name}": ${found.length} matches in the JSON`);
  return found[0] as string;
}

describe('page model on tricky names (real Chromium)', { timeout: 60_000 }, () => {
  it("writes the same text as Playwright's own ariaSnapshot", async () => {
    const yaml = await page.ariaSnapshot({ mode: 'ai' });
    expect(toAriaYaml(tree)).toBe(yaml);
  });

  for (const control of CONTROLS) {
    describe(`${control.role} ${JSON.stringify(control.name.slice(0, 40))}`, () => {
      it('is in the compact view with its ref, and find finds it', () => {
        const ref = oracleRef(raw, control.role, control.name);
        const shown = shortRef(ref, refPrefix(tree));
        const view = compactView(tree);
        const line = view.split('\n').find((l) => l.includes(`[${shown}]`));
        expect(line, view).toBeDefined();
        expect(line).toContain(control.role);
        const found = findNodes(tree, { text: control.name.slice(0, 60), role: control.role });
        expect(found.nodes.map((n) => n.ref)).toContain(ref);
      });

      it('exports a locator that resolves to the element of the ref', async () => {
        const ref = oracleRef(raw, control.role, control.name);
        const node = nodeByRef(tree, ref);
        expect(node).not.toBeNull();
        const source = locatorFor(node!, tree);
        expect(source).not.toBeNull();
        // The exported line is evaluated against the page, as the spec would run it.
        const locator = new Function('page', `return ${source}`)(page) as ReturnType<
          Page['locator']
        >;
        expect(await locator.count()).toBe(1);
        const id = await locator.evaluate((el) => el.getAttribute('data-id'));
        expect(id).toBe(control.id);
        expect(await page.getByRef(ref).evaluate((el) => el.getAttribute('data-id'))).toBe(id);
      });
    });
  }

  it('finds text that spans adjacent elements, whatever its quotes and case', () => {
    expect(nodeWithText(tree, 'shipping to baker street')).not.toBeNull();
    expect(nodeWithText(tree, 'Order #42: "Review" - step 2')?.role).toBe('heading');
    expect(nodeWithText(tree, 'was placed and is on its way')?.role).toBe('paragraph');
    expect(nodeWithText(tree, 'Shipped to Baker Street')).toBeNull();
  });
});
