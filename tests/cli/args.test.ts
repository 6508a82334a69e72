import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../../src/cli/args.js';
import { missingProgram, programOf } from '../../src/cli/check-command.js';

function usageError(argv: string[]): string {
  try {
    parseCli(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCli', () => {
  it('applies the documented defaults', () => {
    const parsed = parseCli(['run', '--url', 'http://localhost:3000', '--start', 'npm start']);
    expect(parsed).toMatchObject({
      command: 'run',
      flags: {
        url: 'http://localhost:3000',
        start: 'npm start',
        'max-steps': 30,
        timeout: 300,
        viewport: 'desktop',
        out: 'coworker-report',
      },
    });
  });

  it('reads every flag', () => {
    const parsed = parseCli([
      'run',
      '--url',
      'https://app.test/',
      '--max-steps',
      '5',
      '--timeout',
      '60',
      '--viewport',
      'mobile',
      '--secret',
      'API_TOKEN',
      '--secret',
      'DB_PASSWORD',
      '--allow-origin',
      'https://cdn.test',
      '--json',
      '--headed',
    ]);
    expect(parsed.command === 'run' && parsed.flags).toMatchObject({
      'max-steps': 5,
      timeout: 60,
      viewport: 'mobile',
      secret: ['API_TOKEN', 'DB_PASSWORD'],
      'allow-origin': ['https://cdn.test'],
      json: true,
      headed: true,
    });
  });

  it('reads the agent budgets', () => {
    const parsed = parseCli([
      'run',
      '--url',
      'http://a.test',
      '--max-cost',
      '0.25',
      '--max-tokens',
      '200000',
    ]);
    expect(parsed.command === 'run' && parsed.flags).toMatchObject({
      'max-cost': 0.25,
      'max-tokens': 200000,
    });
    expect(usageError(['run', '--url', 'http://a.test', '--max-cost', 'cheap'])).toContain(
      '--max-cost is a number',
    );
  });

  it('names an unknown flag', () => {
    expect(usageError(['run', '--url', 'http://x.test', '--bogus'])).toBe(
      'unknown flag --bogus (see --help)',
    );
  });

  it('names every bad value at once', () => {
    const message = usageError([
      'run',
      '--url',
      'ftp://x',
      '--max-steps',
      'ten',
      '--viewport',
      'tablet',
    ]);
    expect(message).toContain('--url must be an http(s) URL');
    expect(message).toContain('--max-steps must be a whole number');
    expect(message).toContain('--viewport must be desktop or mobile');
  });

  it('requires --url and refuses --base with --diff-file', () => {
    expect(usageError(['run'])).toContain('--url is required');
    expect(
      usageError(['run', '--url', 'http://a.test', '--base', 'main', '--diff-file', 'x.diff']),
    ).toContain('either --base or --diff-file');
  });

  it('says what the command is', () => {
    expect(usageError([])).toContain('missing command');
    expect(usageError(['test'])).toContain('unknown command "test"');
    expect(usageError(['run', '--url'])).toBe('--url needs a value');
  });

  it('answers help and version', () => {
    expect(parseCli(['--help'])).toEqual({ command: 'help' });
    expect(parseCli(['-v'])).toEqual({ command: 'version' });
  });
});

describe('start command check', () => {
  it('finds the program after environment assignments', () => {
    expect(programOf('PORT=3000 HOST=x node server.mjs')).toBe('node');
    expect(programOf('cd app && npm start')).toBeNull();
    expect(programOf('$RUNNER start')).toBeNull();
  });

  it('accepts a program on PATH and names a missing one', () => {
    expect(missingProgram('node server.mjs', process.cwd())).toBeNull();
    expect(missingProgram('nosuchprogram-xyz --port 1', process.cwd())).toBe(
      '--start: "nosuchprogram-xyz" was not found on PATH (command: nosuchprogram-xyz --port 1)',
    );
    expect(missingProgram('./missing.sh', '/tmp')).toContain('"./missing.sh" was not found');
  });
});

describe('compare flags', () => {
  it('reads --compare-base with its companions', () => {
    const parsed = parseCli([
      'run',
      '--url',
      'http://localhost:3000',
      '--start',
      'npm start',
      '--base',
      'main',
      '--compare-base',
      '--fail-on-preexisting',
      '--base-setup',
      'npm ci',
    ]);
    expect(parsed).toMatchObject({
      flags: {
        base: 'main',
        'compare-base': true,
        'fail-on-preexisting': true,
        'base-setup': 'npm ci',
      },
    });
  });

  it('names what is missing', () => {
    expect(
      usageError([
        'run',
        '--url',
        'http://localhost:3000',
        '--start',
        'npm start',
        '--compare-base',
      ]),
    ).toBe('--compare-base needs --base REF (the branch the PR goes into)');
    expect(
      usageError([
        'run',
        '--url',
        'http://localhost:3000',
        '--base',
        'main',
        '--fail-on-preexisting',
      ]),
    ).toBe('--fail-on-preexisting only applies with --compare-base');
  });

  it('refuses --compare-base without --start: the running app is the change itself', () => {
    expect(
      usageError(['run', '--url', 'http://localhost:3000', '--base', 'main', '--compare-base']),
    ).toBe(
      "--compare-base needs --start CMD: the base's code must be started on its own, and the app already running at --url is this change's",
    );
  });
});
