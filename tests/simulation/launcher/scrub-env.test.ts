import { describe, expect, it } from 'vitest';
import {
  SECRET_ENV_RULES,
  partitionEnv,
  scrubEnv,
} from '../../../src/simulation/launcher/index.js';

const KEPT = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TERM',
  'PWD',
  'OLDPWD',
  'CI',
  'NODE_ENV',
  'NODE_OPTIONS',
  'NODE_EXTRA_CA_CERTS',
  'GITHUB_WORKSPACE',
  'GITHUB_SHA',
  'GITHUB_PATH',
  'RUNNER_TEMP',
  'TOKENIZERS_PARALLELISM',
  'KEYBOARD_LAYOUT',
  'PORT',
  'DATABASE_URL',
];

const REMOVED = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_BASE_URL',
  'OPENAI_API_KEY',
  'OPENAI_ORG',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GH_ENTERPRISE_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'INPUT_ANTHROPIC-API-KEY',
  'INPUT_START-COMMAND',
  'NPM_TOKEN',
  'NODE_AUTH_TOKEN',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'STRIPE_SECRET_KEY',
  'STRIPE_KEY',
  'SENDGRID_API_KEY',
  'SENTRY_AUTH_TOKEN',
  'DB_PASSWORD',
  'MYSQLPASSWORD',
  'GIT_PAT',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'github_token',
];

function envOf(names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.map((name, i) => [name, `value-${i}-of-${name}`]));
}

describe('scrubEnv', () => {
  it('keeps what the app needs to run and removes every secret-looking variable', () => {
    const scrubbed = scrubEnv(envOf([...KEPT, ...REMOVED]), []);
    expect(Object.keys(scrubbed).sort()).toEqual([...KEPT].sort());
  });

  it("removes the user's own secret names, case-insensitively and with * wildcards", () => {
    const env = envOf(['SHOP_DB_URL', 'LEGACY_STRIPE_1', 'LEGACY_STRIPE_2', 'LEGACY', 'PATH']);
    const scrubbed = scrubEnv(env, ['shop_db_url', 'LEGACY_STRIPE_*', '  ']);
    expect(Object.keys(scrubbed).sort()).toEqual(['LEGACY', 'PATH']);
  });

  it('removes an innocent-looking copy of a secret value, but not short common values', () => {
    const env = {
      ANTHROPIC_API_KEY: 'sk-ant-api03-abcdef',
      MY_SETTING: 'sk-ant-api03-abcdef',
      ACTIONS_STEP_DEBUG: 'true',
      VERBOSE: 'true',
    };
    expect(scrubEnv(env, [])).toEqual({ VERBOSE: 'true' });
  });

  it('does not change its input', () => {
    const env = { GITHUB_TOKEN: 'ghs_abcdefgh', PATH: '/bin' };
    scrubEnv(env, []);
    expect(env).toEqual({ GITHUB_TOKEN: 'ghs_abcdefgh', PATH: '/bin' });
  });

  it('says which rule removed each name, without any value', () => {
    const { kept, removed } = partitionEnv(
      {
        OPENAI_API_KEY: 'sk-openai-123456',
        GH_TOKEN: 'gho_1234567890',
        ACTIONS_CACHE_URL: 'https://cache',
        INPUT_MODEL: 'claude',
        SLACK_WEBHOOK_SECRET: 'abcdefghij',
        SHOP_DB_URL: 'postgres://x',
        COPY: 'sk-openai-123456',
        HOME: '/root',
      },
      ['SHOP_DB_URL'],
    );
    expect(kept).toEqual({ HOME: '/root' });
    expect(removed).toEqual({
      OPENAI_API_KEY: 'model-keys',
      GH_TOKEN: 'github-tokens',
      ACTIONS_CACHE_URL: 'actions-runtime',
      INPUT_MODEL: 'action-inputs',
      SLACK_WEBHOOK_SECRET: 'secret-looking',
      SHOP_DB_URL: 'user',
      COPY: 'same-value',
    });
    expect(SECRET_ENV_RULES.map((rule) => rule.id)).toEqual([
      'model-keys',
      'github-tokens',
      'actions-runtime',
      'action-inputs',
      'secret-looking',
    ]);
  });
});
