/**
 * A process that starts an app through the launcher and then dies, for the crash-cleanup tests.
 * Run as `node --import tsx crash-host.ts <mode> <port> <logPath>`; it prints `{"pgid":N}` once the
 * app answers, waits for a line on stdin (so the test can look at the app first), then: `throw` (uncaught exception), `exit` (process.exit(1)), `reject` (unhandled
 * rejection) or `wait` (stays up until it gets a signal).
 */
import { join } from 'node:path';
import { startApp } from '../../../../src/simulation/launcher/index.js';

const [mode, port, logPath] = process.argv.slice(2);
const server = join(import.meta.dirname, 'server.mjs');

const app = await startApp({
  // A background child too, so the group has more than the shell in it.
  command: `sleep 300 & node '${server}'`,
  url: `http://127.0.0.1:${port}`,
  cwd: import.meta.dirname,
  readyTimeoutMs: 30_000,
  logPath: logPath!,
  extraEnv: { PORT: port! },
});
process.stdout.write(`${JSON.stringify({ pgid: app.pid })}\n`);
if (mode !== 'wait') await new Promise((resolve) => process.stdin.once('data', resolve));

if (mode === 'throw') {
  setTimeout(() => {
    throw new Error('the host crashed');
  }, 10);
} else if (mode === 'exit') {
  process.exit(1);
} else if (mode === 'reject') {
  void Promise.reject(new Error('unhandled'));
}
// 'wait': the running app keeps this process alive until a signal arrives.
