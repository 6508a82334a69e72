/**
 * Stops every app we started when our own process ends, however it ends. The app runs in its own
 * process group and session (so a Ctrl-C in the terminal does not reach it, and we control the
 * order of shutdown): without this, a crash or a cancelled CI job would leave a dev server holding
 * its port, and the next run on a self-hosted runner would test yesterday's code.
 *
 * - `exit` (normal end, `process.exit()`, uncaught exception): synchronous SIGKILL to each group,
 *   since nothing asynchronous runs any more.
 * - SIGINT / SIGTERM / SIGHUP: stop each app gracefully, then re-raise the signal so the process
 *   ends the way it would have without us (exit status 130 / 143 / 129 to the shell). If someone
 *   else also listens for that signal, they own the shutdown and we do not re-raise. A second
 *   signal while stopping kills the groups at once and exits.
 *
 * Listeners are installed with the first live app and removed with the last, so a process that
 * has no app running keeps Node's default signal behaviour.
 */
import { constants } from 'node:os';
import { signalGroup } from './process-group.js';

/** What the registry needs to know about one live app. */
export interface CleanupEntry {
  /** The app's process group id. */
  readonly pgid: number;
  /** Graceful stop (SIGTERM, grace, SIGKILL); resolves when the group is gone. */
  stop(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const live = new Set<CleanupEntry>();
let installed = false;
let stoppingForSignal = false;

function killAllNow(): void {
  for (const entry of live) {
    try {
      signalGroup(entry.pgid, 'SIGKILL');
    } catch {
      // Nothing more can be done while exiting.
    }
  }
}

function onExit(): void {
  killAllNow();
}

function onSignal(signal: NodeJS.Signals): void {
  const status = 128 + (constants.signals[signal] ?? 0);
  if (stoppingForSignal) {
    killAllNow();
    process.exit(status);
  }
  stoppingForSignal = true;
  void Promise.allSettled([...live].map((entry) => entry.stop())).then(() => {
    stoppingForSignal = false;
    killAllNow(); // anything that registered while we were stopping
    live.clear();
    uninstall();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

const signalHandlers = new Map<NodeJS.Signals, () => void>(
  SIGNALS.map((signal) => [signal, () => onSignal(signal)]),
);

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const [signal, handler] of signalHandlers) process.on(signal, handler);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', onExit);
  for (const [signal, handler] of signalHandlers) process.off(signal, handler);
}

/**
 * Registers a live app to be stopped when the process ends; returns the function that
 * unregisters it (call it once the app is stopped). Idempotent per entry.
 */
export function registerForCleanup(entry: CleanupEntry): () => void {
  live.add(entry);
  install();
  return () => {
    live.delete(entry);
    if (live.size === 0 && !stoppingForSignal) uninstall();
  };
}

/** How many apps are registered and whether the process listeners are installed (for tests). */
export function cleanupState(): { liveApps: number; listenersInstalled: boolean } {
  return { liveApps: live.size, listenersInstalled: installed };
}
