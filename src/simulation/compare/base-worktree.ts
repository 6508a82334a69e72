/**
 * The PR's merge base as a git worktree beside the checkout, ready to start the app from: the
 * checkout's `node_modules` shared when the lockfile did not change (no second install), or the
 * user's `base-setup` command run when it did.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { scrubEnv } from '../launcher/scrub-env.js';

const run = promisify(execFile);

/** Lockfiles whose change means the base needs its own install. */
const LOCKFILES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
];

/** A checked-out merge base. `remove` deletes the worktree (safe to call twice). */
export interface BaseCheckout {
  sha: string;
  /** The folder to start the app in: the worktree plus the same subfolder as the head's cwd. */
  cwd: string;
  notes: string[];
  remove: () => Promise<void>;
}

export interface CheckoutOptions {
  /** The head's folder (the app's working directory inside the checkout). */
  cwd: string;
  /** The base ref (`main`, `origin/main`, a sha). */
  ref: string;
  /** Shell command that installs the base's dependencies when its lockfile differs. */
  setup?: string;
  /** Secret variable names kept from the setup command, as from the app. */
  secretNames: readonly string[];
  log: (line: string) => void;
}

/** Raised when the base cannot be checked out; the message says what to fix. */
export class BaseCheckoutError extends Error {
  override name = 'BaseCheckoutError';
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** Checks out the merge base of `ref` and HEAD in a new worktree; see the module comment. */
export async function checkoutBase(options: CheckoutOptions): Promise<BaseCheckout> {
  if (options.ref.startsWith('-')) throw new BaseCheckoutError(`not a git ref: ${options.ref}`);
  const root = await git(options.cwd, 'rev-parse', '--show-toplevel').catch(() => {
    throw new BaseCheckoutError(`${options.cwd} is not inside a git repository`);
  });
  const notes: string[] = [];
  const refSha = await resolveRef(root, options.ref, options.log);
  const sha = await git(root, 'merge-base', refSha, 'HEAD').catch(() => {
    notes.push(
      `No merge base of ${options.ref} and HEAD (shallow clone?): compared with ${options.ref} itself.`,
    );
    return refSha;
  });
  const dir = await mkdtemp(join(tmpdir(), 'myfav-base-'));
  await git(root, 'worktree', 'add', '--detach', '--force', dir, sha);
  let removed = false;
  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    await git(root, 'worktree', 'remove', '--force', dir).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  const sub = relative(root, options.cwd);
  const cwd = join(dir, sub);
  try {
    notes.push(...(await prepareDependencies(root, sub, sha, options, cwd)));
  } catch (error) {
    await remove();
    throw error;
  }
  return { sha, cwd, notes, remove };
}

async function resolveRef(root: string, ref: string, log: (line: string) => void): Promise<string> {
  const local = await git(root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`).catch(
    () => '',
  );
  if (local) return local;
  // A CI checkout is often shallow and has only the PR's commit: fetch the base's.
  log(`Fetching the base ${ref} from origin…`);
  const branch = ref.replace(/^origin\//, '');
  await git(root, 'fetch', '--no-tags', '--depth=1', 'origin', branch).catch((error: Error) => {
    throw new BaseCheckoutError(
      `cannot check out the base "${ref}": not in this clone and not fetchable from origin (${firstLine(error)})`,
    );
  });
  return git(root, 'rev-parse', 'FETCH_HEAD');
}

async function prepareDependencies(
  root: string,
  sub: string,
  sha: string,
  options: CheckoutOptions,
  baseCwd: string,
): Promise<string[]> {
  const lockfiles = LOCKFILES.map((name) => join(sub, name)).filter((path) =>
    existsSync(join(root, path)),
  );
  const changed = lockfiles.length
    ? await git(root, 'diff', '--name-only', sha, 'HEAD', '--', ...lockfiles)
    : '';
  const headModules = join(options.cwd, 'node_modules');
  if (changed && options.setup) {
    options.log(`The lockfile changed since the base: running base-setup in the base worktree…`);
    await runSetup(options.setup, baseCwd, options.secretNames);
    return [
      `The lockfile changed since the base: its dependencies were installed with base-setup.`,
    ];
  }
  if (!existsSync(headModules) || existsSync(join(baseCwd, 'node_modules'))) return [];
  await symlink(headModules, join(baseCwd, 'node_modules'), 'dir');
  return changed
    ? [
        `The lockfile changed since the base and no base-setup command was given: the base ran with the PR's node_modules.`,
      ]
    : [];
}

async function runSetup(
  command: string,
  cwd: string,
  secretNames: readonly string[],
): Promise<void> {
  try {
    await run('sh', ['-c', command], {
      cwd,
      env: scrubEnv(process.env, secretNames),
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60 * 1000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' / ');
    throw new BaseCheckoutError(
      `base-setup "${command}" failed in the base worktree: ${stderr || firstLine(error as Error)}`,
    );
  }
}

function firstLine(error: Error): string {
  return (error.message.split('\n')[0] ?? error.message).trim();
}
