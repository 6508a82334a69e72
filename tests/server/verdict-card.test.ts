/**
 * The verdict card (MCP Apps) in real Chromium, inside a host built with the ext-apps
 * package's own host side (`AppBridge` over `PostMessageTransport`, bundled for the page), fed
 * the real server's tool results through the MCP SDK's client: a finished job's card shows its
 * verdict, findings by origin and the screenshot; a running job's card shows its status and
 * updates by itself, through the host, when the run ends. Hosts without MCP Apps see only the
 * `_meta` they ignore: the tools' text is what it was.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { decode } from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { connectMcp } from '../../harness/clients.js';
import { sampleCriterion, sampleFinding, sampleReport } from '../../fixtures/sample-report.js';
import { artifactName } from '../../src/contract/index.js';
import {
  finishRun,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';
import { launchChromium } from './login-helpers.js';
import { distance } from '../helpers/pixels.js';
import { writeComparedRun, zipFolder } from '../helpers/report-folder.js';

const CARD_URI = 'ui://myfav-coworker/verdict-card.html';
/** Screenshots of the cards, kept for a person to look at. */
const SHOTS_DIR = join(process.cwd(), '.tmp', 'verdict-card');

/** The host page's script: ext-apps' AppBridge, rendering a view in a sandboxed iframe. */
const HOST_ENTRY = `
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';
window.startHost = async (html, input, result) => {
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.style.width = '640px';
  iframe.style.height = '900px';
  document.body.append(iframe);
  const bridge = new AppBridge(null, { name: 'test-host', version: '1.0.0' }, { serverTools: {}, openLinks: {} });
  bridge.oncalltool = (params) => window.hostCallTool(params);
  bridge.onopenlink = async ({ url }) => { window.openedLinks.push(url); return {}; };
  const initialized = new Promise((resolve) => { bridge.oninitialized = resolve; });
  await bridge.connect(new PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
  iframe.srcdoc = html;
  await initialized;
  await bridge.sendToolInput({ arguments: input });
  await bridge.sendToolResult(result);
};
window.openedLinks = [];
`;

let github: FakeGitHub;
let server: RunningServer;
let client: Client;
let browser: Browser;
let hostScript: string;
let cardHtml: string;

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({ github, store: new MemoryStore() });
  github.state.oauthAutoLogin = 'alice';
  ({ client } = await connectMcp(server.url));
  browser = await launchChromium();
  await mkdir(SHOTS_DIR, { recursive: true });
  const bundled = await build({
    stdin: { contents: HOST_ENTRY, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
  });
  hostScript = (bundled.outputFiles[0]?.text ?? '').replaceAll('</script', '<\\/script');
  const resource = await client.readResource({ uri: CARD_URI });
  const content = resource.contents[0] as { text: string; mimeType: string };
  expect(content.mimeType).toBe('text/html;profile=mcp-app');
  cardHtml = content.text;
});

afterAll(async () => {
  await browser?.close();
  await client?.close();
  await server?.close();
  await github?.close();
});

/** A page hosting the card, its tool calls going to the real server; records any request. */
async function host(input: Record<string, unknown>, result: unknown) {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (request) => void requests.push(request.url()));
  await page.exposeFunction(
    'hostCallTool',
    (params: { name: string; arguments?: Record<string, unknown> }) => client.callTool(params),
  );
  await page.setContent(`<!doctype html><body><script>${hostScript}</script></body>`);
  await page.evaluate(
    ([html, args, res]) =>
      (
        window as unknown as { startHost: (h: unknown, a: unknown, r: unknown) => Promise<void> }
      ).startHost(html, args, res),
    [cardHtml, input, result] as const,
  );
  return { page, card: page.frameLocator('iframe').locator('#card'), requests };
}

async function startJob(): Promise<CallToolResult> {
  return (await client.callTool({
    name: 'simulate_pr',
    arguments: { pr_url: 'https://github.com/acme/shop/pull/42' },
  })) as CallToolResult;
}

const jobIdOf = (result: CallToolResult) =>
  (result.structuredContent as { job: { job_id: string } }).job.job_id;

/** A failing report compared with the base: one new and one preexisting finding, one fixed. */
function comparedReport() {
  return sampleReport({
    result: 'fail',
    summary: 'Fail: the checkout button throws.',
    criteria: [
      sampleCriterion({ id: 'C1', description: 'The cart shows the item', status: 'pass' }),
      sampleCriterion({ id: 'C2', description: 'Checkout opens the payment form', status: 'fail' }),
    ],
    findings: [
      sampleFinding({ id: 'F1', title: 'Checkout button throws TypeError', baseline: 'new' }),
      sampleFinding({
        id: 'F2',
        severity: 'warning',
        title: 'Old badge image is broken',
        baseline: 'preexisting',
      }),
    ],
    comparison: {
      baseRef: 'main',
      baseSha: 'b'.repeat(40),
      method: 'explore',
      baseReport: 'base/report.json',
      baseResult: 'fail',
      failOnPreexisting: false,
      rechecked: false,
      fixed: [
        {
          check: 'broken-link',
          severity: 'error',
          title: 'Broken link "Docs" → 404',
          url: null,
          evidence: 'link "Docs" answered HTTP 404',
        },
      ],
      visual: [
        {
          step: 2,
          baseStep: 2,
          url: 'http://127.0.0.1:3000/cart',
          page: '/cart',
          ratio: 0.0421,
          expected: false,
          before: 'visual/step-002-before.png',
          after: 'screenshots/step-002.png',
          diff: 'visual/step-002-diff.png',
        },
      ],
      notes: [],
    },
  });
}

/** A real PNG: Chromium's screenshot of a small page. */
async function screenshot(): Promise<string> {
  const shot = await browser.newPage({ viewport: { width: 200, height: 120 } });
  await shot.setContent('<body style="background:#cf222e"><h1>step 2</h1></body>');
  const png = (await shot.screenshot()).toString('base64');
  await shot.close();
  return png;
}

describe('the verdict card', () => {
  it('is declared by simulate_pr, get_simulation and get_report, and the text stays the same', async () => {
    const { tools } = await client.listTools();
    const withCard = tools
      .filter((t) => (t._meta as { ui?: { resourceUri?: string } })?.ui?.resourceUri === CARD_URI)
      .map((t) => t.name)
      .sort();
    expect(withCard).toEqual(['get_report', 'get_simulation', 'simulate_pr']);
    const started = await startJob();
    const text = (started.content[0] as { text: string }).text;
    expect(text).toMatch(
      /^Started\. Job job_[\w-]+ for https:\/\/github\.com\/acme\/shop\/pull\/42: pending\./,
    );
  });

  it("shows a finished job's verdict, criteria, findings by origin, screenshot and link", async () => {
    const jobId = jobIdOf(await startJob());
    finishRun(github, jobId, comparedReport());
    await client.callTool({
      name: 'get_simulation',
      arguments: { job_id: jobId, wait_seconds: 20 },
    });
    const report = (await client.callTool({
      name: 'get_report',
      arguments: { job_id: jobId, format: 'json' },
    })) as CallToolResult;
    // The failing step's screenshot, as an image block of the tool result.
    const image = { type: 'image', mimeType: 'image/png', data: await screenshot() };
    const { page, card, requests } = await host(
      { job_id: jobId, format: 'json' },
      { ...report, content: [...report.content, image] },
    );
    await expect.poll(() => card.locator('.verdict').textContent()).toBe('FAIL');
    const text = await card.innerText();
    expect(text).toContain('Fail: the checkout button throws.');
    expect(text).toContain('fail: Checkout opens the payment form');
    const section = (name: string) =>
      card.locator('section', { has: page.getByRole('heading', { name }) });
    expect(await section('New findings').innerText()).toContain('Checkout button throws TypeError');
    expect(await section('Already on the base').innerText()).toContain('Old badge image is broken');
    expect(await section('Fixed by this PR').innerText()).toContain('Broken link "Docs" → 404');
    expect(await section('Looks different from the base').innerText()).toContain(
      '/cart: 4.2% of pixels (unexpected)',
    );
    const picture = card.getByRole('img', { name: 'Screenshot of the failing step' });
    await expect.poll(() => picture.isVisible()).toBe(true);
    expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    // The report link goes through the host.
    await card.getByRole('link', { name: /Full report/ }).click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { openedLinks: string[] }).openedLinks))
      .toEqual([expect.stringContaining(`/artifacts/`)]);
    // The card fetched nothing: its CSP allows only itself and data: pictures.
    expect(requests.filter((url) => !url.startsWith('data:') && url !== 'about:blank')).toEqual([]);
    await page.close();
  });

  it('shows the before and after pictures of a page that changed visually, from the artifact', async () => {
    // A compared run as the real report writer leaves it: page 2 changed against the base.
    const dir = await mkdtemp(join(tmpdir(), 'verdict-card-'));
    await writeComparedRun(browser, dir, 2, 1);
    const jobId = jobIdOf(await startJob());
    github.state.completeRun(runOf(github, jobId).id, {
      conclusion: 'failure',
      artifactZip: await zipFolder(dir),
      artifactName: artifactName(jobId),
    });
    await client.callTool({
      name: 'get_simulation',
      arguments: { job_id: jobId, wait_seconds: 20 },
    });
    const report = (await client.callTool({
      name: 'get_report',
      arguments: { job_id: jobId, format: 'json' },
    })) as CallToolResult;
    // The pictures ride beside the content, not in it: the model's images stay the deciding ones.
    expect(report.content.filter((c) => c.type === 'image').length).toBeLessThanOrEqual(3);
    const { page, card, requests } = await host({ job_id: jobId, format: 'json' }, report);
    const section = card.locator('section', {
      has: page.getByRole('heading', { name: 'Looks different from the base' }),
    });
    await expect.poll(() => section.isVisible()).toBe(true);
    // An exploration checks no criteria: no empty list of them.
    expect(await card.getByRole('heading', { name: 'Criteria' }).count()).toBe(0);
    const jpeg = async (name: string) => {
      const picture = section.getByRole('img', { name });
      expect(await picture.isVisible()).toBe(true);
      const src = (await picture.getAttribute('src')) ?? '';
      expect(src).toMatch(/^data:image\/jpeg;base64,/);
      const bytes = Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
      expect(bytes.length).toBeLessThanOrEqual(64 * 1024);
      const shown = await picture.evaluate((img: HTMLImageElement) => img.naturalWidth);
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThanOrEqual(480);
      return decode(bytes, { useTArray: true });
    };
    const png = async (file: string) => PNG.sync.read(await readFile(join(dir, file)));
    const [base, head] = [
      await png('visual/page-2-before.png'),
      await png('screenshots/step-002.png'),
    ];
    // Each picture is its side's page, told apart from the other side by what it shows.
    const before = await jpeg('Before (base): /page-2');
    expect(distance(before, base)).toBeLessThan(3);
    expect(distance(before, head)).toBeGreaterThan(10);
    const after = await jpeg('After (this PR): /page-2');
    expect(distance(after, head)).toBeLessThan(3);
    expect(distance(after, base)).toBeGreaterThan(10);
    await page.screenshot({ path: join(SHOTS_DIR, 'visual-change.png'), fullPage: true });
    expect(requests.filter((url) => !url.startsWith('data:') && url !== 'about:blank')).toEqual([]);
    await page.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a running job's card shows its status, then the verdict once the run ends", async () => {
    const started = await startJob();
    const jobId = jobIdOf(started);
    const { page, card } = await host({ pr_url: 'https://github.com/acme/shop/pull/42' }, started);
    await expect.poll(() => card.locator('.status').textContent()).toMatch(/Queued|Running/);
    expect(await card.locator('.verdict').count()).toBe(0);
    finishRun(github, jobId, comparedReport());
    await expect
      .poll(() => card.locator('.verdict').textContent(), { timeout: 30_000 })
      .toBe('FAIL');
    expect(await card.innerText()).toContain('Checkout button throws TypeError');
    await page.close();
  });
});
