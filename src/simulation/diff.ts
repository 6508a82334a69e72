/**
 * Reading a change: the unified diff from git or a file, and the changed file paths in it.
 * The engine uses the paths to visit first what the change touches.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The paths a unified diff touches (new path for renames; `/dev/null` sides ignored). */
export function changedFilesFromDiff(diff: string): string[] {
  const files = new Set<string>();
  for (const line of diff.split('\n')) {
    const git = /^diff --git a\/(.+?) b\/(.+)$/.exec(line);
    if (git?.[2]) {
      files.add(git[2]);
      continue;
    }
    const plus = /^\+\+\+ b\/(.+)$/.exec(line);
    if (plus?.[1]) files.add(plus[1]);
  }
  return [...files];
}

/** Raised when git cannot produce the diff; the message says what to fix. */
export class DiffError extends Error {
  override name = 'DiffError';
}

/** `git diff <base>...HEAD` in `cwd`: what the branch changed since it left `base`. */
export async function gitDiff(cwd: string, base: string): Promise<string> {
  if (base.startsWith('-')) throw new DiffError(`--base: not a git ref: ${base}`);
  // Checked first, in our words: git's own answer outside a repository suggests `--no-index`,
  // an option of git's, not of this tool.
  const inRepo = await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd }).then(
    () => true,
    () => false,
  );
  if (!inRepo) {
    throw new DiffError(`--base ${base}: ${cwd} is not inside a git repository`);
  }
  const known = await run('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], {
    cwd,
  }).then(
    () => true,
    () => false,
  );
  if (!known) {
    throw new DiffError(
      `--base ${base}: no such branch, tag or commit in the repository at ${cwd}`,
    );
  }
  try {
    const { stdout } = await run('git', ['diff', '--no-color', '--no-ext-diff', `${base}...HEAD`], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const reason = gitReason(String((error as { stderr?: string }).stderr ?? ''));
    throw new DiffError(
      `--base ${base}: git could not diff it in ${cwd}${reason ? `: ${reason}` : ''}`,
    );
  }
}

/**
 * The line of git's stderr that says what went wrong (`fatal: …`, `error: …`), without git's
 * hints and usage text, which name git's options rather than ours.
 */
export function gitReason(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  const fatal = lines.find((line) => /^(fatal|error):/.test(line));
  return (fatal ?? '').replace(/^(fatal|error):\s*/, '');
}
