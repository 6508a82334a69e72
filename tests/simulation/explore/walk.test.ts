/**
 * The walk's decisions, against a hand-written fake browser serving scripted page trees (the real
 * browser runs in the explore-*.test.ts files): same input, same steps; the change first;
 * destructive actions skipped and reported; other origins never visited.
 */
import { describe, expect, it } from 'vitest';
import type {
  ActionResult,
  BrowserAction,
  BrowserSession,
  Observation,
} from '../../../src/simulation/browser/driver.js';
import { explore, interactiveElements } from '../../../src/simulation/explore/index.js';
import { toAriaYaml, type PageNode, type PageTree } from '../../../src/simulation/page/index.js';
import { StepRecorder } from '../../../src/simulation/recording.js';

const ORIGIN = 'http://127.0.0.1:4555';

/** A node of a scripted page, written by hand in the page model's shape. */
function el(role: string, name: string, ref: string, more: Partial<PageNode> = {}): PageNode {
  return { role, name, ref, state: {}, children: [], ...more };
}
const link = (name: string, ref: string, url: string): PageNode => el('link', name, ref, { url });
const button = (name: string, ref: string): PageNode => el('button', name, ref);
const main = (...children: PageNode[]): PageTree => ({
  nodes: [el('main', '', 'e0', { children })],
});

const NAV = el('navigation', 'Main', 'e1', {
  children: [
    link('Home', 'e2', '/'),
    link('About', 'e3', '/about'),
    link('Wishlist', 'e4', '/wishlist'),
    link('Docs', 'e5', 'https://docs.example.com/'),
    link('Mail us', 'e6', 'mailto:team@example.com'),
  ],
});

const PAGES: Record<string, PageTree> = {
  '/': main(NAV, link('Item 1', 'e7', '/items/1'), link('Item 2', 'e8', '/items/2')),
  '/about': main(NAV, el('heading', 'About', 'e9', { state: { level: 1 } })),
  '/wishlist': main(
    NAV,
    el('textbox', 'Your email', 'e10'),
    button('Remove all', 'e11'),
    button('Add to wishlist', 'e12'),
  ),
  '/items/1': main(NAV, button('Buy', 'e13')),
  '/items/2': main(NAV, button('Buy', 'e13')),
};
const NOT_FOUND: PageTree = {
  nodes: [el('heading', 'Not found', 'e99', { state: { level: 1 } })],
};

/** A browser over the scripted pages: links navigate, everything else succeeds in place. */
class FakeSession implements BrowserSession {
  readonly info = { name: 'fake', version: '0', source: 'explicit' as const, executablePath: '' };
  url = 'about:blank';
  readonly actions: BrowserAction[] = [];

  /** `pages` is keyed by path, or by path and hash route when `byHash` is set. */
  constructor(
    private readonly pages: Record<string, PageTree> = PAGES,
    private readonly byHash = false,
  ) {}

  async perform(action: BrowserAction): Promise<ActionResult> {
    this.actions.push(action);
    if (action.kind === 'navigate') {
      if (new URL(action.url).origin !== ORIGIN) return { ok: false, code: '', error: 'blocked' };
      this.url = action.url;
    }
    if (action.kind === 'click') {
      const target = interactiveElements(await this.pageTree()).find((e) => e.ref === action.ref);
      if (target?.url) this.url = new URL(target.url, this.url).toString();
    }
    return { ok: true, code: '' };
  }

  async observe(): Promise<Observation> {
    const tree = await this.pageTree();
    return {
      url: this.url,
      title: '',
      tree,
      snapshot: toAriaYaml(tree),
      screenshot: '',
      events: { console: [], pageErrors: [], network: [], blockedNavigations: [] },
      links: [],
      images: [],
      accessibility: [],
    };
  }

  async pageTree(): Promise<PageTree> {
    const url = new URL(this.url);
    const key = this.byHash ? url.pathname + url.hash : url.pathname;
    return this.pages[key] ?? NOT_FOUND;
  }

  currentUrl(): string {
    return this.url;
  }

  async close(): Promise<{ tracePath: string | null }> {
    return { tracePath: null };
  }
}

async function walk(changedFiles: string[], maxSteps = 50) {
  const session = new FakeSession();
  const recorder = new StepRecorder(session, (text) => text);
  const result = await explore(session, recorder, {
    baseUrl: `${ORIGIN}/`,
    changedFiles,
    maxSteps,
    deadline: Date.now() + 60_000,
    allowedOrigins: [ORIGIN],
  });
  return { result, session, descriptions: recorder.steps.map((s) => s.step.description) };
}

describe('explore (scripted browser)', () => {
  it('goes to what the change touched first and exercises the rest in a fixed order', async () => {
    const first = await walk(['src/pages/wishlist/WishlistPage.tsx']);
    expect(first.descriptions).toEqual([
      'Open /',
      'Click link "Wishlist"',
      'Fill textbox "Your email" with "test@example.com"',
      'Click button "Add to wishlist"',
      'Click link "About"',
      'Open /items/1',
      'Click button "Buy"',
      'Open /items/2',
      'Click button "Buy"',
    ]);
    expect(first.result.stoppedBy).toBe('finished');
    expect(first.result.notCovered).toEqual([
      'Button "Remove all" on /wishlist (skipped: destructive)',
    ]);
    const again = await walk(['src/pages/wishlist/WishlistPage.tsx']);
    expect(again.descriptions).toEqual(first.descriptions);
    expect(again.result).toEqual(first.result);
  });

  it('follows the diff: with another change, another page comes first', async () => {
    const { descriptions } = await walk(['app/routes/about.mjs']);
    expect(descriptions.slice(0, 2)).toEqual(['Open /', 'Click link "About"']);
  });

  it('never tries another origin or a mailto link', async () => {
    const { session } = await walk([]);
    const targets = session.actions.flatMap((a) => (a.kind === 'navigate' ? [a.url] : []));
    expect(targets.every((url) => url.startsWith(ORIGIN))).toBe(true);
    expect(session.url.startsWith(ORIGIN)).toBe(true);
  });

  it('stops at maxSteps and reports the pages it did not reach', async () => {
    const { result, descriptions } = await walk(['src/pages/wishlist/WishlistPage.tsx'], 2);
    expect(descriptions).toHaveLength(2);
    expect(result.stoppedBy).toBe('steps');
    expect(result.visited).toEqual([`${ORIGIN}/`, `${ORIGIN}/wishlist`]);
    expect(result.notCovered).toEqual([
      'Page /about (not visited)',
      'Page /items/1 (not visited)',
      'Page /items/2 (not visited)',
      'Textbox "Your email" on /wishlist (not tried)',
      'Button "Add to wishlist" on /wishlist (not tried)',
      'Button "Remove all" on /wishlist (skipped: destructive)',
    ]);
  });

  it('stops when aborted, before doing anything else', async () => {
    const session = new FakeSession();
    const controller = new AbortController();
    const recorder = new StepRecorder(
      session,
      (t) => t,
      () => controller.abort(),
    );
    const result = await explore(session, recorder, {
      baseUrl: `${ORIGIN}/`,
      changedFiles: [],
      maxSteps: 50,
      deadline: Date.now() + 60_000,
      allowedOrigins: [ORIGIN],
      signal: controller.signal,
    });
    expect(result.stoppedBy).toBe('time');
    expect(recorder.steps).toHaveLength(1);
  });
});

/** A hash-routed app: pages are `#/` routes, a nav shared by all, an `href="#"` link as a button. */
const HASH_NAV = el('navigation', 'Docs', 'e1', {
  children: [
    link('Intro', 'e2', '#/'),
    link('Guide', 'e3', '#/guide'),
    button('Theme', 'e4'),
    link('Top', 'e5', '#top'),
  ],
});
const HASH_PAGES: Record<string, PageTree> = {
  '/': main(
    HASH_NAV,
    link('Show more', 'e6', '#'),
    el('list', '', 'e7', {
      children: [
        el('listitem', 'Alpha', 'e8', {
          children: [button('Remove', 'e9'), button('Star', 'e10')],
        }),
        el('listitem', 'Beta', 'e11', { children: [button('Star', 'e12')] }),
      ],
    }),
  ),
  '/#/guide': main(HASH_NAV, button('Star', 'e13')),
};

describe('explore (scripted hash-routed app)', () => {
  async function hashWalk() {
    const session = new FakeSession(HASH_PAGES, true);
    const recorder = new StepRecorder(session, (text) => text);
    const result = await explore(session, recorder, {
      baseUrl: `${ORIGIN}/`,
      changedFiles: [],
      maxSteps: 30,
      deadline: Date.now() + 60_000,
      allowedOrigins: [ORIGIN],
    });
    return { result, descriptions: recorder.steps.map((s) => s.step.description) };
  }

  it('visits a hash route as its own page, clicks href="#" links, tells same-named controls apart by place, and tries the shared nav once', async () => {
    const { result, descriptions } = await hashWalk();
    expect(descriptions).toEqual([
      'Open /',
      // The nav's button, once for the whole app; the in-page anchor "#top" is not a page.
      'Click button "Theme"',
      'Click link "Show more"',
      // Two "Star" buttons, one per list item: each is its own control.
      'Click button "Star"',
      'Click button "Star"',
      'Click link "Guide"',
      'Click button "Star"',
    ]);
    expect(result.visited).toEqual([`${ORIGIN}/`, `${ORIGIN}/#/guide`]);
    // What the walk left alone is listed, the in-page anchor included.
    expect(result.notCovered).toEqual([
      'Link "Top" on / (skipped: an in-page anchor)',
      'Button "Remove" on / (skipped: destructive)',
    ]);
    expect(result.coverage).toEqual({ interactive: 7, exercised: 7 });
    expect((await hashWalk()).descriptions).toEqual(descriptions);
  });
});

describe('explore steered by change coverage (scripted browser)', () => {
  // Two panels whose buttons interleave in document order: Left, Right, Left, Right.
  const panel = (name: string, label: string, ref: string): PageNode =>
    el('region', name, `${ref}r`, { children: [button(label, ref)] });
  const PANELS: Record<string, PageTree> = {
    '/': main(
      panel('Left', 'Sort', 'e1'),
      panel('Right', 'Export', 'e2'),
      panel('Left', 'Filter', 'e3'),
      panel('Right', 'Share', 'e4'),
    ),
  };

  /** Change coverage as a fake reading: the changed code is what "Export" and "Share" run. */
  function readings(session: FakeSession) {
    const runs: Record<string, string> = {
      e2: 'exportCsv (src/export.js)',
      e4: 'share (src/share.js)',
    };
    const ran = new Set<string>();
    return async () => {
      const last = session.actions.at(-1);
      const before = ran.size;
      if (last?.kind === 'click' && runs[last.ref]) ran.add(runs[last.ref]!);
      return {
        executable: 2,
        ran: ran.size,
        newlyRan: ran.size - before,
        unknownFiles: [],
        functionsNotRun: Object.values(runs).filter((fn) => !ran.has(fn)),
      };
    };
  }

  it('after a control ran changed code, goes to its neighbours first', async () => {
    const session = new FakeSession(PANELS);
    const recorder = new StepRecorder(session, (text) => text);
    const result = await explore(session, recorder, {
      baseUrl: `${ORIGIN}/`,
      changedFiles: [],
      maxSteps: 10,
      deadline: Date.now() + 60_000,
      allowedOrigins: [ORIGIN],
      changeProgress: readings(session),
    });
    // Document order would be Sort, Export, Filter, Share; "Export" ran changed code, so the
    // other button of its panel ("Share") comes before "Filter".
    expect(recorder.steps.map((s) => s.step.description)).toEqual([
      'Open /',
      'Click button "Sort"',
      'Click button "Export"',
      'Click button "Share"',
      'Click button "Filter"',
    ]);
    expect(result.stoppedBy).toBe('finished');
    expect(result.stopNote).toBe(
      'changed code ran (all 2 changed lines); then nothing left to try',
    );
  });

  it('goes round again while changed code has not run, and stops once a round changes nothing', async () => {
    const session = new FakeSession({ '/': main(button('Sort', 'e1')) });
    const recorder = new StepRecorder(session, (text) => text);
    const result = await explore(session, recorder, {
      baseUrl: `${ORIGIN}/`,
      changedFiles: [],
      maxSteps: 10,
      deadline: Date.now() + 60_000,
      allowedOrigins: [ORIGIN],
      changeProgress: readings(session),
    });
    // "Sort" runs none of it: one more round, which ran nothing new, then the walk ends.
    expect(recorder.steps.map((s) => s.step.description)).toEqual([
      'Open /',
      'Click button "Sort"',
      'Click button "Sort"',
    ]);
    expect(result.stopNote).toBe(
      'nothing left to try (after revisiting the controls 1 time): 2 of 2 changed lines never ran in the browser; never called: exportCsv (src/export.js), share (src/share.js)',
    );
  });
});
