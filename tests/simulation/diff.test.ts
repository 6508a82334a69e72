import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedFilesFromDiff, DiffError, gitDiff } from '../../src/simulation/diff.js';

describe('changedFilesFromDiff', () => {
  it('lists added, changed, renamed and deleted paths once', () => {
    const diff = [
      'diff --git a/src/routes/cart.ts b/src/routes/cart.ts',
      '--- a/src/routes/cart.ts',
      '+++ b/src/routes/cart.ts',
      '@@ -1 +1 @@',
      'diff --git a/old.css b/new.css',
      'rename from old.css',
      'diff --git a/gone.js b/gone.js',
      '+++ /dev/null',
    ].join('\n');
    expect(changedFilesFromDiff(diff)).toEqual(['src/routes/cart.ts', 'new.css', 'gone.js']);
  });
});

describe('gitDiff', () => {
  it('reads what a branch changed since the base with real git', () => {
    const dir = mkdtempSync(join(tmpdir(), 'diff-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 't@example.com');
    git('config', 'user.name', 'T');
    writeFileSync(join(dir, 'a.txt'), 'one\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    writeFileSync(join(dir, 'favorites.mjs'), 'export {};\n');
    git('add', '.');
    git('commit', '-qm', 'feature');
    return gitDiff(dir, 'main').then((diff) => {
      expect(changedFilesFromDiff(diff)).toEqual(['favorites.mjs']);
    });
  });

  it('names the ref git could not find, and a folder outside git, in its own words', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'not-git-'));
    const error = await gitDiff(outside, 'main').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiffError);
    expect((error as Error).message).toBe(`--base main: ${outside} is not inside a git repository`);
    // git itself answers with a hint about its --no-index option, which is not ours.
    expect((error as Error).message).not.toMatch(/no-index/);
    const repo = mkdtempSync(join(tmpdir(), 'diff-ref-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
    await expect(gitDiff(repo, 'no-such-ref')).rejects.toThrow(
      `--base no-such-ref: no such branch, tag or commit in the repository at ${repo}`,
    );
    await expect(gitDiff(outside, '--output=/tmp/x')).rejects.toThrow('not a git ref');
  });
});
