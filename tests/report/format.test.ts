import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatUsd,
  lastLines,
  shortUrl,
  truncate,
} from '../../src/report/index.js';

describe('format helpers', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [3_240, '3.2 s'],
    [42_000, '42 s'],
    [72_000, '1m 12s'],
    [3_780_000, '1h 03m'],
    [-1, '–'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it.each([
    [0, '$0.00'],
    [0.0031, '$0.0031'],
    [0.0523, '$0.052'],
    [12.5, '$12.50'],
  ])('formatUsd(%d) = %s', (usd, text) => expect(formatUsd(usd)).toBe(text));

  it('formats bytes, counts, log tails, URLs and truncation the way a person reads them', () => {
    expect([formatBytes(512), formatBytes(4096), formatBytes(1.5 * 1024 * 1024)]).toEqual([
      '512 B',
      '4.0 KiB',
      '1.5 MiB',
    ]);
    expect([formatCount(1234567), formatCount(12.5), formatCount(999)]).toEqual([
      '1,234,567',
      '12.5',
      '999',
    ]);
    expect(lastLines('a\nb\nc\nd\n\n', 2)).toBe('c\nd');
    expect(shortUrl('http://127.0.0.1:3000/cart?x=1', 'http://127.0.0.1:3000/')).toBe('/cart?x=1');
    expect(shortUrl('https://other.example/a', 'http://127.0.0.1:3000/')).toBe(
      'https://other.example/a',
    );
    expect(shortUrl('about:blank', 'not a url')).toBe('about:blank');
    // Emoji are never cut in half.
    expect(truncate('🚀🚀🚀🚀', 3)).toBe('🚀🚀…');
    expect(truncate('short', 10)).toBe('short');
  });
});
