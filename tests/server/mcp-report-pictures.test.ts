/**
 * The chat sees the report too: a failed run's artifact (written by the real report writer from
 * real screenshots) and its report page, uploaded as the action does, read back by the server.
 * The MCP SDK client's `get_report` returns the page's link and the deciding pictures as image
 * content whose bytes decode as the failing step's screenshot, with the run's text still fenced;
 * `get_simulation` and REST `GET /v1/simulations/{id}` give the same link.
 */
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'jpeg-js';
import { PNG } from 'pngjs';
import { chromium, type Browser as Chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactName, parseReport, reportPageName } from '../../src/contract/index.js';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { callTool, connectMcp } from '../../harness/clients.js';
import {
  api,
  restLogin,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';
import { distance } from '../helpers/pixels.js';
import { writeComparedRun, zipFolder } from '../helpers/report-folder.js';
import { CHROMIUM_ARGS } from './login-helpers.js';

let github: FakeGitHub;
let server: RunningServer;
let chromiumBrowser: Chromium;
let dir: string;

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({ github, store: new MemoryStore() });
  chromiumBrowser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  dir = await mkdtemp(join(tmpdir(), 'mcp-pictures-'));
  await writeComparedRun(chromiumBrowser, dir, 3, 1);
}, 120_000);

afterAll(async () => {
  await chromiumBrowser?.close();
  await server?.close();
  await github?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('get_report of a failed run', () => {
  it('carries the report page link and the deciding pictures; get_simulation and REST give the link', async () => {
    github.state.oauthAutoLogin = 'alice';
    const { client } = await connectMcp(server.url);
    const started = await callTool(client, 'simulate_pr', {
      pr_url: 'https://github.com/acme/shop/pull/42',
    });
    const jobId = (started.structured as { job: { job_id: string } }).job.job_id;
    const run = runOf(github, jobId);
    github.state.completeRun(run.id, {
      conclusion: 'failure',
      artifactZip: await zipFolder(dir),
      artifactName: artifactName(jobId),
      page: {
        name: reportPageName(artifactName(jobId)),
        content: new Uint8Array(await readFile(join(dir, 'report.html'))),
        mimeType: 'text/html',
      },
    });
    const [page] = github.state.finalizedArtifacts(reportPageName(artifactName(jobId)));
    const pageUrl = `${github.url}/acme/shop/actions/runs/${run.id}/artifacts/${page!.id}`;

    const status = await callTool(client, 'get_simulation', { job_id: jobId });
    expect((status.structured as { job: { status: string } }).job.status).toBe('completed');
    expect(status.text).toContain(`Report page (opens in a browser): ${pageUrl}`);
    expect((status.structured as { job: { report_page_url: string } }).job.report_page_url).toBe(
      pageUrl,
    );
    const token = await restLogin(server, github, 'alice');
    const rest = await api(server, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(rest.body.report_page_url).toBe(pageUrl);

    const result = await client.callTool({ name: 'get_report', arguments: { job_id: jobId } });
    const content = result.content as Array<
      { type: 'text'; text: string } | { type: 'image'; data: string; mimeType: string }
    >;
    const texts = content.filter((c) => c.type === 'text').map((c) => c.text);
    expect(texts[0]).toContain(`Report page (opens in a browser): ${pageUrl}`);
    expect(texts[0]).toMatch(/<untrusted-run-data id="[0-9a-f]+">[\s\S]*Broken link/);
    // Each picture's caption is the run's text: fenced too.
    for (const caption of texts.slice(1)) expect(caption).toMatch(/<untrusted-run-data id=/);

    const images = content.filter((c) => c.type === 'image');
    expect(images.length).toBeGreaterThan(0);
    expect(images.length).toBeLessThanOrEqual(3);
    for (const image of images) {
      expect(image.mimeType).toBe('image/jpeg');
      expect(Buffer.from(image.data, 'base64').length).toBeLessThan(300 * 1024);
    }
    // The first picture is the failing step's screenshot (the broken link was seen at step 2):
    // compared with the artifact's own PNG, it is that step's page and no other step's.
    const shot = decode(Buffer.from(images[0]!.data, 'base64'), { useTArray: true });
    expect(shot.width).toBeLessThanOrEqual(800);
    const step = (n: number) =>
      PNG.sync.read(
        Buffer.from(
          github.state
            .artifactFiles(github.state.finalizedArtifacts(artifactName(jobId))[0]!)
            .get(`screenshots/step-00${n}.png`)!,
        ),
      );
    expect(distance(shot, step(2))).toBeLessThan(3);
    expect(distance(shot, step(1))).toBeGreaterThan(10);
    expect(distance(shot, step(3))).toBeGreaterThan(10);
    // The report lists what it handed over.
    const report = parseReport(
      github.state.artifactText(
        github.state.finalizedArtifacts(artifactName(jobId))[0]!,
        'report.json',
      )!,
    );
    expect(report.files.previews?.[0]).toMatchObject({
      source: 'screenshots/step-002.png',
      step: 2,
    });
    await client.close();
  }, 120_000);
});
