/**
 * Console noise by source: another origin's script and framework development-mode warnings are
 * warnings that say why; the app's own uncaught errors stay errors. Messages are the ones React,
 * Vue and Chromium print, written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { consoleErrors } from '../../../src/simulation/checks/console-errors.js';
import { pageErrors } from '../../../src/simulation/checks/page-errors.js';
import { CONTEXT, ORIGIN, recordedStep } from './recorded-step.js';

describe('console errors by source', () => {
  const steps = [
    recordedStep(1, {
      events: {
        console: [
          { type: 'error', text: 'Cannot read properties of null', location: `${ORIGIN}/app.js:3` },
          {
            type: 'error',
            text: 'Uncaught (in promise) Error: quota exceeded',
            location: 'https://widgets.example-cdn.com/chat.js:1',
          },
          {
            type: 'error',
            text: 'Warning: Each child in a list should have a unique "key" prop.',
            location: `${ORIGIN}/assets/index.js:120`,
          },
          { type: 'error', text: '[Vue warn]: Failed to resolve component: my-card' },
        ],
      },
    }),
  ];

  it('keeps the app’s own error an error and makes the rest warnings that say why', () => {
    const found = consoleErrors(steps, CONTEXT);
    expect(found.map((f) => f.severity)).toEqual(['error', 'warning', 'warning', 'warning']);
    expect(found[1]!.evidence).toContain(
      "thrown by a script from https://widgets.example-cdn.com, not the app's own code",
    );
    expect(found[2]!.evidence).toContain('a React development-mode warning');
    expect(found[3]!.evidence).toContain('a Vue development-mode warning');
  });
});

describe('uncaught page errors by source', () => {
  it('is an error from the app’s script and a warning from another origin’s', () => {
    const steps = [
      recordedStep(1, {
        events: {
          pageErrors: [
            {
              message: 'list is undefined',
              stack: `TypeError: list is undefined\n    at render (${ORIGIN}/app.js:10:5)`,
            },
            {
              message: 'ga is not a function',
              stack:
                'TypeError: ga is not a function\n    at https://www.analytics.example/tag.js:1:200',
            },
          ],
        },
      }),
    ];
    const found = pageErrors(steps, CONTEXT);
    expect(found.map((f) => f.severity)).toEqual(['error', 'warning']);
    expect(found[1]!.evidence).toContain('https://www.analytics.example');
  });
});
