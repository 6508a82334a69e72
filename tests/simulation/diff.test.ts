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

  it('names the ref git could not find', async () => {
    await expect(gitDiff(tmpdir(), 'no-such-ref')).rejects.toThrow(DiffError);
    await expect(gitDiff(tmpdir(), '--output=/tmp/x')).rejects.toThrow('not a git ref');
  });
});
