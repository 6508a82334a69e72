/**
 * Logging in is a setup step, not something the model types: a storage state written before the
 * run makes the browser start signed in.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/simulation/simulate.js';

let server: Server;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storage-state-'));
  server = createServer((req, res) => {
    const signedIn = /(^|;\s*)session=ada-session(;|$)/.test(req.headers.cookie ?? '');
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      `<!doctype html><title>Account</title><main><h1>${signedIn ? 'Signed in as Ada' : 'Please sign in'}</h1></main>`,
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(dir, { recursive: true, force: true });
});

async function firstSnapshot(storageStatePath?: string): Promise<string> {
  const { report } = await simulate({
    url,
    cwd: dir,
    readyTimeoutMs: 10_000,
    changedFiles: [],
    pr: null,
    maxSteps: 1,
    timeoutSec: 60,
    viewport: 'desktop',
    outDir: join(dir, storageStatePath ? 'out-signed-in' : 'out-anonymous'),
    secrets: [],
    secretNames: [],
    ...(storageStatePath ? { storageStatePath } : {}),
  });
  return report.steps[0]?.snapshotExcerpt ?? '';
}

describe('storage state', { timeout: 120_000 }, () => {
  it('starts the browser signed in when given a storage state, and anonymous without one', async () => {
    const statePath = join(dir, 'state.json');
    await writeFile(
      statePath,
      JSON.stringify({
        cookies: [
          {
            name: 'session',
            value: 'ada-session',
            domain: '127.0.0.1',
            path: '/',
            expires: -1,
            httpOnly: true,
            secure: false,
            sameSite: 'Lax',
          },
        ],
        origins: [],
      }),
    );
    expect(await firstSnapshot(statePath)).toContain('Signed in as Ada');
    expect(await firstSnapshot()).toContain('Please sign in');
  });
});
