/**
 * `npm run bench:bundle`: what the shipped bundle costs. The size of dist/ (what every workflow
 * run downloads), the bytes each entry loads before it runs (its static imports), and the CPU
 * time (user + system, from /usr/bin/time) of a run that stops at an input error: the action
 * with no inputs and the CLI with a missing --url, on Node 20 and Node 24. `node -e 0` is shown
 * beside them: the part that is Node's own start-up. Builds dist/ first when it is missing
 * (`--build` rebuilds it). Prints figures; asserts nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { nodeRuntimes, type NodeRuntime } from '../harness/node-runtimes.js';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TIME = '/usr/bin/time';

interface Case {
  label: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** What the run must print and exit with, so a crash is never timed as an input error. */
  expect: { status: number; stderr?: RegExp; stdout?: RegExp };
}

const CASES: Case[] = [
  { label: 'node -e 0', args: ['-e', '0'], env: {}, expect: { status: 0 } },
  {
    label: 'action, no inputs',
    args: [join(DIST, 'index.js')],
    env: {},
    expect: { status: 1, stdout: /::error::Invalid inputs/ },
  },
  {
    label: 'cli run, no --url',
    args: [join(DIST, 'cli.js'), 'run'],
    env: {},
    expect: { status: 64, stderr: /--url is required/ },
  },
];

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The files an entry loads before running: itself and its static imports, transitively. */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  // `import … from "./x.js"` and `import "./x.js"`; a dynamic `import("./x.js")` is not loaded yet.
  for (const m of readFileSync(entry, 'utf8').matchAll(/(?:\bfrom|\bimport)\s*"(\.\.?\/[^"]+)"/g))
    staticClosure(resolve(dirname(entry), m[1] ?? ''), seen);
  return seen;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const sum = (paths: Iterable<string>): number =>
  [...paths].reduce((total, p) => total + statSync(p).size, 0);

/** CPU seconds (user + system) of one run, checked against what it must print. */
function cpuOf(node: NodeRuntime, c: Case, scratch: string): number {
  const out = join(scratch, 'time.txt');
  const run = spawnSync(TIME, ['-f', '%U %S', '-o', out, node.bin, ...c.args], {
    cwd: scratch,
    env: { PATH: process.env.PATH ?? '', ...c.env },
    encoding: 'utf8',
  });
  const ok =
    run.status === c.expect.status &&
    (!c.expect.stderr || c.expect.stderr.test(run.stderr)) &&
    (!c.expect.stdout || c.expect.stdout.test(run.stdout));
  if (!ok) {
    throw new Error(
      `${c.label} on ${node.label} did not end as expected (exit ${run.status}):\n${run.stdout}${run.stderr}`,
    );
  }
  const [user = NaN, system = NaN] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ');
  return Number(user) + Number(system);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing (Debian package "time")`);
  if (process.argv.includes('--build') || !existsSync(join(DIST, 'index.js')))
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });

  const all = files(DIST);
  console.log(`dist/: ${mb(sum(all))} in ${all.length} files (goal: at most 18 MB)`);
  for (const entry of ['index.js', 'post.js', 'cli.js']) {
    const loaded = staticClosure(join(DIST, entry));
    console.log(
      `  ${entry.padEnd(9)} loads ${mb(sum(loaded))} before it runs (${loaded.size} files)`,
    );
  }

  const scratch = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  try {
    console.log(`\nCPU time of an input-error run, median of ${RUNS} (goal: at most 0.3 s)`);
    for (const node of await nodeRuntimes()) {
      for (const c of CASES) {
        const cpu = Array.from({ length: RUNS }, () => cpuOf(node, c, scratch));
        const range = `${Math.min(...cpu).toFixed(2)}–${Math.max(...cpu).toFixed(2)} s`;
        console.log(
          `  ${node.label.padEnd(12)} ${c.label.padEnd(18)} ${median(cpu).toFixed(2)} s  (${range})`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
