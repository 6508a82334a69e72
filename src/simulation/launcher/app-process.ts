/**
 * Starts the app under test from the user's start command, waits until its URL answers, and
 * stops it (with everything it spawned) afterwards.
 *
 * The command runs through `/bin/sh -c` (so `npm ci && npm start`, `PORT=4000 node server.js` and
 * `docker compose up -d` work as written in a workflow) as the leader of a new process group, with
 * a scrubbed environment (see scrub-env.ts). Its output goes to a log file and to an in-memory
 * tail. POSIX only: GitHub's Linux and macOS runners, and developers' machines.
 *
 * A start command that exits with a non-zero code (or is killed) before the URL answers fails the
 * start at once. One that exits with code 0 may have started the app in the background
 * (`docker compose up -d`, `pm2 start`): the URL gets a short grace period to answer, then the
 * start fails saying the command exited, rather than after the whole ready timeout. The failure's
 * message quotes the line of the app's output that says what went wrong (npm's "Missing
 * script", not its closing "A complete log of this run…").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { formatDuration } from '../../report/format.js';
import { registerForCleanup } from './exit-cleanup.js';
import { LogCapture } from './log-capture.js';
import { groupAlive, terminateGroup } from './process-group.js';
import { scrubEnv } from './scrub-env.js';
import { probeUrl, waitForUrl, type WaitForUrlResult } from './wait-for-url.js';

/** How to start (or find) the app. */
export interface StartAppOptions {
  /** Shell command that starts the app; absent or blank: the app is already running at `url`. */
  command?: string | null;
  /** Where the app answers once it is ready (http or https). */
  url: string;
  /** Working directory of the command (the checked-out PR). */
  cwd: string;
  /** Base environment, scrubbed before the app sees it; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The user's own secret variable names (case-insensitive, `*` wildcard) to withhold too. */
  secretNames?: readonly string[];
  /** Longest wait, from spawning the command, for the URL to answer. */
  readyTimeoutMs: number;
  /** The app's output is appended here (folders are created). */
  logPath: string;
  /**
   * Added after scrubbing, so the caller can deliberately give the app what it needs (a PORT, a
   * test database URL). Never put the model key or a GitHub token here.
   */
  extraEnv?: Record<string, string>;
  /** Time between SIGTERM and SIGKILL when stopping; default 3 s. */
  stopGraceMs?: number;
  /** Pause between readiness probes; default 250 ms. */
  pollIntervalMs?: number;
}

/** How the start command's process ended. */
export interface AppExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started (or found) app. */
export interface RunningApp {
  /** The URL that answered. */
  readonly url: string;
  /** Pid of the start command, which is also its process group id; null without a command. */
  readonly pid: number | null;
  /** The last `lines` lines of the app's output (default 50), without terminal escapes. */
  logTail(lines?: number): string;
  /** Stops the whole process group (SIGTERM, then SIGKILL); idempotent; no-op without a command. */
  stop(): Promise<void>;
  /** How the start command ended, or null while it runs (always null without a command). */
  exitInfo(): AppExitInfo | null;
}

/** Why the app could not be started. */
export type AppStartFailureReason = 'exited' | 'timeout' | 'spawn';

/** The app did not come up; `message` is one line meant for the user, `logTail` the evidence. */
export class AppStartError extends Error {
  override readonly name = 'AppStartError';

  constructor(
    readonly reason: AppStartFailureReason,
    message: string,
    /** The end of the app's output ('' when there is none, e.g. without a command). */
    readonly logTail: string,
    /** How the start command ended, when it did. */
    readonly exit: AppExitInfo | null = null,
  ) {
    super(message);
  }
}

/** Default time between SIGTERM and SIGKILL. */
export const DEFAULT_STOP_GRACE_MS = 3_000;

/**
 * How long the URL may take to answer once the start command exited with code 0 (an app it
 * started in the background coming up); after that the start has failed.
 */
export const EXITED_ZERO_GRACE_MS = 5_000;

/** Lines of output kept in an AppStartError's `logTail`. */
const ERROR_TAIL_LINES = 40;

/** Longest wait for the app's output pipes to drain once its group is gone. */
const DRAIN_WAIT_MS = 2_000;

/** Starts the app (or waits for one already running) and resolves once its URL answers. */
export async function startApp(options: StartAppOptions): Promise<RunningApp> {
  const url = checkUrl(options.url);
  const command = options.command?.trim();
  if (!command) return waitForRunningApp(url, options);
  return spawnApp(command, url, options);
}

function checkUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new TypeError(`The app URL "${raw}" is not a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`The app URL must be http or https, not ${parsed.protocol} (${raw})`);
  }
  return raw;
}

async function waitForRunningApp(url: string, options: StartAppOptions): Promise<RunningApp> {
  const result = await waitForUrl(url, {
    timeoutMs: options.readyTimeoutMs,
    intervalMs: options.pollIntervalMs,
  });
  if (!result.ready) {
    throw new AppStartError(
      'timeout',
      `The app at ${url} did not answer within ${formatDuration(options.readyTimeoutMs)}` +
        `${lastProblem(result)}; ` +
        'no start command was given, so the app must already be running there',
      '',
    );
  }
  return {
    url,
    pid: null,
    logTail: () => '',
    stop: async () => {},
    exitInfo: () => null,
  };
}

async function spawnApp(
  command: string,
  url: string,
  options: StartAppOptions,
): Promise<RunningApp> {
  const { cwd } = options;
  if (!isDirectory(cwd)) {
    throw new AppStartError('spawn', `The app's working directory ${cwd} does not exist`, '');
  }
  // Something already answering would be mistaken for the app (which then fails on the busy
  // port) and the run would test whatever that is, e.g. yesterday's dev server.
  const before = await probeUrl(url);
  if ('status' in before) {
    throw new AppStartError(
      'spawn',
      `Something already answers at ${url} (HTTP ${before.status}) before the app was started: ` +
        'stop it or use a free port, or give no start command to test what runs there',
      '',
    );
  }
  let log: LogCapture;
  try {
    log = new LogCapture(options.logPath);
  } catch (error) {
    throw new AppStartError(
      'spawn',
      `Cannot write the app's log to ${options.logPath}: ${(error as Error).message}`,
      '',
    );
  }

  const env: NodeJS.ProcessEnv = {
    ...scrubEnv(options.env ?? process.env, options.secretNames ?? []),
    // Dev servers (create-react-app, vite --open) would open a desktop browser otherwise.
    BROWSER: 'none',
    ...options.extraEnv,
  };

  const child = spawn('/bin/sh', ['-c', command], {
    cwd,
    env,
    // Own process group (and session): one signal reaches everything the command starts.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pgid = child.pid;
  if (pgid === undefined) {
    const error = await new Promise<Error>((resolve) => child.once('error', resolve));
    log.close();
    throw new AppStartError('spawn', `Could not start /bin/sh for the app: ${error.message}`, '');
  }
  child.on('error', () => {
    // Only signalling errors can arrive after a successful spawn; stop() handles the group.
  });
  child.stdout?.on('data', (chunk: Buffer) => log.write(chunk, 'stdout'));
  child.stderr?.on('data', (chunk: Buffer) => log.write(chunk, 'stderr'));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));

  let exit: AppExitInfo | null = null;
  const failedEarly = new AbortController();
  let unregister = (): void => {};
  let stopPromise: Promise<void> | null = null;
  let graceTimer: NodeJS.Timeout | undefined;
  child.once('exit', (code, signal) => {
    exit = { code, signal };
    if (code !== 0) failedEarly.abort();
    else graceTimer = setTimeout(() => failedEarly.abort(), EXITED_ZERO_GRACE_MS);
    // A group that is entirely gone needs no cleanup at exit (and its id may be reused later).
    if (stopPromise === null && !groupAlive(pgid)) unregister();
  });

  const stop = (): Promise<void> => {
    stopPromise ??= (async () => {
      try {
        await terminateGroup(pgid, options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
        await drain(child, closed);
      } finally {
        log.close();
        unregister();
      }
    })();
    return stopPromise;
  };
  unregister = registerForCleanup({ pgid, stop });

  const result = await waitForUrl(url, {
    timeoutMs: options.readyTimeoutMs,
    intervalMs: options.pollIntervalMs,
    signal: failedEarly.signal,
  });
  clearTimeout(graceTimer);
  // `exit` is set by the listener above; TypeScript cannot see that and narrows it to null.
  const exitNow = exit as AppExitInfo | null;
  // The command may have failed in the same instant the URL answered (e.g. its port was taken).
  const failed = exitNow !== null && exitNow.code !== 0;
  if (result.ready && !failed) {
    return {
      url,
      pid: pgid,
      logTail: (lines = 50) => log.tail(lines),
      stop,
      exitInfo: () => exit,
    };
  }

  // Not ready: stop what is left (a background child of a failed command, or a hung server)
  // before reading the tail, so the last words of every process are in it.
  await stop();
  const tail = log.tail(ERROR_TAIL_LINES);
  const finalExit = exit as AppExitInfo | null;
  if (result.ready || result.reason === 'aborted' || failed) {
    const ended = finalExit ?? { code: null, signal: null };
    throw new AppStartError('exited', exitedMessage(ended, url, tail), tail, ended);
  }
  const exitedZero =
    finalExit && finalExit.code === 0
      ? 'The start command exited with code 0 and the app'
      : 'The app';
  const message =
    `${exitedZero} at ${url} did not answer within ${formatDuration(options.readyTimeoutMs)}` +
    `${lastProblem(result)}${lastWords(tail)}`;
  throw new AppStartError('timeout', message, tail, finalExit);
}

/** Waits (briefly) for the output pipes to close, then lets go of them. */
async function drain(child: ChildProcess, closed: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    closed,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DRAIN_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  // A process that left the group (setsid) may still hold the pipes; do not wait on it.
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function exitedMessage(exit: AppExitInfo, url: string, tail: string): string {
  if (exit.code === 0) {
    return (
      `The start command exited with code 0 and nothing answered at ${url} within ` +
      `${formatDuration(EXITED_ZERO_GRACE_MS)} (the command must keep the app running, or wait ` +
      `until it answers)${lastWords(tail)}`
    );
  }
  if (exit.signal) {
    return `The app was killed by ${exit.signal} before ${url} answered${lastWords(tail)}`;
  }
  const hint =
    exit.code === 127
      ? ' (command not found)'
      : exit.code === 126
        ? ' (command not executable)'
        : '';
  const detail =
    exit.code === 127
      ? lastLine(tail, /not found/i)
      : exit.code === 126
        ? lastLine(tail, /denied|executable/i)
        : null;
  return `The app exited with code ${exit.code}${hint} before ${url} answered${detail ? `: ${oneLine(detail)}` : lastWords(tail)}`;
}

/** `: <the line of output that says what went wrong>`, or a note that there was none. */
function lastWords(tail: string): string {
  const line = causeLine(tail) ?? lastLine(tail);
  return line ? `: ${oneLine(line)}` : ' (the app printed nothing)';
}

/** Words of a line that says what failed. */
const CAUSE =
  /\b(error|missing|not found|cannot|can't|unable|failed|denied|refused|exception|in use|no such)\b|\bE[A-Z]{3,}\b/i;
/** Lines that only point elsewhere (npm's log file) or are an empty error prefix. */
const NOT_A_CAUSE = /complete log of this run|^npm (error|ERR!)\s*$/i;

/** The first line of `text` that says what failed, or null. */
function causeLine(text: string): string | null {
  const lines = text.split('\n').map((line) => line.trim());
  return lines.find((line) => CAUSE.test(line) && !NOT_A_CAUSE.test(line)) ?? null;
}

/** The last non-blank line of `text` (matching `pattern`, if given). */
function lastLine(text: string, pattern?: RegExp): string | null {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && (!pattern || pattern.test(line)));
  return lines.at(-1) ?? null;
}

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function lastProblem(result: WaitForUrlResult): string {
  return !result.ready && result.lastProblem ? ` (last attempt: ${result.lastProblem})` : '';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
