/**
 * The bundled action run as a runner runs it: fork safety, GitHub faults, the post step.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { commandsOf, runAction } from './action-runner.js';
import { useDistHarness, KEY } from './dist-harness.js';

const h = useDistHarness(200);

describe('the bundle on a runner: safety and faults', () => {
  // The comparison with the base is dist.test.ts's to show: these runs are about a fork, GitHub's
  // faults and the post step, and a second session on the base would only double their cost.
  const notCompared = { 'compare-base': 'false' };

  it('refuses to start a fork PR next to secrets, and says why in the log and the comment', async () => {
    const number = await h.openPull({ headRepo: 'mallory/notebook' });
    const result = await runAction(
      h.spec(h.runtimes[0]!, {
        runId: 6004,
        eventName: 'workflow_dispatch',
        event: { inputs: { pr_number: String(number) } },
        inputs: { 'pr-number': String(number), 'anthropic-api-key': KEY },
      }),
    );
    expect(result.code).toBe(1);
    expect(result.outputs.result).toBe('error');
    const errors = commandsOf(result.stdout, 'error').join('\n');
    expect(errors).toMatch(
      /Refused to start the code of this PR: it comes from the fork mallory\/notebook/,
    );
    expect(h.ours(number)[0]?.body).toMatch(/Refused to start the code/);
    // The app never started: nothing listens on its port.
    await expect(fetch(h.fixture.url)).rejects.toThrow();
    // The key appears only in the runner's add-mask command, which masks it in the log.
    const printed = result.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(printed + result.stderr).not.toContain(KEY);
  }, 300_000);

  it('runs a fork PR without secrets in exploration mode, and warns when it cannot comment', async () => {
    const number = await h.openPull({ headRepo: 'mallory/notebook' });
    // A fork's pull_request run gets a read-only token.
    h.gh.state.addToken('ghs_read_only', 'github-actions[bot]', { write: false });
    const result = await runAction(
      h.spec(h.runtimes[0]!, {
        runId: 6005,
        event: h.pullEvent(number, 'mallory/notebook'),
        inputs: { ...notCompared, 'github-token': 'ghs_read_only' },
      }),
    );
    const report = JSON.parse(await readFile(result.outputs['report-path']!, 'utf8'));
    expect(report.environment.mode).toBe('explore');
    expect(commandsOf(result.stdout, 'warning').join('\n')).toMatch(/exploration/);
    expect(commandsOf(result.stdout, 'warning').join('\n')).toMatch(
      /Could not post the PR comment/,
    );
    expect(h.ours(number)).toHaveLength(0);
    expect(result.outputs.result).toBe('fail');
  }, 300_000);

  it('retries GitHub 502s, and keeps the report when the artifact upload fails', async () => {
    const number = await h.openPull();
    h.gh.state.faults.push(
      { method: 'GET', path: new RegExp(`/pulls/${number}$`), status: 502, times: 1 },
      { method: 'POST', path: /CreateArtifact$/, status: 403, times: 1 },
    );
    const result = await runAction(
      h.spec(h.runtimes[1]!, {
        runId: 6006,
        event: h.pullEvent(number),
        inputs: { ...notCompared, 'fail-on': 'never' },
      }),
    );
    const statuses = h.gh.state
      .requestsTo('GET', new RegExp(`/pulls/${number}$`))
      .map((r) => r.status);
    expect(statuses.slice(0, 2)).toEqual([502, 200]);
    expect(commandsOf(result.stdout, 'warning').join('\n')).toMatch(
      /Could not upload the report artifact myfav-coworker-report/,
    );
    expect(result.outputs['artifact-id']).toBe('');
    expect(result.outputs.result).toBe('fail');
    expect(existsSync(result.outputs['report-path']!)).toBe(true);
    expect(h.ours(number)).toHaveLength(1);
    expect(result.summary).toContain('myfav-coworker');
    expect(result.code).toBe(0);
  }, 300_000);

  it('post step stops an app group the main step left running', async () => {
    // A stand-in for an app whose main step was killed: its own process group, still running.
    const app = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
    const gone = new Promise((resolve) => app.on('exit', resolve));
    const result = await runAction(
      h.spec(h.runtimes[1]!, { entry: 'post', state: { 'app-pid': String(app.pid) } }),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Stopping the app left running by the main step (process group ${app.pid})`,
    );
    await gone;
    expect(app.exitCode !== null || app.signalCode !== null).toBe(true);
  }, 60_000);
});
