/** Recorded-shaped test data: pages as Playwright's JSON gives them, and steps that hold them. */
import type { RecordedStep } from '../../../src/simulation/recording.js';
import { toAriaYaml, toPageTree, type PageTree } from '../../../src/simulation/page/index.js';

/** A page as Playwright's ariaSnapshotJSON({ mode: 'ai' }) gives it (written out by hand). */
export function samplePage(status?: string): PageTree {
  const link = { role: 'link', name: 'Notes', ref: 'f2e6', cursor: 'pointer', url: '/notes' };
  const list = {
    role: 'list',
    ref: 'f2e4',
    children: [{ role: 'listitem', ref: 'f2e5', children: [link] }],
  };
  const button = {
    role: 'button',
    name: 'Add to favourites',
    ref: 'f2e11',
    cursor: 'pointer',
    children: [{ role: 'generic', ariaHidden: true, ref: 'f2e12', text: '☆' }],
  };
  return toPageTree([
    {
      role: 'generic',
      active: true,
      ref: 'f2e1',
      children: [
        {
          role: 'banner',
          ref: 'f2e2',
          children: [{ role: 'navigation', name: 'Main', ref: 'f2e3', children: [list] }],
        },
        {
          role: 'main',
          ref: 'f2e7',
          children: [
            { role: 'heading', name: 'Groceries', level: 1, ref: 'f2e8' },
            {
              role: 'generic',
              ref: 'f2e9',
              children: ['Title', { role: 'textbox', name: 'Title', ref: 'f2e10' }, button],
            },
            { role: 'status', ref: 'f2e13', ...(status ? { text: status } : {}) },
          ],
        },
      ],
    },
  ]);
}

/** A recorded step whose page is `tree`. */
export function stepWith(index: number, tree: PageTree): RecordedStep {
  return {
    step: {
      index,
      action: 'click',
      description: `step ${index}`,
      code: `await page.goto('/step-${index}');`,
      url: 'http://127.0.0.1/',
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      outcome: 'ok',
    },
    observation: {
      url: 'http://127.0.0.1/',
      title: 't',
      tree,
      snapshot: toAriaYaml(tree),
      screenshot: '',
      events: { console: [], pageErrors: [], network: [], blockedNavigations: [] },
      links: [],
      images: [],
      accessibility: [],
    },
    result: { ok: true, code: '' },
  };
}
