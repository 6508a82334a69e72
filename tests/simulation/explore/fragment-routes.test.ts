/**
 * A wiki whose links are fragments used as routes (`href="#Getting-started"`, no element with
 * that id; its script renders the named page), in real Chromium through the whole engine. Each
 * such link is a control, each page it shows a page of its own; a real anchor (`#content`, an
 * id on the page) is left alone and listed. The app is fixtures/fragment-routes; the planted bug
 * (rendering "Configuration" throws) lives in a script the test server adds. Expected pages and
 * findings are written out by hand.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/contract/index.js';
import { simulate } from '../../../src/simulation/simulate.js';
import { startStaticServer } from '../../helpers/static-server.js';

const APP = resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'fragment-routes');

/** Rendering the Configuration page reads a list the page data does not have. */
const PLANTED = `window.__renderText = function (name, page) {
  return name === 'Configuration' ? page.settings.join(', ') : page.text;
};`;

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function explore(planted: boolean): Promise<{ report: Report; origin: string }> {
  const html = await readFile(join(APP, 'index.html'), 'utf8');
  const server = await startStaticServer({
    '/': planted
      ? html.replace(
          '<script src="/wiki.js">',
          '<script src="/planted.js"></script><script src="/wiki.js">',
        )
      : html,
    '/wiki.js': {
      body: await readFile(join(APP, 'wiki.js'), 'utf8'),
      contentType: 'text/javascript',
    },
    '/planted.js': { body: PLANTED, contentType: 'text/javascript' },
    '/favicon.ico': { status: 204 },
  });
  const outDir = await mkdtemp(join(tmpdir(), 'fragment-routes-'));
  dirs.push(outDir);
  try {
    const { report } = await simulate({
      url: `${server.origin}/`,
      cwd: outDir,
      readyTimeoutMs: 10_000,
      changedFiles: [],
      pr: null,
      maxSteps: 20,
      timeoutSec: 120,
      viewport: 'desktop',
      outDir,
      secrets: [],
      secretNames: [],
      browserPath: '/usr/bin/chromium',
      forceExplore: true,
    });
    return { report, origin: server.origin };
  } finally {
    await server.close();
  }
}

const walk = (report: Report, origin: string) =>
  report.steps.map((s) => `${s.description} @ ${s.url.replace(origin, '')}`);

describe('fragment routes', { timeout: 120_000 }, () => {
  it('visits every page behind a #Name link, lists the real anchor, and passes the clean wiki', async () => {
    const { report, origin } = await explore(false);
    const context = walk(report, origin).join('\n');
    expect(
      report.coverage.visited.map((url) => url.replace(origin, '')),
      context,
    ).toEqual(['/', '/#Getting-started', '/#Configuration', '/#FAQ']);
    expect(report.coverage.notCovered, context).toEqual([
      'Link "Skip to the page" on / (skipped: an in-page anchor)',
    ]);
    expect(
      report.findings.filter((f) => f.severity !== 'info'),
      context,
    ).toEqual([]);
    expect(report.result, context).toBe('pass');
  });

  it('fails naming the page whose rendering throws', async () => {
    const { report, origin } = await explore(true);
    const context = walk(report, origin).join('\n');
    const errors = report.findings.filter((f) => f.severity === 'error');
    expect(
      errors.map((f) => ({ check: f.check, title: f.title, url: f.url?.replace(origin, '') })),
      context,
    ).toEqual([
      {
        check: 'page-error',
        title: "Uncaught exception: Cannot read properties of undefined (reading 'join')",
        url: '/#Configuration',
      },
    ]);
    const step = report.steps.find((s) => s.index === errors[0]!.step);
    expect(step?.description).toBe('Click link "Configuration"');
    expect(report.result).toBe('fail');
  });
});
