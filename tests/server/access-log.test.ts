/**
 * The access line is the line pino itself writes for the same call, byte for byte but the
 * time, whatever the path holds; a token-shaped part of a path is masked (expected values
 * written by hand); nothing is written when the level is above info.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { accessLog } from '../../server/access-log.js';
import type { AppEnv } from '../../server/context.js';
import { correlationId } from '../../server/correlation-id.js';
import { createLogger } from '../../server/logger.js';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger(level, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

/** An app with the two middlewares, answering `status` on every path. */
function appLogging(level: string, status: 200 | 404) {
  const { logger, lines } = capture(level);
  const app = new Hono<AppEnv>();
  app.use(correlationId(logger), accessLog());
  app.all('*', (c) => c.text('x', status));
  return { app, lines };
}

const withoutTime = (line: string) => line.replace(/"time":\d+/, '"time":0');
const withoutMs = (line: string) => line.replace(/"ms":\d+/, '"ms":0');

const PATHS = [
  '/health',
  '/v1/simulations/job_AbC-123_x',
  '/v1/"quoted"/back\\slash',
  '/naïve/中文/emoji-😀',
  '/control/\u0001\u001f\u007f',
];

describe('access log', () => {
  it('writes what pino writes for the same fields', async () => {
    for (const path of PATHS) {
      const { app, lines } = appLogging('info', 200);
      // The path as the request carries it (percent-encoded where a URL must be).
      const url = new URL(path, 'http://localhost');
      await app.request(url.pathname, { headers: { 'x-correlation-id': 'c0rr-1d_x.y' } });
      const seen = decodeURI(url.pathname); // the path Hono's router and handlers see
      const pinos = capture();
      pinos.logger.info(
        { correlation_id: 'c0rr-1d_x.y', method: 'GET', path: seen, status: 200, ms: 0 },
        'request',
      );
      expect(lines).toHaveLength(1);
      expect(withoutMs(withoutTime(lines[0]!))).toBe(withoutTime(pinos.lines[0]!));
      expect(JSON.parse(lines[0]!)).toMatchObject({
        path: seen,
        level: 30,
        msg: 'request',
      });
    }
  });

  it('masks a token in the path', async () => {
    const { app, lines } = appLogging('info', 404);
    const token = `ghp_${'a1B2'.repeat(9)}`;
    await app.request(`/v1/simulations/${token}`, {
      method: 'POST',
      headers: { 'x-correlation-id': 'c0rr-1d_x.y' },
    });
    expect(lines.join('')).not.toContain(token);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      path: '/v1/simulations/ghp_[REDACTED]',
      status: 404,
      method: 'POST',
      correlation_id: 'c0rr-1d_x.y',
      service: 'myfav-coworker-server',
    });
  });

  it('writes nothing above info', async () => {
    const { app, lines } = appLogging('warn', 200);
    await app.request('/');
    expect(lines).toEqual([]);
  });
});
