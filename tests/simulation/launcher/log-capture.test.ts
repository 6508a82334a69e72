import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOG_TAIL_CHARS, LogCapture } from '../../../src/simulation/launcher/index.js';
import { tempDir } from './helpers.js';

describe('LogCapture', () => {
  it('appends raw output to the file and gives a clean tail', () => {
    const path = join(tempDir(), 'nested', 'app.log');
    const log = new LogCapture(path);
    log.write(Buffer.from('\x1b[32mready\x1b[39m in 300 ms\r\n'));
    log.write('line two\nline three\n', 'stderr');
    expect(log.tail(2)).toBe('line two\nline three');
    expect(log.tail()).toBe('ready in 300 ms\nline two\nline three');
    log.close();
    log.close();
    log.write('after close\n');
    expect(readFileSync(path, 'utf8')).toBe(
      '\x1b[32mready\x1b[39m in 300 ms\r\nline two\nline three\n',
    );
    expect(log.tail(1)).toBe('after close');
  });

  it('keeps a multi-byte character split across chunks intact', () => {
    const log = new LogCapture(join(tempDir(), 'app.log'));
    const bytes = Buffer.from('café ✓\n');
    log.write(bytes.subarray(0, 4));
    log.write(bytes.subarray(4, 7));
    log.write(bytes.subarray(7));
    expect(log.tail()).toBe('café ✓');
    log.close();
  });

  it('keeps memory bounded for a chatty app', () => {
    const log = new LogCapture(join(tempDir(), 'app.log'));
    for (let i = 0; i < 5_000; i += 1) log.write(`log line number ${i} ${'x'.repeat(60)}\n`);
    expect(log.tail(1)).toContain('log line number 4999');
    expect(log.tail(100_000).length).toBeLessThanOrEqual(LOG_TAIL_CHARS);
    log.close();
  });
});
