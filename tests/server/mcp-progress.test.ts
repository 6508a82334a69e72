/**
 * A `get_simulation` call that waits, made by the MCP SDK's client with `onprogress` (so it
 * carries a progress token), hears the run go from queued to running to finished before the
 * answer comes; a call without a token gets its answer as before.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/store/memory-store.js';
import type { FakeGitHub } from '../../fakes/github/server.js';
import { connectMcp } from '../../harness/clients.js';
import {
  finishRun,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;
let client: Client;

beforeAll(async () => {
  github = await startGitHub();
  server = await startServer({ github, store: new MemoryStore() });
  github.state.oauthAutoLogin = 'alice';
  ({ client } = await connectMcp(server.url));
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await github?.close();
});

async function startJob(): Promise<string> {
  const started = await client.callTool({
    name: 'simulate_pr',
    arguments: { pr_url: 'https://github.com/acme/shop/pull/42' },
  });
  return (started.structuredContent as { job: { job_id: string } }).job.job_id;
}

describe('progress of a waiting get_simulation', () => {
  it('tells queued, running, finished with the time since the start, then answers', async () => {
    const jobId = await startJob();
    const heard: Progress[] = [];
    const run = runOf(github, jobId);
    const result = await client.callTool(
      { name: 'get_simulation', arguments: { job_id: jobId, wait_seconds: 30 } },
      undefined,
      {
        onprogress: (progress) => {
          heard.push(progress);
          // The runner picks the run up once the client has heard it queued, and finishes it
          // once the client has heard it running.
          if (progress.message?.includes('queued') && run.status === 'queued') {
            github.state.startRun(run.id);
          } else if (progress.message?.includes(': running') && run.status === 'in_progress') {
            finishRun(github, jobId);
          }
        },
      },
    );
    expect((result.structuredContent as { job: { status: string } }).job.status).toBe('completed');
    const phases = heard.map(
      (p) => /: (queued|running|finished \(completed\)),/.exec(p.message ?? '')?.[1],
    );
    expect(phases[0]).toBe('queued');
    expect(phases).toContain('running');
    expect(phases.at(-1)).toBe('finished (completed)');
    // In that order: no phase comes back after a later one.
    const order = ['queued', 'running', 'finished (completed)'];
    const ranks = phases.map((p) => order.indexOf(p ?? ''));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const p of heard) {
      expect(p.total).toBe(30);
      expect(p.message).toContain(jobId);
      expect(p.message).toMatch(/\d+s since it was started\.$/);
    }
    // MCP: progress only grows.
    for (let i = 1; i < heard.length; i++) {
      expect(heard[i]?.progress ?? 0).toBeGreaterThan(heard[i - 1]?.progress ?? 0);
    }
  });

  it('a finished job answers at once, with one notification saying it finished', async () => {
    const jobId = await startJob();
    finishRun(github, jobId);
    await client.callTool({ name: 'get_simulation', arguments: { job_id: jobId } });
    const heard: Progress[] = [];
    const result = await client.callTool(
      { name: 'get_simulation', arguments: { job_id: jobId, wait_seconds: 10 } },
      undefined,
      { onprogress: (progress) => void heard.push(progress) },
    );
    expect((result.structuredContent as { job: { status: string } }).job.status).toBe('completed');
    expect(heard.map((p) => p.message)).toEqual([
      expect.stringContaining(`Job ${jobId}: finished (completed),`),
    ]);
  });
});
