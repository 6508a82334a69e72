/**
 * The CLI as a user runs it: a real process, real flags, real exit codes and output.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/contract/index.js';
import { COMMENT_MARKER } from '../../src/github/sticky-comment.js';
import { renderMarkdown } from '../../src/report/index.js';
import { createFixtureRepo, freePort } from '../../fixtures/fixture-repo.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source (through tsx) or from the committed bundle, as `bin/` does. */
function cli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; bundle?: boolean } = {},
): Promise<CliRun> {
  const entry = options.bundle
    ? [join(ROOT, 'bin', 'myfav-coworker.js')]
    : ['--import', 'tsx', join(ROOT, 'src', 'cli.ts')];
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...entry, ...args],
      {
        cwd: options.cwd ?? ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
        timeout: 200_000,
      },
      (error, stdout, stderr) => {
        done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('myfav-coworker CLI', { timeout: 240_000 }, () => {
  it.each([
    [['run', '--url', 'http://localhost:3000', '--frobnicate'], 'unknown flag --frobnicate'],
    [['run', '--url', 'localhost:3000'], '--url must be an http(s) URL'],
    [
      ['run', '--url', 'http://localhost:3000', '--start', 'no-such-server-binary --port 3000'],
      '"no-such-server-binary" was not found',
    ],
    [
      ['run', '--url', 'http://localhost:3000', '--cwd', '/no/such/folder'],
      '--cwd: no such folder',
    ],
    [
      ['run', '--url', 'http://localhost:3000', '--base', 'main', '--compare-base'],
      '--compare-base needs --start CMD',
    ],
  ])('rejects %j with one clear line and exit 64', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('prints usage and version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 pass, 1 fail, 2 inconclusive/);
    expect(help.stdout).toMatch(/3 error \(the app or browser broke\), 64 bad input, 70 a bug/);
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('fails a PR with a planted bug (exit 1) with the diff from git, through the bundled bin', async () => {
    const repo = await createFixtureRepo('uncaught-error');
    cleanup.push(repo.dir);
    const run = await cli(
      [
        'run',
        '--start',
        repo.startCommand,
        '--url',
        repo.url,
        '--base',
        'main',
        '--out',
        'report',
        // The planted bug throws on the first "Add to favourites" click, the walk's 11th step.
        '--max-steps',
        '12',
      ],
      { cwd: repo.dir, bundle: true },
    );
    expect(run.stdout).toMatch(/^✘ Fail: /);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Report: report/report.html');
    const report = parseReport(await readFile(join(repo.dir, 'report', 'report.json'), 'utf8'));
    expect(report.environment.changedFiles).toEqual(repo.changedFiles);
    expect(report.findings.some((f) => f.check === 'page-error')).toBe(true);
  });

  it('calls an empty change inconclusive (exit 2) with a one-line reason, without starting anything', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-empty-'));
    cleanup.push(dir);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    await writeFile(join(dir, 'index.html'), '<h1>Home</h1>\n');
    git('add', '.');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-qm', 'base');
    const port = await freePort();
    // On main itself, `--base main` names no change; the app would not even answer.
    const out = join(dir, 'report');
    const run = await cli([
      'run',
      ...['--url', `http://127.0.0.1:${port}`, '--cwd', dir, '--base', 'main', '--out', out],
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout.split('\n')[0]).toBe(
      '? Inconclusive: the change is empty (no file differs from the base), so there is nothing to test (0 steps across 0 pages).',
    );
    const report = parseReport(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.result).toBe('inconclusive');
    expect(report.coverage.notCovered).toEqual([
      'Everything: the app was not started, because the change is empty (no file differs from the base), so there is nothing to test.',
    ]);
  });

  it("says why a typo'd start script failed: npm's words in stderr, report.md and the PR comment", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-typo-'));
    cleanup.push(dir);
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'typo-app', version: '1.0.0', scripts: { start: 'node server.js' } }),
    );
    const port = await freePort();
    const out = join(dir, 'report');
    const run = await cli([
      'run',
      ...['--start', 'npm run strat', '--url', `http://127.0.0.1:${port}`, '--cwd', dir],
      ...['--out', out],
    ]);
    expect(run.code).toBe(3);
    const missing = 'npm error Missing script: "strat"';
    expect(run.stderr).toContain(`The app's last output (it exited with code 1):\n`);
    expect(run.stderr).toContain(`  ${missing}\n`);
    const report = parseReport(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.summary).toBe(
      `Error: The app exited with code 1 before http://127.0.0.1:${port} answered: ${missing}`,
    );
    expect(report.appLogTail).toContain(missing);
    expect(report.appExit).toEqual({ phase: 'start', code: 1, signal: null });
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(
      /#### The app's last output \(it exited with code 1\)\n\n```text\n[^`]*npm error Missing script: "strat"/,
    );
    // The PR comment is the same rendering with the comment's marker.
    expect(renderMarkdown(report, { marker: COMMENT_MARKER })).toContain(missing);
  });

  it('prints report.json with --json and exits 3 when the app cannot start', async () => {
    const out = await mkdtemp(join(tmpdir(), 'cli-json-'));
    cleanup.push(out);
    const port = await freePort();
    const run = await cli([
      'run',
      '--start',
      'node -e "process.exit(2)"',
      '--url',
      `http://127.0.0.1:${port}`,
      '--out',
      out,
      '--json',
    ]);
    expect(run.code).toBe(3);
    const report = parseReport(run.stdout);
    expect(report.result).toBe('error');
    expect(report.appExit).toEqual({ phase: 'start', code: 2, signal: null });
    await stat(join(out, 'report.html'));
  });
});
