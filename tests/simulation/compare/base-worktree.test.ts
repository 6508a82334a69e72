/**
 * The merge base as a worktree, on real git: it shares the checkout's node_modules when the
 * lockfile did not change, runs the user's base-setup when it did, and names a ref it cannot find.
 */
import { execFile } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkoutBase } from '../../../src/simulation/compare/base-worktree.js';

const run = promisify(execFile);
const cleanup: string[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: dir })).stdout.trim();
}

/** main: an app in `web/` with a lockfile; pr: changes the app, and the lockfile if asked. */
async function repo(
  changeLockfile: boolean,
): Promise<{ dir: string; app: string; mainSha: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'base-worktree-'));
  cleanup.push(dir);
  const app = join(dir, 'web');
  await mkdir(app);
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'config', 'user.email', 'a@example.com');
  await git(dir, 'config', 'user.name', 'A');
  await writeFile(join(app, 'package-lock.json'), '{"lockfileVersion":3}\n');
  await writeFile(join(app, 'server.mjs'), 'console.log("base");\n');
  await writeFile(join(dir, '.gitignore'), 'node_modules\n');
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-qm', 'base');
  const mainSha = await git(dir, 'rev-parse', 'HEAD');
  await git(dir, 'checkout', '-qb', 'pr');
  await writeFile(join(app, 'server.mjs'), 'console.log("head");\n');
  if (changeLockfile)
    await writeFile(join(app, 'package-lock.json'), '{"lockfileVersion":3,"x":1}\n');
  await git(dir, 'commit', '-qam', 'pr');
  await mkdir(join(app, 'node_modules', 'dep'), { recursive: true });
  return { dir, app, mainSha };
}

const log = (): void => {};

describe('checkoutBase', () => {
  it('checks out the merge base in the same subfolder and shares node_modules when the lockfile is unchanged', async () => {
    const { app, mainSha } = await repo(false);
    const base = await checkoutBase({ cwd: app, ref: 'main', secretNames: [], log });
    try {
      expect(base.sha).toBe(mainSha);
      expect(await readFile(join(base.cwd, 'server.mjs'), 'utf8')).toBe('console.log("base");\n');
      expect(readlinkSync(join(base.cwd, 'node_modules'))).toBe(join(app, 'node_modules'));
      expect(base.notes).toEqual([]);
    } finally {
      await base.remove();
    }
    expect(existsSync(base.cwd)).toBe(false);
  });

  it('runs base-setup in the base worktree when the lockfile changed, without the secrets', async () => {
    const { app } = await repo(true);
    process.env.MYFAV_TEST_TOKEN = 'tok-123';
    try {
      const base = await checkoutBase({
        cwd: app,
        ref: 'main',
        setup: 'echo "installed token=${MYFAV_TEST_TOKEN:-none}" > setup.txt',
        secretNames: [],
        log,
      });
      try {
        expect(await readFile(join(base.cwd, 'setup.txt'), 'utf8')).toBe('installed token=none\n');
        expect(existsSync(join(base.cwd, 'node_modules'))).toBe(false);
        expect(base.notes.join(' ')).toMatch(/installed with base-setup/);
      } finally {
        await base.remove();
      }
    } finally {
      delete process.env.MYFAV_TEST_TOKEN;
    }
  });

  it('shares node_modules anyway when the lockfile changed and no base-setup was given, and says so', async () => {
    const { app } = await repo(true);
    const base = await checkoutBase({ cwd: app, ref: 'main', secretNames: [], log });
    try {
      expect(existsSync(join(base.cwd, 'node_modules', 'dep'))).toBe(true);
      expect(base.notes.join(' ')).toMatch(/no base-setup command was given/);
    } finally {
      await base.remove();
    }
  });

  it('names a base it cannot find', async () => {
    const { app } = await repo(false);
    await expect(
      checkoutBase({ cwd: app, ref: 'no-such-branch', secretNames: [], log }),
    ).rejects.toThrow(/cannot check out the base "no-such-branch"/);
  });
});
