/**
 * The access line is the line pino itself writes for the same call, byte for byte but the
 * time, whatever the path holds; a token-shaped part of a path is masked (expected values
 * written by hand); nothing is written when the level is above info.
 */
import { describe, expect, it } from 'vitest';
import { accessLogger } from '../../server/access-log.js';
import { createLogger } from '../../server/logger.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');

const PATHS = [
  '/health',
  '/v1/simulations/job_AbC-123_x',
  '/v1/"quoted"/back\\slash',
  '/naïve/中文/emoji-😀',
  '/control/\u0001\u001f\u007f',
];

describe('access log', () => {
  it('writes what pino writes for the same fields', () => {
    for (const path of PATHS) {
      const ours = capture();
      const pinos = capture();
      const entry = { correlationId: 'c0rr-1d_x.y', method: 'GET', path, status: 200, ms: 3 };
      accessLogger(ours.logger)(entry);
      pinos.logger.info(
        { correlation_id: 'c0rr-1d_x.y', method: 'GET', path, status: 200, ms: 3 },
        'request',
      );
      expect(ours.lines).toHaveLength(1);
      expect(withoutTime(ours.lines[0]!)).toBe(withoutTime(pinos.lines[0]!));
      expect(JSON.parse(ours.lines[0]!)).toMatchObject({ path, level: 30, msg: 'request' });
    }
  });

  it('masks a token in the path', () => {
    const { logger, lines } = capture();
    const token = `ghp_${'a1B2'.repeat(9)}`;
    accessLogger(logger)({
      correlationId: 'c0rr-1d_x.y',
      method: 'POST',
      path: `/v1/simulations/${token}`,
      status: 404,
      ms: 0,
    });
    expect(lines.join('')).not.toContain(token);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      path: '/v1/simulations/ghp_[REDACTED]',
      status: 404,
      method: 'POST',
      service: 'myfav-coworker-server',
    });
  });

  it('writes nothing above info', () => {
    const { logger, lines } = capture('warn');
    accessLogger(logger)({
      correlationId: 'c0rr-1d_x.y',
      method: 'GET',
      path: '/',
      status: 200,
      ms: 0,
    });
    expect(lines).toEqual([]);
  });
});
