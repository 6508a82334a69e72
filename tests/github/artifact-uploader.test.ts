import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeTokenFor } from '../../fakes/github/artifacts.js';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';
import {
  artifactServiceMissing,
  uploadArtifactFiles,
  uploadSingleFile,
} from '../../src/github/artifact-uploader.js';

let gh: FakeGitHub;
let dir: string;

beforeAll(async () => {
  gh = await createFakeGitHub();
  // @actions/artifact reads these from process.env; this file runs in its own worker.
  process.env.ACTIONS_RUNTIME_TOKEN = runtimeTokenFor('run-backend-1', 'job-backend-1');
  process.env.ACTIONS_RESULTS_URL = `${gh.url}/`;
  dir = await mkdtemp(path.join(tmpdir(), 'myfav-artifact-'));
  await mkdir(path.join(dir, 'screenshots'));
  await writeFile(path.join(dir, 'report.json'), '{"result":"fail"}');
  await writeFile(path.join(dir, 'report.md'), '# Report');
  await writeFile(path.join(dir, 'screenshots', 'step-001.png'), Buffer.from([137, 80, 78, 71]));
});

afterAll(async () => {
  await gh.close();
  await rm(dir, { recursive: true, force: true });
});

describe('uploadArtifactFiles (real @actions/artifact against the fake service)', () => {
  it('uploads the folder with report.json at the root of the zip', async () => {
    const files = ['report.json', 'report.md', 'screenshots/step-001.png'].map((f) =>
      path.join(dir, f),
    );
    const uploaded = await uploadArtifactFiles('myfav-coworker-report-job_123456', dir, files);
    const [artifact] = gh.state.finalizedArtifacts('myfav-coworker-report-job_123456');
    expect(artifact?.id).toBe(uploaded.id);
    expect(gh.state.artifactText(artifact!, 'report.json')).toBe('{"result":"fail"}');
    expect([...gh.state.artifactFiles(artifact!).keys()].sort()).toEqual([
      'report.json',
      'report.md',
      'screenshots/step-001.png',
    ]);
    expect(artifact?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('refuses a folder without report.json (the server could not read it)', async () => {
    await expect(
      uploadArtifactFiles('no-report', dir, [path.join(dir, 'report.md')]),
    ).rejects.toThrow(/report\.json is missing/);
  });

  it('fails with the service error when the artifact service refuses', async () => {
    gh.state.faults.push({
      method: 'POST',
      path: /CreateArtifact$/,
      status: 403,
      times: 1,
    });
    await expect(
      uploadArtifactFiles('refused', dir, [path.join(dir, 'report.json')]),
    ).rejects.toThrow(/403|non-retryable/i);
    expect(gh.state.finalizedArtifacts('refused')).toEqual([]);
  });

  it('uploads the report page unzipped: named after the file, served as text/html, not a zip', async () => {
    process.env.ACTIONS_RUNTIME_TOKEN = runtimeTokenFor('run-77', 'job-77');
    const html = '<!doctype html><title>Report</title><h1>Fail</h1>';
    await writeFile(path.join(dir, 'report.html'), html);
    const uploaded = await uploadSingleFile(
      'myfav-coworker-report.html',
      path.join(dir, 'report.html'),
    );
    const [artifact] = gh.state.finalizedArtifacts('myfav-coworker-report.html');
    expect(artifact?.id).toBe(uploaded.id);
    expect(artifact?.mimeType).toBe('text/html');
    expect(Buffer.from(artifact!.zip!).toString('utf8')).toBe(html);
    expect(artifact?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The link a person clicks on the run page opens the page itself.
    const res = await fetch(`${gh.url}/acme/notebook/actions/runs/77/artifacts/${uploaded.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toBe(html);
    // The toolkit names the artifact after the file: a path cannot be a name.
    await expect(uploadSingleFile('a/b.html', path.join(dir, 'report.html'))).rejects.toThrow(
      /not a file name/,
    );
  });

  it('names what is missing for a local run', () => {
    expect(artifactServiceMissing({})).toMatch(/ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL/);
    expect(artifactServiceMissing({ ACTIONS_RUNTIME_TOKEN: 'x', ACTIONS_RESULTS_URL: 'y' })).toBe(
      null,
    );
  });
});
