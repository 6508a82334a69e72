/**
 * Scripted models for the Notebook fixture's "favourites" PR. Targets are role + name, resolved
 * by the fake from the page views it was sent.
 */
import type { Scenario, ScriptTurn } from '../server.js';

const PLAN: ScriptTurn = {
  calls: [
    {
      tool: 'plan',
      input: {
        criteria: [
          { description: 'Adding a note to favourites confirms it with "Saved to favourites"' },
          { description: 'The Favourites page lists the starred note' },
        ],
      },
    },
  ],
};

/** When the button is not there (no accessible name), a model reports what it saw. */
const BUTTON_MISSING: ScriptTurn[] = [
  {
    calls: [
      {
        tool: 'finish',
        input: {
          criteria: [
            {
              id: 'C1',
              status: 'fail',
              reason:
                'The note page has no button named "Add to favourites"; the toggle has no accessible name.',
              evidence: [{ step: '$lastStep', role: 'heading', name: 'Groceries for the week' }],
            },
            { id: 'C2', status: 'blocked', reason: 'Could not star a note.', evidence: [] },
          ],
        },
      },
    ],
  },
];

/**
 * The honest tester: star a note, check the confirmation, then the Favourites page. `quote` is
 * what it claims the confirmation said; `waitMs` how long it waits for it (5 s by default).
 */
export function favouritesScenario(options: { quote?: string; waitMs?: number } = {}): Scenario {
  return {
    name: 'favourites',
    turns: [
      PLAN,
      { calls: [{ tool: 'click', target: { role: 'link', name: 'Groceries for the week' } }] },
      {
        calls: [{ tool: 'click', target: { role: 'button', name: 'Add to favourites' } }],
        otherwise: BUTTON_MISSING,
      },
      // The confirmation comes after a request: wait for it rather than hoping it is there.
      {
        calls: [
          {
            tool: 'wait_for',
            input: { text: 'Saved to favourites', timeoutMs: options.waitMs ?? 5000 },
          },
        ],
      },
      { calls: [{ tool: 'click', target: { role: 'link', name: 'Favourites' } }] },
      {
        calls: [
          {
            tool: 'finish',
            input: {
              criteria: [
                {
                  id: 'C1',
                  status: 'pass',
                  reason: 'The confirmation appeared.',
                  evidence: [
                    {
                      step: '$step:Wait for "Saved to favourites"',
                      quote: options.quote ?? 'Saved to favourites',
                    },
                  ],
                },
                {
                  id: 'C2',
                  status: 'pass',
                  reason: 'The starred note is listed.',
                  evidence: [{ step: '$lastStep', quote: 'Groceries for the week' }],
                },
              ],
              summary: 'Favourites work.',
            },
          },
        ],
      },
    ],
  };
}

/** A model stuck clicking the same link. */
export const loopingScenario: Scenario = {
  name: 'looping',
  turns: [PLAN, { calls: [{ tool: 'click', target: { role: 'link', name: 'Notes' } }] }],
  repeatLast: true,
};

/** 429, then 529, then the honest tester. */
export function flakyApiScenario(): Scenario {
  const honest = favouritesScenario();
  return { name: 'flaky-api', turns: [{ fault: 429 }, { fault: 529 }, ...honest.turns] };
}

/** A model that never answers. */
export const silentScenario: Scenario = {
  name: 'silent',
  turns: [{ hang: true }],
  repeatLast: true,
};

/**
 * A longer honest run for the cost bench: it stars the note, then moves between pages (each
 * move brings a new full view, so older views are elided) before finishing like the honest
 * tester.
 */
export function tourScenario(): Scenario {
  const honest = favouritesScenario().turns;
  const link = (name: string): ScriptTurn => ({
    calls: [{ tool: 'click', target: { role: 'link', name } }],
  });
  const hover = (name: string): ScriptTurn => ({
    calls: [{ tool: 'hover', target: { role: 'link', name } }],
  });
  return {
    name: 'tour',
    turns: [
      ...honest.slice(0, 4),
      hover('Favourites'),
      link('Favourites'),
      link('Groceries for the week'),
      hover('Notes'),
      link('Notes'),
      link('Groceries for the week'),
      link('Favourites'),
      ...honest.slice(-1),
    ],
  };
}
