import { describe, expect, it } from 'vitest';
import { FindingSchema } from '../../../src/contract/index.js';
import { accessibility } from '../../../src/simulation/checks/accessibility.js';
import { blockedNavigation } from '../../../src/simulation/checks/blocked-navigation.js';
import { brokenImages } from '../../../src/simulation/checks/broken-images.js';
import { brokenLinks } from '../../../src/simulation/checks/broken-links.js';
import { consoleErrors } from '../../../src/simulation/checks/console-errors.js';
import { failedRequests } from '../../../src/simulation/checks/failed-requests.js';
import { runChecks } from '../../../src/simulation/checks/index.js';
import { pageErrors } from '../../../src/simulation/checks/page-errors.js';
import { CONTEXT, ORIGIN, recordedStep } from './recorded-step.js';

describe('console-errors', () => {
  it('reports errors as errors and warnings as info, skipping resource-load noise', () => {
    const steps = [
      recordedStep(1),
      recordedStep(2, {
        events: {
          console: [
            {
              type: 'error',
              text: 'Cannot read properties of undefined',
              location: `${ORIGIN}/app.js:12`,
            },
            { type: 'warning', text: 'React: each child needs a key' },
            {
              type: 'error',
              text: 'Failed to load resource: the server responded with a status of 404 (Not Found)',
            },
          ],
        },
      }),
    ];
    expect(consoleErrors(steps, CONTEXT)).toEqual([
      {
        check: 'console-error',
        severity: 'error',
        title: 'Console error: Cannot read properties of undefined',
        step: 2,
        url: `${ORIGIN}/`,
        evidence: `console.error: Cannot read properties of undefined (at ${ORIGIN}/app.js:12)`,
      },
      expect.objectContaining({ check: 'console-warning', severity: 'info', step: 2 }),
    ]);
  });
});

describe('page-errors', () => {
  it('reports the message and where it was thrown', () => {
    const steps = [
      recordedStep(3, {
        events: {
          pageErrors: [
            {
              message: 'x is not defined',
              stack: `ReferenceError: x is not defined\n    at save (${ORIGIN}/app.js:4:9)\n    at HTMLButtonElement.onclick`,
            },
            { message: 'no stack here' },
          ],
        },
      }),
    ];
    const findings = pageErrors(steps, CONTEXT);
    expect(findings[0]).toMatchObject({
      severity: 'error',
      step: 3,
      title: 'Uncaught exception: x is not defined',
      evidence: `x is not defined\nat save (${ORIGIN}/app.js:4:9)`,
    });
    expect(findings[1]?.evidence).toBe('no stack here');
  });
});

describe('failed-requests', () => {
  const entry = (over: object) => ({
    method: 'GET',
    url: `${ORIGIN}/api/items`,
    status: 500,
    resourceType: 'fetch',
    sameOrigin: true,
    ...over,
  });
  const severities = (network: ReturnType<typeof entry>[]) =>
    failedRequests([recordedStep(1, { events: { network } })], CONTEXT).map((f) => f.severity);

  it('grades by what the user suffers', () => {
    expect(
      severities([
        entry({}),
        entry({ url: `${ORIGIN}/logo.png`, status: 404, resourceType: 'image' }),
        entry({ status: 422, method: 'POST' }),
        entry({
          url: 'https://cdn.example.com/font.woff2',
          status: 503,
          resourceType: 'font',
          sameOrigin: false,
        }),
        entry({ status: null, failure: 'net::ERR_CONNECTION_REFUSED' }),
        entry({ url: `${ORIGIN}/favicon.ico`, status: 404, resourceType: 'other' }),
      ]),
    ).toEqual(['error', 'warning', 'warning', 'info', 'error', 'info']);
  });

  it('names the request and status in title and evidence', () => {
    const [finding] = failedRequests(
      [recordedStep(2, { events: { network: [entry({})] } })],
      CONTEXT,
    );
    expect(finding).toMatchObject({
      check: 'http-error',
      title: 'HTTP 500 from GET /api/items',
      step: 2,
      evidence: `GET ${ORIGIN}/api/items → 500 (fetch)`,
    });
  });
});

describe('broken-links', () => {
  it('reports each broken same-origin link once, with its text, href and status', () => {
    const links = [
      { href: `${ORIGIN}/gone`, text: 'Old page', status: 404 },
      { href: `${ORIGIN}/admin`, text: 'Admin', status: 403 },
      { href: `${ORIGIN}/ok`, text: 'Fine', status: 200 },
      { href: 'https://elsewhere.example/', text: 'Elsewhere', status: null },
    ];
    const findings = brokenLinks([recordedStep(1, { links }), recordedStep(2, { links })], CONTEXT);
    expect(findings).toEqual([
      {
        check: 'broken-link',
        severity: 'error',
        title: 'Broken link "Old page" → 404',
        step: 1,
        url: `${ORIGIN}/`,
        evidence: `link "Old page" href=${ORIGIN}/gone answered HTTP 404`,
      },
      expect.objectContaining({ severity: 'warning', title: 'Broken link "Admin" → 403' }),
    ]);
  });

  it('files a link in the navigation on the step that followed it to its 404, not on step 1', () => {
    const nav = [{ href: `${ORIGIN}/favourites`, text: 'Favourites', status: 404 }];
    const steps = [
      recordedStep(1, { links: nav }),
      recordedStep(2, { links: nav, url: `${ORIGIN}/notes` }),
      recordedStep(3, { links: nav, url: `${ORIGIN}/favourites` }),
    ];
    expect(brokenLinks(steps, CONTEXT)).toEqual([
      {
        check: 'broken-link',
        severity: 'error',
        title: 'Broken link "Favourites" → 404',
        step: 3,
        url: `${ORIGIN}/`,
        evidence: `link "Favourites" href=${ORIGIN}/favourites answered HTTP 404`,
      },
    ]);
  });
});

describe('one cause, one finding', () => {
  it('groups the links of one page that answered the same status, naming the deciding request', () => {
    const links = [
      { href: `${ORIGIN}/a`, text: 'A', status: 404, method: 'GET' as const },
      { href: `${ORIGIN}/b`, text: 'B', status: 404, method: 'GET' as const },
    ];
    const findings = runChecks([recordedStep(1, { links })], CONTEXT);
    expect(findings).toEqual([
      {
        id: 'F1',
        check: 'broken-link',
        severity: 'error',
        title: '2 broken links → 404, first "A"',
        step: 1,
        url: `${ORIGIN}/`,
        evidence:
          `link "A" href=${ORIGIN}/a answered HTTP 404 to GET\n` +
          `link "B" href=${ORIGIN}/b answered HTTP 404 to GET`,
        count: 2,
      },
    ]);
  });

  it('does not judge an error page: no accessibility or image finding, no second finding for its request', () => {
    const broken = { href: `${ORIGIN}/gone`, text: 'Gone', status: 404, method: 'GET' as const };
    const errorPage = {
      url: `${ORIGIN}/gone`,
      documentStatus: 404,
      accessibility: [
        {
          id: 'document-title',
          impact: 'serious' as const,
          help: 'Documents must have a title',
          nodes: [],
        },
      ],
      images: [{ src: `${ORIGIN}/logo.png`, alt: 'Logo', broken: true }],
      events: {
        network: [
          {
            method: 'GET',
            url: `${ORIGIN}/gone`,
            status: 404,
            resourceType: 'document',
            sameOrigin: true,
          },
        ],
      },
    };
    const browserError = {
      url: 'chrome-error://chromewebdata/',
      documentStatus: null,
      accessibility: errorPage.accessibility,
    };
    const findings = runChecks(
      [
        recordedStep(1, { links: [broken] }),
        recordedStep(2, errorPage),
        recordedStep(3, browserError),
      ],
      CONTEXT,
    );
    expect(findings.map((f) => `${f.check} ${f.title}`)).toEqual([
      'broken-link Broken link "Gone" → 404',
    ]);
  });
});

describe('broken-images', () => {
  it("flags the app's own broken images as errors and third-party ones as warnings", () => {
    const images = [
      { src: `${ORIGIN}/logo.png`, alt: 'Logo', broken: true },
      { src: 'https://cdn.example.com/a.png', alt: null, broken: true },
      { src: `${ORIGIN}/ok.png`, alt: '', broken: false },
    ];
    const findings = brokenImages([recordedStep(1, { images })], CONTEXT);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['error', `Broken image "Logo": ${ORIGIN}/logo.png`],
      ['warning', 'Broken image: https://cdn.example.com/a.png'],
    ]);
    expect(findings[0]?.evidence).toContain(`src="${ORIGIN}/logo.png"`);
  });
});

describe('accessibility', () => {
  it('makes serious and critical violations warnings, the rest info', () => {
    const findings = accessibility(
      [
        recordedStep(1, {
          accessibility: [
            {
              id: 'button-name',
              impact: 'critical',
              help: 'Buttons must have discernible text',
              nodes: ['button.icon <button class="icon"></button>'],
            },
            {
              id: 'region',
              impact: 'moderate',
              help: 'All page content should be contained by landmarks',
              nodes: [],
            },
          ],
        }),
      ],
      CONTEXT,
    );
    expect(findings[0]).toMatchObject({
      check: 'accessibility',
      severity: 'warning',
      evidence:
        'button-name [critical]: Buttons must have discernible text\nbutton.icon <button class="icon"></button>',
    });
    expect(findings[1]?.severity).toBe('info');
  });
});

describe('blocked-navigation', () => {
  it('is info for a visible link or a requested navigation, a warning when the app left on its own', () => {
    const steps = [
      recordedStep(1, {
        links: [{ href: 'https://docs.example.com/', text: 'Docs', status: null }],
      }),
      recordedStep(2, { events: { blockedNavigations: ['https://docs.example.com/'] } }),
      recordedStep(3, {
        action: 'navigate',
        events: { blockedNavigations: ['https://typed.example.com/'] },
      }),
      recordedStep(4, { events: { blockedNavigations: ['https://login.example.com/sso'] } }),
    ];
    expect(blockedNavigation(steps, CONTEXT).map((f) => [f.step, f.severity])).toEqual([
      [2, 'info'],
      [3, 'info'],
      [4, 'warning'],
    ]);
  });
});

describe('runChecks', () => {
  it('numbers, merges and orders findings: most severe first, then by step', () => {
    const error = { type: 'error' as const, text: 'boom' };
    const steps = [
      recordedStep(1, {
        accessibility: [
          {
            id: 'image-alt',
            impact: 'serious',
            help: 'Images must have alternate text',
            nodes: [],
          },
        ],
      }),
      recordedStep(2, { events: { console: [error] } }),
      recordedStep(3, { events: { console: [error], pageErrors: [{ message: 'kaput' }] } }),
    ];
    const findings = runChecks(steps, CONTEXT);
    expect(findings.map((f) => [f.id, f.check, f.step, f.count])).toEqual([
      ['F1', 'console-error', 2, 2],
      ['F2', 'page-error', 3, 1],
      ['F3', 'accessibility', 1, 1],
    ]);
    for (const finding of findings) expect(FindingSchema.parse(finding)).toEqual(finding);
  });

  it('finds nothing in a clean run', () => {
    expect(runChecks([recordedStep(1), recordedStep(2)], CONTEXT)).toEqual([]);
  });
});
