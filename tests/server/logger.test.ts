/**
 * The server's logger on Node: a request's child logger and its children write their bindings
 * and nothing below the level, and secrets one level down are masked (expected lines written by
 * hand).
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger.js';

/** A logger whose lines are kept, without what differs by moment and host. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', {
    write: (line: string) => {
      const {
        time: _t,
        pid: _p,
        hostname: _h,
        ...rest
      } = JSON.parse(line) as Record<string, unknown>;
      lines.push(rest);
    },
  });
  return { logger, lines };
}

describe('logger', () => {
  it('a child writes its bindings, nested children and levels included', () => {
    const { logger, lines } = capture();
    const log = logger.child({ correlation_id: 'c-1' });
    log.info({ path: '/x' }, 'request');
    log.child({ user_id: '1001' }).warn({ job_id: 'job_a' }, 'slow');
    log.debug('hidden at info');
    expect(log.level).toBe('info');
    expect(lines).toEqual([
      {
        level: 30,
        service: 'myfav-coworker-server',
        correlation_id: 'c-1',
        path: '/x',
        msg: 'request',
      },
      {
        level: 40,
        service: 'myfav-coworker-server',
        correlation_id: 'c-1',
        user_id: '1001',
        job_id: 'job_a',
        msg: 'slow',
      },
    ]);
  });

  it("masks secret fields at the top and one level down, leaving the caller's object alone", () => {
    const { logger, lines } = capture();
    const grant = { code: 'c0de-1234', client_secret: 'shh-1234', client_id: 'app' };
    logger.info({ token: 'tok-1234', grant }, 'issued');
    expect(lines[0]).toEqual({
      level: 30,
      service: 'myfav-coworker-server',
      token: '[REDACTED]',
      grant: { code: '[REDACTED]', client_secret: '[REDACTED]', client_id: 'app' },
      msg: 'issued',
    });
    expect(grant.code).toBe('c0de-1234');
  });
});
