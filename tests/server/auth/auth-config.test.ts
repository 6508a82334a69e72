/** The auth settings of the environment: origins for /mcp, and the development setting. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

const BASE = {
  PUBLIC_URL: 'https://coworker.example.com',
  GITHUB_CLIENT_ID: 'id',
  GITHUB_CLIENT_SECRET: 'secret',
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  SIGNING_KEY: 's'.repeat(32),
};

describe('auth configuration', () => {
  it('reads MCP_ALLOWED_ORIGINS as a list of origins, empty by default', () => {
    expect(loadConfig(BASE).mcpAllowedOrigins).toEqual([]);
    const config = loadConfig({
      ...BASE,
      MCP_ALLOWED_ORIGINS: 'https://inspector.example, http://localhost:6274',
    });
    expect(config.mcpAllowedOrigins).toEqual([
      'https://inspector.example',
      'http://localhost:6274',
    ]);
    expect(config.clientMetadata.allowLocal).toBe(false);
  });

  it('names every bad auth setting at once', () => {
    let error: unknown;
    try {
      loadConfig({
        ...BASE,
        MCP_ALLOWED_ORIGINS: 'https://a.example/path',
        CLIENT_METADATA_ALLOW_LOCAL: 'yes',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'MCP_ALLOWED_ORIGINS: https://a.example/path is not an origin (scheme://host[:port])',
      'CLIENT_METADATA_ALLOW_LOCAL must be true or false',
    ]);
  });
});
