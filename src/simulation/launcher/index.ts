/**
 * The launcher: start the app under test from the PR's code with a scrubbed environment, wait for
 * its URL, and stop its whole process group afterwards (also when our process crashes or is
 * interrupted).
 */
export {
  AppStartError,
  DEFAULT_STOP_GRACE_MS,
  startApp,
  type AppExitInfo,
  type AppStartFailureReason,
  type RunningApp,
  type StartAppOptions,
} from './app-process.js';
export { registerForCleanup, type CleanupEntry } from './exit-cleanup.js';
export { LOG_TAIL_CHARS, LogCapture, lastLines, stripAnsi } from './log-capture.js';
export {
  groupAlive,
  liveGroupMembers,
  signalGroup,
  terminateGroup,
  waitForGroupGone,
} from './process-group.js';
export {
  SECRET_ENV_RULES,
  partitionEnv,
  scrubEnv,
  type EnvPartition,
  type SecretEnvRule,
} from './scrub-env.js';
export {
  probeUrl,
  waitForUrl,
  type ProbeResult,
  type WaitForUrlOptions,
  type WaitForUrlResult,
} from './wait-for-url.js';
