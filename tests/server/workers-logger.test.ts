/**
 * The server's logger as bundled for Cloudflare Workers (pino's browser build there): its real
 * output from workerd is one JSON line per call, redacted and masked exactly as on Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';
import { SECRETS, logSecrets } from '../fixtures/workers-logger/calls.js';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.js';

let worker: WranglerDev;

beforeAll(async () => {
  worker = await startWranglerDev('tests/fixtures/workers-logger/wrangler.jsonc', () => ({}));
}, 90_000);

afterAll(async () => {
  await worker?.stop();
});

/** A line without what differs by runtime and moment (time; pid and hostname on Node). */
function comparable(line: Record<string, unknown>): Record<string, unknown> {
  const { time: _time, pid: _pid, hostname: _hostname, ...rest } = line;
  return rest;
}

describe('logs on Workers', () => {
  it('are JSON, redacted and masked as on Node, with no secret in them', async () => {
    const res = await fetch(`${worker.url}/log`);
    expect(await res.text()).toBe('logged');
    await new Promise((r) => setTimeout(r, 300)); // let wrangler relay the lines

    const onWorkers = worker.logLines().filter((l) => l.correlation_id === 'corr-12345678');
    const nodeLines: string[] = [];
    logSecrets(createLogger('info', { write: (line: string) => void nodeLines.push(line) }));
    const onNode = nodeLines.map((l) => JSON.parse(l) as Record<string, unknown>);

    expect(onWorkers).toHaveLength(7);
    expect(onWorkers.map(comparable)).toEqual(onNode.map(comparable));
    for (const secret of Object.values(SECRETS)) expect(worker.output()).not.toContain(secret);

    // What the lines say, written out by hand.
    expect(onWorkers[0]).toMatchObject({
      level: 30,
      service: 'myfav-coworker-server',
      token: '[REDACTED]',
      refresh_token: '[REDACTED]',
      msg: 'issued tokens',
    });
    expect(onWorkers[1]).toMatchObject({ req: { headers: { authorization: '[REDACTED]' } } });
    expect(onWorkers[2]).toMatchObject({ headers: { authorization: '[REDACTED]' } });
    expect(onWorkers[3]).toMatchObject({
      grant: { code: '[REDACTED]', client_secret: '[REDACTED]' },
    });
    expect(onWorkers[4]).toMatchObject({
      level: 40,
      msg: 'GitHub answered 401 for gho_[REDACTED] (Bearer mfc_[REDACTED])',
    });
    expect(onWorkers[5]).toMatchObject({
      level: 50,
      err: { type: 'Error', message: 'bad credentials github_pat_[REDACTED]' },
    });
    expect(onWorkers[6]).toMatchObject({ user_id: '1001', job_id: 'job_abc' });
  });
});
