/** Start-up configuration: every bad variable named at once; working defaults otherwise. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { ENCRYPTION_KEY, SIGNING_KEY } from '../../harness/server-harness.js';

const good = {
  PUBLIC_URL: 'https://coworker.example.com/',
  GITHUB_CLIENT_ID: 'Iv1.abc',
  GITHUB_CLIENT_SECRET: 'secret',
  ENCRYPTION_KEY,
  SIGNING_KEY,
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(good);
    expect(config).toMatchObject({
      port: 8787,
      publicUrl: 'https://coworker.example.com',
      github: { apiUrl: 'https://api.github.com', webUrl: 'https://github.com' },
      upstash: null,
      workflowFile: 'myfav-coworker.yml',
      allowedPrHost: 'github.com',
      allowForkPrs: false,
      logLevel: 'info',
    });
    expect(config.encryptionKey).toHaveLength(32);
  });

  it('accepts a hex encryption key and an Upstash pair', () => {
    const config = loadConfig({
      ...good,
      ENCRYPTION_KEY: 'ab'.repeat(32),
      UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io',
      UPSTASH_REDIS_REST_TOKEN: 'tok',
    });
    expect(config.encryptionKey.toString('hex')).toBe('ab'.repeat(32));
    expect(config.upstash).toEqual({ url: 'https://eu1.upstash.io', token: 'tok' });
  });

  it('names every missing or bad variable in one error', () => {
    let error: ConfigError | null = null;
    try {
      loadConfig({
        PORT: 'eighty',
        PUBLIC_URL: 'not a url',
        ENCRYPTION_KEY: 'short',
        SIGNING_KEY: 'short',
        UPSTASH_REDIS_REST_URL: 'https://x.upstash.io',
        LOG_LEVEL: 'loud',
        WORKFLOW_FILE: 'ci.txt',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error?.message ?? '';
    for (const name of [
      'PORT',
      'PUBLIC_URL',
      'GITHUB_CLIENT_ID',
      'GITHUB_CLIENT_SECRET',
      'ENCRYPTION_KEY',
      'SIGNING_KEY',
      'UPSTASH_REDIS_REST_TOKEN',
      'LOG_LEVEL',
      'WORKFLOW_FILE',
    ]) {
      expect(text, name).toContain(name);
    }
    expect(error?.problems.length).toBeGreaterThanOrEqual(9);
  });
});
