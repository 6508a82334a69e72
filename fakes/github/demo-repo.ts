/**
 * A demo repository for the fake GitHub: a real git repo with `main` and one `refs/pull/N/head`
 * per PR, registered in the fake with the PR's real diff and the user workflow.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEFAULT_WORKFLOW_FILE } from '../../src/contract/index.js';
import { writeApp, type FixtureVariant } from '../../fixtures/fixture-repo.js';
import type { FakeGitHubState } from './state.js';

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One PR of the demo repository. */
export interface DemoPullSpec {
  number: number;
  variant: FixtureVariant;
  title: string;
  body: string;
}

/** The created demo repository. */
export interface DemoRepo {
  fullName: string;
  gitDir: string;
  baseSha: string;
  pulls: (DemoPullSpec & { headSha: string; branch: string })[];
}

/**
 * The user workflow as this machine runs it: the repository's own
 * `.github/workflows/myfav-coworker.yml` with the app started on a port the runner picks (the
 * real one says `npm start` on port 3000, which several runs on one machine would fight over).
 */
export async function demoWorkflow(): Promise<string> {
  const text = await readFile(
    path.join(ROOT, '.github', 'workflows', DEFAULT_WORKFLOW_FILE),
    'utf8',
  );
  const replaced = text
    .replace(
      /start-command: npm start/,
      'start-command: node server.mjs --port ${{ env.APP_PORT }}',
    )
    .replace(/url: http:\/\/localhost:3000/, 'url: http://127.0.0.1:${{ env.APP_PORT }}');
  if (replaced === text) throw new Error('the user workflow no longer has the expected step');
  return replaced;
}

async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await exec('git', args, {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env,
      GIT_AUTHOR_DATE: '2026-03-01T10:00:00Z',
      GIT_COMMITTER_DATE: '2026-03-01T10:00:00Z',
    },
  });
  return stdout.trim();
}

/** `package-lock.json` of the demo app (no dependencies), so the workflow's `npm ci` works offline. */
const LOCKFILE = `${JSON.stringify(
  {
    name: 'notebook-demo',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'notebook-demo', version: '1.0.0' } },
  },
  null,
  2,
)}\n`;

/**
 * Creates the demo repository `fullName` in a new git repo under `dir` (a temp folder by
 * default) and in the fake: `main` is Notebook before favourites, each PR adds favourites with
 * its variant's planted bug (or none), reachable as `refs/pull/N/head` like on GitHub.
 */
export async function createDemoRepo(
  state: FakeGitHubState,
  fullName: string,
  pulls: DemoPullSpec[],
  dir?: string,
): Promise<DemoRepo> {
  const repoDir = dir ?? (await mkdtemp(path.join(tmpdir(), 'myfav-demo-repo-')));
  await mkdir(repoDir, { recursive: true });
  await git(repoDir, 'init', '-q', '-b', 'main');
  await git(repoDir, 'config', 'user.name', 'Demo Author');
  await git(repoDir, 'config', 'user.email', 'demo@example.com');
  await git(repoDir, 'config', 'commit.gpgsign', 'false');
  const workflow = await demoWorkflow();

  const writeTree = async (version: 'base' | FixtureVariant) => {
    await writeApp(version, repoDir);
    await writeFile(path.join(repoDir, 'package-lock.json'), LOCKFILE);
    await mkdir(path.join(repoDir, '.github', 'workflows'), { recursive: true });
    await writeFile(path.join(repoDir, '.github', 'workflows', DEFAULT_WORKFLOW_FILE), workflow);
  };
  await writeTree('base');
  await git(repoDir, 'add', '-A');
  await git(repoDir, 'commit', '-q', '-m', 'Notebook: notes, settings and an about page');
  const baseSha = await git(repoDir, 'rev-parse', 'HEAD');

  state.addRepo(fullName);
  state.addFile(fullName, `.github/workflows/${DEFAULT_WORKFLOW_FILE}`, workflow);
  const created: DemoRepo['pulls'] = [];
  for (const pull of pulls) {
    const branch = `pr-${pull.number}-${pull.variant}`;
    await git(repoDir, 'checkout', '-q', '-b', branch, 'main');
    await git(repoDir, 'rm', '-q', '-r', '.');
    await writeTree(pull.variant);
    await git(repoDir, 'add', '-A');
    await git(repoDir, 'commit', '-q', '-m', pull.title);
    const headSha = await git(repoDir, 'rev-parse', 'HEAD');
    await git(repoDir, 'update-ref', `refs/pull/${pull.number}/head`, headSha);
    const diff = `${await git(repoDir, 'diff', `main...${branch}`)}\n`;
    const numstat = await git(repoDir, 'diff', '--numstat', `main...${branch}`);
    const status = await git(repoDir, 'diff', '--name-status', `main...${branch}`);
    const statusOf = new Map(
      status
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const [s = 'M', file = ''] = l.split('\t');
          return [file, s.startsWith('A') ? 'added' : s.startsWith('D') ? 'removed' : 'modified'];
        }),
    );
    state.addPull(fullName, {
      number: pull.number,
      title: pull.title,
      body: pull.body,
      headSha,
      baseSha,
      headRef: branch,
      baseRef: 'main',
      diff,
      files: numstat
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [add = '0', del = '0', filename = ''] = line.split('\t');
          return {
            filename,
            status: (statusOf.get(filename) ?? 'modified') as 'added' | 'modified' | 'removed',
            additions: Number(add) || 0,
            deletions: Number(del) || 0,
          };
        }),
    });
    created.push({ ...pull, headSha, branch });
  }
  await git(repoDir, 'checkout', '-q', 'main');
  return { fullName, gitDir: repoDir, baseSha, pulls: created };
}
