/**
 * The walk's decisions, against a hand-written fake browser serving scripted snapshots (the real
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
import { StepRecorder } from '../../../src/simulation/recording.js';

const ORIGIN = 'http://127.0.0.1:4555';
const NAV = `  - navigation "Main" [ref=e1]:
    - link "Home" [ref=e2]:
      - /url: /
    - link "About" [ref=e3]:
      - /url: /about
    - link "Wishlist" [ref=e4]:
      - /url: /wishlist
    - link "Docs" [ref=e5]:
      - /url: https://docs.example.com/
    - link "Mail us" [ref=e6]:
      - /url: mailto:team@example.com`;

const PAGES: Record<string, string> = {
  '/': `- main [ref=e0]:\n${NAV}\n  - link "Item 1" [ref=e7]:\n    - /url: /items/1\n  - link "Item 2" [ref=e8]:\n    - /url: /items/2`,
  '/about': `- main [ref=e0]:\n${NAV}\n  - heading "About" [level=1] [ref=e9]`,
  '/wishlist': `- main [ref=e0]:\n${NAV}\n  - textbox "Your email" [ref=e10]\n  - button "Remove all" [ref=e11]\n  - button "Add to wishlist" [ref=e12]`,
  '/items/1': `- main [ref=e0]:\n${NAV}\n  - button "Buy" [ref=e13]`,
  '/items/2': `- main [ref=e0]:\n${NAV}\n  - button "Buy" [ref=e13]`,
};

/** A browser over the scripted pages: links navigate, everything else succeeds in place. */
class FakeSession implements BrowserSession {
  readonly info = { name: 'fake', version: '0', source: 'explicit' as const, executablePath: '' };
  url = 'about:blank';
  readonly actions: BrowserAction[] = [];

  /** `pages` is keyed by path, or by path and hash route when `byHash` is set. */
  constructor(
    private readonly pages: Record<string, string> = PAGES,
    private readonly byHash = false,
  ) {}

  async perform(action: BrowserAction): Promise<ActionResult> {
    this.actions.push(action);
    if (action.kind === 'navigate') {
      if (new URL(action.url).origin !== ORIGIN) return { ok: false, code: '', error: 'blocked' };
      this.url = action.url;
    }
    if (action.kind === 'click') {
      const target = interactiveElements(await this.snapshot()).find((e) => e.ref === action.ref);
      if (target?.url) this.url = new URL(target.url, this.url).toString();
    }
    return { ok: true, code: '' };
  }

  async observe(): Promise<Observation> {
    return {
      url: this.url,
      title: '',
      snapshot: await this.snapshot(),
      screenshot: '',
      events: { console: [], pageErrors: [], network: [], blockedNavigations: [] },
      links: [],
      images: [],
      accessibility: [],
    };
  }

  async snapshot(): Promise<string> {
    const url = new URL(this.url);
    const key = this.byHash ? url.pathname + url.hash : url.pathname;
    return this.pages[key] ?? '- heading "Not found" [level=1] [ref=e99]';
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
const HASH_NAV = `  - navigation "Docs" [ref=e1]:
    - link "Intro" [ref=e2]:
      - /url: "#/"
    - link "Guide" [ref=e3]:
      - /url: "#/guide"
    - button "Theme" [ref=e4]
    - link "Top" [ref=e5]:
      - /url: "#top"`;
const HASH_PAGES: Record<string, string> = {
  '/': `- main [ref=e0]:\n${HASH_NAV}\n  - link "Show more" [ref=e6]:\n    - /url: "#"\n  - list [ref=e7]:\n    - listitem "Alpha" [ref=e8]:\n      - button "Remove" [ref=e9]\n      - button "Star" [ref=e10]\n    - listitem "Beta" [ref=e11]:\n      - button "Star" [ref=e12]`,
  '/#/guide': `- main [ref=e0]:\n${HASH_NAV}\n  - button "Star" [ref=e13]`,
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
    expect(result.notCovered).toEqual(['Button "Remove" on / (skipped: destructive)']);
    expect(result.coverage).toEqual({ interactive: 7, exercised: 7 });
    expect((await hashWalk()).descriptions).toEqual(descriptions);
  });
});
