/**
 * Console noise by source: another origin's script and framework development-mode warnings are
 * warnings that say why; the app's own uncaught errors stay errors. Messages are the ones React,
 * Vue and Chromium print, written out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { StackFrame } from '../../../src/simulation/browser/driver.js';
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

describe('console errors of dependencies', () => {
  const vendored = (location: string, extra: Parameters<typeof recordedStep>[1] = {}) =>
    recordedStep(1, {
      ...extra,
      events: {
        console: [{ type: 'error', text: 'Deprecated option', location }],
        ...extra.events,
      },
    });

  it('names a dependency or vendored file, unless the change touched it or something failed', () => {
    const severity = (step: ReturnType<typeof recordedStep>, changedFiles: string[] = []) =>
      consoleErrors([step], { ...CONTEXT, changedFiles })[0]?.severity;
    expect(severity(vendored(`${ORIGIN}/node_modules/lib/dist/lib.js:3`))).toBe('warning');
    expect(severity(vendored(`${ORIGIN}/assets/vendor-3f2a1c.js:1`))).toBe('warning');
    expect(severity(vendored(`${ORIGIN}/static/js/jquery.min.js:2`))).toBe('warning');
    expect(severity(vendored(`${ORIGIN}/src/app.js:9`))).toBe('error');
    // A vendored file the change itself edits is the app's own code.
    expect(severity(vendored(`${ORIGIN}/vendor/chart.js:4`), ['src/app.js'])).toBe('warning');
    expect(severity(vendored(`${ORIGIN}/vendor/chart.js:4`), ['public/vendor/chart.js'])).toBe(
      'error',
    );
    // With an uncaught exception in the same step, the library's complaint may be the cause.
    const failing = vendored(`${ORIGIN}/node_modules/lib/dist/lib.js:3`, {
      events: { pageErrors: [{ message: 'boom' }] },
    });
    expect(severity(failing)).toBe('error');
  });
});

describe('console errors by the stack that logged them', () => {
  const frame = (url: string, functionName: string, source?: string): StackFrame => ({
    url,
    line: 10,
    column: 5,
    functionName,
    ...(source ? { source } : {}),
  });
  const logged = (stack: StackFrame[]) =>
    consoleErrors(
      [
        recordedStep(1, {
          events: {
            console: [
              { type: 'error', text: 'Save failed', location: `${stack[0]!.url}:10`, stack },
            ],
          },
        }),
      ],
      CONTEXT,
    )[0]!;

  it("is the app's own error when a vendored console hook passes on the app's call", () => {
    // An error tracker's vendored hook replaced console.error; the app's handler called it.
    const found = logged([
      frame(`${ORIGIN}/vendor/tracker.min.js`, 'console.error'),
      frame(`${ORIGIN}/src/cart.js`, 'saveCart'),
      frame(`${ORIGIN}/node_modules/react-dom/index.js`, 'dispatchEvent'),
    ]);
    expect(found.severity).toBe('error');
  });

  it("is the app's own error when an anonymous vendored hook stands in for console.error", () => {
    const found = logged([
      frame(`${ORIGIN}/node_modules/@acme/tracker/dist/index.js`, ''),
      frame(`${ORIGIN}/src/cart.js`, 'saveCart'),
    ]);
    expect(found.severity).toBe('error');
    // A library's own anonymous callback, called by the library, is still the library's.
    const library = logged([
      frame(`${ORIGIN}/node_modules/react-dom/cjs/react-dom-client.development.js`, ''),
      frame(
        `${ORIGIN}/node_modules/react-dom/cjs/react-dom-client.development.js`,
        'runWithFiberInDEV',
      ),
      frame(`${ORIGIN}/src/main.js`, ''),
    ]);
    expect(library.severity).toBe('warning');
  });

  it('skips a logging function of the app too, and judges by its caller', () => {
    const found = logged([
      frame(`${ORIGIN}/src/logger.js`, 'logError'),
      frame(`${ORIGIN}/node_modules/chart.js/dist/chart.js`, 'Chart.update'),
    ]);
    expect(found.severity).toBe('warning');
    expect(found.evidence).toContain(
      "logged by /node_modules/chart.js/dist/chart.js, a dependency's or vendored file",
    );
  });

  it('reads a bundle through its source map: the library inside is not the app', () => {
    const bundle = `${ORIGIN}/assets/index-4f2a.js`;
    const library = logged([
      frame(bundle, '', `${ORIGIN}/node_modules/react-dom/cjs/react-dom-client.development.js`),
      frame(bundle, 'performWorkOnRoot', `${ORIGIN}/node_modules/react-dom/cjs/x.js`),
    ]);
    expect(library.severity).toBe('warning');
    expect(library.evidence).toContain(
      'logged by /node_modules/react-dom/cjs/react-dom-client.development.js ' +
        '(in /assets/index-4f2a.js, through its source map)',
    );
    const own = logged([frame(bundle, 'save', `${ORIGIN}/src/cart.js`)]);
    expect(own.severity).toBe('error');
    expect(own.evidence).toContain(`(at ${bundle}:10, from /src/cart.js)`);
  });

  it('says when a source map could not be read, and then judges by the script', () => {
    const found = logged([
      {
        ...frame(`${ORIGIN}/assets/index-4f2a.js`, 'save'),
        sourceMapError: 'the source map http://x/index.js.map answered 404',
      },
    ]);
    expect(found.severity).toBe('error');
    expect(found.evidence).toContain(
      'its source map could not be read: the source map http://x/index.js.map answered 404',
    );
  });
});
