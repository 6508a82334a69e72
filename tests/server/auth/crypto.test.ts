/** Secrets at rest and in logs. */
import { describe, expect, it } from 'vitest';
import { hashToken, open, seal, s256 } from '../../../server/auth/crypto.js';
import { createLogger, maskSecrets } from '../../../server/logger.js';
import { LogSink } from '../../../harness/server-harness.js';

const key = Buffer.alloc(32, 1);

describe('seal / open (AES-256-GCM)', () => {
  it('round-trips, with a fresh IV each time, and never contains the plaintext', () => {
    const a = seal(key, 'gho_secretvalue123');
    const b = seal(key, 'gho_secretvalue123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secretvalue');
    expect(open(key, a)).toBe('gho_secretvalue123');
  });

  it('refuses a tampered value or another key', () => {
    const sealed = seal(key, 'gho_secretvalue123');
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3] ?? '', 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[3] = ct.toString('base64url');
    expect(() => open(key, parts.join('.'))).toThrow();
    expect(() => open(Buffer.alloc(32, 2), sealed)).toThrow();
    expect(() => open(key, 'garbage')).toThrow(/format/);
  });

  it('hashes tokens and computes PKCE S256 challenges', () => {
    expect(hashToken('x')).toMatch(/^[0-9a-f]{64}$/);
    // base64url without padding, 43 characters (interop with the SDK client is proven end to end
    // in mcp-oauth.test.ts).
    expect(s256('a'.repeat(43))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s256('a'.repeat(43))).not.toBe(s256('b'.repeat(43)));
  });
});

describe('logger', () => {
  it('redacts token fields and token-shaped text', () => {
    const sink = new LogSink();
    const log = createLogger('info', sink);
    log.info(
      { token: 'gho_abcdefghijklmnop', headers: { authorization: 'Bearer xyz' } },
      'login with gho_abcdefghijklmnop',
    );
    log.error({ err: new Error('failed for Bearer mfc_at_abcdefghijklmnopqrstuvwxyz') }, 'oops');
    const text = sink.text();
    expect(text).not.toContain('abcdefghijklmnop');
    expect(text).not.toContain('xyz');
    expect(text).toContain('[REDACTED]');
    expect(maskSecrets('ghp_1234567890abcdef and github_pat_11AAAAAAAAAAAA')).not.toMatch(
      /1234567890|11AAAA/,
    );
  });
});
