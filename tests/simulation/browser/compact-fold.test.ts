/**
 * What the compact view folds away stays reachable, in real Chromium. Expected refs come from
 * Playwright's own `ariaSnapshotJSON` (read by a few lines of test code); expected lines and texts
 * are written out by hand from the page below. For each fold: the view leaves it out or cuts it,
 * `find` shows it with its ref, and that ref (or the one the model was shown) acts on the element.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Perception } from '../../../src/simulation/agent/perception.js';
import {
  compactView,
  findNodes,
  refPrefix,
  shortRef,
  toPageTree,
  type PageTree,
} from '../../../src/simulation/page/index.js';
import { startStaticServer, type StaticServer } from '../../helpers/static-server.js';
import { CHROMIUM_FLAGS } from '../../../src/simulation/browser/playwright-launch.js';

const WALKS =
  'Every pet gets a walk, a meal and a brush before noon, and a second walk in the afternoon. ';
const LONG = `Kennels open at seven. ${WALKS.repeat(3)}These are the very last words.`;

const PAGE = `<!doctype html><html lang="en"><head><title>Kennel</title></head><body><main>
<h1 data-id="title">Kennel API <small data-id="version"><pre>1.0.0</pre></small> <small><pre>OAS 3.0</pre></small></h1>
<button data-id="op"><div>GET</div> <div data-id="summary">List the pets</div></button>
<p data-id="long">${LONG}</p>
<h2 data-id="plain">Opening hours</h2>
<ul id="filters"><li><a href="#/all" data-id="all">All</a></li><li><a href="#/active" data-id="active">Active</a></li></ul>
<button data-id="refresh" onclick="const f = document.getElementById('filters'); f.innerHTML = f.innerHTML">Refresh filters</button>
</main></body></html>`;

let server: StaticServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startStaticServer({ '/': PAGE });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', ...CHROMIUM_FLAGS],
  });
  page = await browser.newPage();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function read(): Promise<{ raw: unknown; tree: PageTree }> {
  const raw = await page.ariaSnapshotJSON({ mode: 'ai', boxes: true });
  return { raw, tree: toPageTree(raw) };
}

/** The ref Playwright's JSON gives the one node with `role` whose name or text is `label`. */
function oracleRef(json: unknown, role: string, label: string): string {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { role?: string; name?: string; text?: string; ref?: string };
    if (n.role === role && (n.name === label || n.text === label) && n.ref) found.push(n.ref);
    (node as { children?: unknown[] }).children?.forEach(visit);
  };
  (json as unknown[]).forEach(visit);
  if (found.length !== 1)
    throw new Error(`${role} "${label}": ${found.length} matches in the JSON`);
  return found[0] as string;
}

async function dataIdOf(ref: string): Promise<string | null> {
  return page.getByRef(ref).evaluate((el) => el.getAttribute('data-id'));
}

describe(
  'compact view folds, and what it folds stays reachable (real Chromium)',
  { timeout: 60_000 },
  () => {
    beforeAll(async () => {
      await page.goto(`${server.origin}/`, { waitUntil: 'load' });
    });

    it('says a heading made of parts once, and find reaches each part by its ref', async () => {
      const { raw, tree } = await read();
      const view = compactView(tree);
      expect(view.split('\n').filter((l) => l.includes('1.0.0'))).toEqual([
        ' heading "Kennel API 1.0.0 OAS 3.0" [level=1]',
      ]);
      expect(view).toContain(' button "GET List the pets" [');
      expect(view).not.toContain(': List the pets');
      const version = oracleRef(raw, 'generic', '1.0.0');
      expect(findNodes(tree, { text: '1.0.0' }).nodes.map((n) => n.ref)).toEqual([version]);
      expect(await dataIdOf(version)).toBe('version');
      const summary = oracleRef(raw, 'generic', 'List the pets');
      expect(findNodes(tree, { text: 'list the pets' }).nodes.map((n) => n.ref)).toContain(summary);
      expect(await dataIdOf(summary)).toBe('summary');
    });

    it('cuts long text to a prefix with its length; find shows all of it with the ref', async () => {
      const { raw, tree } = await read();
      const view = compactView(tree);
      expect(LONG.length).toBe(326);
      expect(view).toContain(
        ' paragraph: Kennels open at seven. Every pet gets a walk, a meal and a brush before noon, and a second walk in t…(326 chars)\n',
      );
      expect(view).not.toContain('very last words');
      const found = findNodes(tree, { text: 'these are the very last words' });
      const ref = oracleRef(raw, 'paragraph', LONG);
      expect(found.nodes.map((n) => n.ref)).toEqual([ref]);
      expect(found.text).toContain(`: ${LONG}`);
      expect(await dataIdOf(ref)).toBe('long');
    });

    it('leaves out the ref of what one does not act on, and that ref still resolves', async () => {
      const { raw, tree } = await read();
      const heading = oracleRef(raw, 'heading', 'Opening hours');
      const prefix = refPrefix(tree);
      const perception = new Perception();
      const view = perception.view(tree);
      expect(view.text).toContain('\n heading "Opening hours" [level=2]\n');
      expect(view.text).not.toContain(`[${shortRef(heading, prefix)}]`);
      expect(findNodes(tree, { text: 'Opening hours' }).text).toContain(
        `heading "Opening hours" [level=2] [${shortRef(heading, prefix)}]`,
      );
      expect(perception.resolve(shortRef(heading, prefix))).toBe(heading);
      expect(await dataIdOf(heading)).toBe('plain');
      // Every control keeps its ref in the view.
      for (const [role, name] of [
        ['button', 'GET List the pets'],
        ['link', 'All'],
        ['link', 'Active'],
        ['button', 'Refresh filters'],
      ] as const)
        expect(view.text).toContain(
          `${role} "${name}" [${shortRef(oracleRef(raw, role, name), prefix)}]`,
        );
    });

    it('keeps the refs the model knows when the app re-renders a list, acting on the new elements', async () => {
      const first = await read();
      const perception = new Perception();
      perception.view(first.tree);
      const prefix = refPrefix(first.tree);
      const oldAll = shortRef(oracleRef(first.raw, 'link', 'All'), prefix);
      await page.getByRef(oracleRef(first.raw, 'button', 'Refresh filters')).click();
      const second = await read();
      const newAll = oracleRef(second.raw, 'link', 'All');
      // The list really was rebuilt: Playwright gave its links new refs.
      expect(shortRef(newAll, refPrefix(second.tree))).not.toBe(oldAll);
      const view = perception.view(second.tree);
      expect(view.kind).toBe('same');
      const resolved = perception.resolve(oldAll);
      expect(resolved).toBe(newAll);
      await page.getByRef(resolved as string).click();
      expect(new URL(page.url()).hash).toBe('#/all');
    });
  },
);
