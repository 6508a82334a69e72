/**
 * A GitHub Enterprise Server that refuses `return_run_details` (422, GHES 3.17–3.19): the
 * server dispatches again without it, finds the run by its run-name (evaluated by the fake
 * from the workflow file with GitHub's expression engine) and the job completes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../server/store/memory-store.js';
import { contractProblems } from '../../../fakes/github/openapi-contract.js';
import type { FakeGitHub } from '../../../fakes/github/server.js';
import {
  api,
  finishRun,
  restLogin,
  runOf,
  startGitHub,
  startServer,
  type RunningServer,
} from '../../../harness/server-harness.js';

let github: FakeGitHub;
let server: RunningServer;

beforeAll(async () => {
  github = await startGitHub();
  github.state.dispatchMode = 'ghes';
  server = await startServer({ github, store: new MemoryStore() });
});

afterAll(async () => {
  await server?.close();
  await github?.close();
});

describe('dispatch on GHES', () => {
  it('retries without return_run_details, finds the run by its name, and completes', async () => {
    const token = await restLogin(server, github, 'alice');
    const created = await api(server, 'POST', '/v1/simulations', {
      token,
      body: { pr_url: 'https://github.com/acme/shop/pull/42' },
    });
    expect(created.status).toBe(202);
    const jobId = created.body.job_id as string;
    const dispatches = github.state.requestsTo('POST', /\/dispatches$/);
    expect(dispatches.map((r) => r.status)).toEqual([422, 204]);
    expect(runOf(github, jobId).name).toBe(`myfav-coworker job ${jobId}`);

    finishRun(github, jobId);
    const done = await api(server, 'GET', `/v1/simulations/${jobId}`, { token });
    expect(done.body.status).toBe('completed');
    expect(done.body.run_url).toContain(`/actions/runs/${runOf(github, jobId).id}`);

    // Learned once: the next dispatch goes without the parameter straight away.
    await api(server, 'POST', '/v1/simulations', {
      token,
      body: { pr_url: 'https://github.com/acme/shop/pull/42' },
    });
    expect(github.state.requestsTo('POST', /\/dispatches$/).map((r) => r.status)).toEqual([
      422, 204, 204,
    ]);
  });

  it('what the server sent after the refusal, and what it read, match the GHES 3.17 description', () => {
    // The refused dispatch (it carried return_run_details) aside, every exchange is one GHES
    // documents: the dispatch answers 204 there, and no run details exist.
    const afterRefusal = github.state.exchanges.filter(
      (e) => !(e.status === 422 && e.operation.endsWith('/dispatches')),
    );
    expect(afterRefusal.some((e) => e.operation.endsWith('/dispatches'))).toBe(true);
    expect(afterRefusal.some((e) => e.operation.endsWith('/actions/runs'))).toBe(true);
    expect(contractProblems(afterRefusal, 'ghes-3.17')).toEqual([]);
    // The same check catches a 200 with run details, which GHES never answers.
    const dispatch = afterRefusal.find((e) => e.operation.endsWith('/dispatches'));
    if (!dispatch) throw new Error('no dispatch recorded');
    expect(contractProblems([{ ...dispatch, status: 200 }], 'ghes-3.17').join('\n')).toContain(
      'status 200 is not documented',
    );
  });
});
