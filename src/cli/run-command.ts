/**
 * `myfav-coworker run`: turns flags into a SimulationConfig, shows progress, prints the verdict
 * and returns the exit code for it.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Report, Step } from '../contract/index.js';
import { appOutputExcerpt, appOutputHeading } from '../report/app-output.js';
import { parsePriceTable } from '../simulation/agent/pricing.js';
import { changedFilesFromDiff, gitDiff } from '../simulation/diff.js';
import { simulateWithBase } from '../simulation/compare/index.js';
import { simulate, type SimulationConfig } from '../simulation/simulate.js';
import type { RunFlags } from './args.js';
import { UsageError } from './args.js';
import { missingProgram } from './check-command.js';
import { exitCodeFor } from './exit-codes.js';

/** Where the command writes: stdout for the result, stderr for progress. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Progress lines only when a person watches (stderr is a terminal). */
  progress: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const ICONS: Record<string, string> = { pass: '✔', fail: '✘', inconclusive: '?', error: '!' };

/** Runs a simulation for `flags` and returns the process exit code. */
export async function runCommand(flags: RunFlags, io: CliIo): Promise<number> {
  const cwd = resolve(io.cwd, flags.cwd ?? '.');
  if (!(await isDirectory(cwd))) throw new UsageError(`--cwd: no such folder: ${cwd}`);
  if (flags.start) {
    const missing = missingProgram(flags.start, cwd, io.env.PATH);
    if (missing) throw new UsageError(missing);
  }
  const { diff, storageState, priceTableJson } = await readFlagFiles(flags, io, cwd);
  const missingSecrets = flags.secret.filter((name) => !io.env[name]);
  if (missingSecrets.length) {
    io.stderr(
      `warning: --secret ${missingSecrets.join(', ')} not set in the environment; nothing to redact for it\n`,
    );
  }
  const apiKey = flags.explore ? undefined : io.env.ANTHROPIC_API_KEY || undefined;
  const secrets = [
    ...flags.secret.map((name) => io.env[name]).filter((v): v is string => Boolean(v)),
    ...(io.env.ANTHROPIC_API_KEY ? [io.env.ANTHROPIC_API_KEY] : []),
  ];
  const outDir = resolve(io.cwd, flags.out);
  const config: SimulationConfig = {
    startCommand: flags.start,
    url: flags.url,
    cwd,
    readyTimeoutMs: flags['ready-timeout'] * 1000,
    instructions: flags.instructions,
    ...(diff !== undefined ? { diff } : {}),
    changedFiles: changedFilesFromDiff(diff ?? ''),
    pr: null,
    maxSteps: flags['max-steps'],
    timeoutSec: flags.timeout,
    viewport: flags.viewport,
    browserPath: flags.browser,
    headed: flags.headed,
    outDir,
    secrets,
    secretNames: flags.secret,
    anthropicApiKey: apiKey,
    maxCostUsd: flags['max-cost'],
    maxTokens: flags['max-tokens'],
    priceTableJson,
    anthropicBaseUrl: io.env.ANTHROPIC_BASE_URL || undefined,
    model: flags.model,
    modelProvider: {
      provider: flags.provider,
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.project ? { project: flags.project } : {}),
    },
    allowedOrigins: flags['allow-origin'],
    storageStatePath: storageState,
    failOnPreexisting: flags['fail-on-preexisting'],
    ...(flags['coverage-floor'] !== undefined
      ? { coverageFloor: flags['coverage-floor'] / 100 }
      : {}),
    ...(flags['change-coverage-floor'] !== undefined
      ? { changeCoverageFloor: flags['change-coverage-floor'] / 100 }
      : {}),
  };
  if (io.progress) {
    io.stderr(
      apiKey || flags.provider !== 'anthropic'
        ? `Mode: Claude agent${flags.provider !== 'anthropic' ? ` on ${flags.provider}` : ''}\n`
        : 'Mode: exploration (no ANTHROPIC_API_KEY set; no model, no cost)\n',
    );
  }
  const report = await runEngine(config, flags, io);
  printResult(report, flags, io, outDir);
  return exitCodeFor(report.result);
}

/** The files the flags name: the diff (or `git diff`), the storage state, the price table. */
async function readFlagFiles(
  flags: RunFlags,
  io: CliIo,
  cwd: string,
): Promise<{
  diff: string | undefined;
  storageState: string | undefined;
  priceTableJson: string | undefined;
}> {
  // Undefined when no change was named: the app is tested as it is, with no diff to follow.
  let diff: string | undefined;
  if (flags['diff-file']) {
    diff = await readFile(resolve(io.cwd, flags['diff-file']), 'utf8').catch(() => {
      throw new UsageError(`--diff-file: cannot read ${flags['diff-file']}`);
    });
  } else if (flags.base) {
    diff = await gitDiff(cwd, flags.base).catch((error: Error) => {
      throw new UsageError(error.message);
    });
  }
  const storageState = flags['storage-state'] ? resolve(io.cwd, flags['storage-state']) : undefined;
  if (storageState && !(await isFile(storageState))) {
    throw new UsageError(`--storage-state: no such file: ${flags['storage-state']}`);
  }
  let priceTableJson: string | undefined;
  if (flags['price-table']) {
    priceTableJson = await readFile(resolve(io.cwd, flags['price-table']), 'utf8').catch(() => {
      throw new UsageError(`--price-table: cannot read ${flags['price-table']}`);
    });
    try {
      parsePriceTable(priceTableJson);
    } catch (error) {
      throw new UsageError(`--price-table: ${(error as Error).message}`);
    }
  }
  return { diff, storageState, priceTableJson };
}

/** Runs the simulation, compared with the merge base when `--compare-base` asks. */
async function runEngine(config: SimulationConfig, flags: RunFlags, io: CliIo): Promise<Report> {
  const deps = {
    log: io.progress ? (line: string) => io.stderr(`${line}\n`) : undefined,
    onStep: io.progress ? (step: Step) => io.stderr(formatStep(step)) : undefined,
  };
  const baseSetup = flags['base-setup'];
  const { report } =
    flags['compare-base'] && flags.base
      ? await simulateWithBase(
          config,
          { baseRef: flags.base, ...(baseSetup ? { baseSetup } : {}) },
          deps,
        )
      : await simulate(config, deps);
  return report;
}

/** The verdict line on stdout (or report.json with --json), and any comparison warning. */
function printResult(report: Report, flags: RunFlags, io: CliIo, outDir: string): void {
  // A comparison that could not run changes what the verdict means: say so even without progress.
  for (const note of report.comparison?.baseReport === null ? report.comparison.notes : []) {
    io.stderr(`warning: ${note}\n`);
  }
  // A run that broke says why in the app's own words, without opening app.log.
  const output = report.result === 'error' ? appOutputExcerpt(report.appLogTail) : '';
  if (output) {
    io.stderr(`${appOutputHeading(report.appExit)}:\n${output.replace(/^/gm, '  ')}\n`);
  }
  if (flags.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const where = relative(io.cwd, join(outDir, 'report.html')) || 'report.html';
  io.stdout(
    `${ICONS[report.result]} ${report.summary}\n` +
      `  ${report.steps.length} steps, ${findingCounts(report)}. Report: ${where}\n`,
  );
}

/** `3 findings`, or with a comparison `3 findings (1 new, 2 preexisting), 1 fixed`. */
function findingCounts(report: Report): string {
  const total = `${report.findings.length} findings`;
  if (!report.comparison) return total;
  const count = (b: string): number => report.findings.filter((f) => f.baseline === b).length;
  const parts = (['new', 'preexisting', 'flaky'] as const)
    .filter((b) => count(b) > 0)
    .map((b) => `${count(b)} ${b}`);
  const fixed = report.comparison.fixed.length;
  return `${total}${parts.length ? ` (${parts.join(', ')})` : ''}${fixed ? `, ${fixed} fixed by this PR` : ''}`;
}

function formatStep(step: Step): string {
  const mark = step.outcome === 'ok' ? ' ' : '!';
  return `${mark} ${String(step.index).padStart(3)}. ${step.description}  (${step.durationMs} ms)\n`;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
