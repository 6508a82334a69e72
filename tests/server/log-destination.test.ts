/**
 * The Node server's log lines on stdout: written in batches, none lost when the
 * process ends, and a stdout that stops reading costs bounded memory, with the loss counted.
 * Real processes and real pipes; the expected lines are the ones the test made the process log.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchedDestination } from '../../server/log-destination.js';

interface Line {
  level: number;
  msg: string;
  n?: number;
  dropped_lines?: number;
}

function parseLines(text: string): Line[] {
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Line);
}

describe('log lines on stdout', () => {
  it('lines of any length and any characters come out whole and in order', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'log-batch-'));
    try {
      const file = path.join(dir, 'out.log');
      const dest = batchedDestination(openSync(file, 'w'));
      // Two-, three- and four-byte characters at every offset, so batches end inside them,
      // and a few lines longer than a whole batch.
      const lines: string[] = [];
      for (let i = 0; i < 3000; i += 1) {
        const text = 'é€😀'.repeat(i % 37) + 'x'.repeat(i % 5);
        const long = i % 500 === 7 ? 'ü'.repeat(20_000) : '';
        lines.push(`${JSON.stringify({ n: i, text, long })}\n`);
      }
      for (const line of lines) dest.write(line);
      await dest.close();
      expect(await readFile(file, 'utf8')).toBe(lines.join(''));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a stdout that stops reading loses lines, never their order, and says how many', async () => {
    const turns = 200;
    const perTurn = 1000; // 200,000 lines of about 170 bytes: twice what is held for stdout
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/server/log-flood.ts', String(turns), String(perTurn)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // stdout is left unread until every line was logged.
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('logged')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before logging: ${err}`)));
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);

    const lines = parseLines(out);
    const numbered = lines.filter((l) => l.msg === 'line').map((l) => l.n!);
    const notices = lines.filter((l) => l.dropped_lines !== undefined);
    const dropped = notices.reduce((sum, l) => sum + l.dropped_lines!, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(notices.every((l) => l.level === 40)).toBe(true);
    expect(numbered.length + dropped).toBe(turns * perTurn);
    expect(numbered.every((n, i) => i === 0 || n > numbered[i - 1]!)).toBe(true);
    // The first lines got out before stdout filled; every loss is counted, the last included.
    expect(numbered[0]).toBe(0);
  }, 60_000);
});
