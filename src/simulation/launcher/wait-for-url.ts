/**
 * Polls the app's URL until it answers. "Ready" means any HTTP answer below 500: a 404 or a
 * redirect to a login page still proves the server is up, while a 502/503 is typically a proxy or
 * a dev server that is still compiling. A refused or reset connection means "not yet".
 *
 * Uses node:http(s) rather than fetch so that `localhost` tries IPv4 and IPv6 (Node's
 * autoSelectFamily) and redirects are not followed, and so that a self-signed certificate on a
 * local dev server does not count as "down" (readiness is all that is checked here).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How to wait. */
export interface WaitForUrlOptions {
  /** Give up after this long (from the call). */
  timeoutMs: number;
  /** Pause between attempts; default 250 ms. */
  intervalMs?: number;
  /** Longest single attempt; default 10 s (a dev server's first answer can be a slow compile). */
  attemptTimeoutMs?: number;
  /** Stops the wait early (e.g. the app's process exited); the result is then `aborted`. */
  signal?: AbortSignal;
}

/** The outcome of a wait; it never throws for an unreachable URL. */
export type WaitForUrlResult =
  | { ready: true; status: number; attempts: number; elapsedMs: number }
  | {
      ready: false;
      reason: 'timeout' | 'aborted';
      /** What the last attempt saw, e.g. `connection refused` or `HTTP 503`; null before any. */
      lastProblem: string | null;
      attempts: number;
      elapsedMs: number;
    };

/** One probe: the HTTP status, or what went wrong (`connection refused`, …). */
export type ProbeResult = { status: number } | { problem: string };

type Attempt = ProbeResult;

const TIMED_OUT = 'no answer (attempt timed out)';

/** Human words for the errors a not-yet-listening server produces. */
function describeNetworkError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${error.code})`;
    case 'ETIMEDOUT':
    case 'ATTEMPT_TIMEOUT':
      return TIMED_OUT;
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}

/** One HTTP GET; resolves with the status or the problem, never rejects. */
function attempt(url: URL, timeoutMs: number, signal?: AbortSignal): Promise<Attempt> {
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const finish = (result: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const req = send(
      url,
      {
        method: 'GET',
        headers: { accept: 'text/html,*/*', 'user-agent': 'myfav-coworker readiness probe' },
        rejectUnauthorized: false,
        agent: false,
      },
      (res: IncomingMessage) => {
        finish({ status: res.statusCode ?? 0 });
        // Drain and drop the body so the socket closes.
        res.resume();
        res.on('error', () => {});
        req.destroy();
      },
    );
    const timer = setTimeout(() => {
      const error: NodeJS.ErrnoException = new Error('attempt timed out');
      error.code = 'ATTEMPT_TIMEOUT';
      req.destroy(error);
    }, timeoutMs);
    const onAbort = () => req.destroy(new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) =>
      finish({ problem: describeNetworkError(error) }),
    );
    req.end();
  });
}

/** Sends one GET to `url` and says what came back; never rejects. */
export function probeUrl(url: string | URL, timeoutMs = 2_000): Promise<ProbeResult> {
  return attempt(new URL(url), timeoutMs);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls `url` with GET requests until one is answered with a status below 500, the timeout
 * passes, or `signal` aborts. Throws only for a URL that is not http(s).
 */
export async function waitForUrl(
  url: string | URL,
  options: WaitForUrlOptions,
): Promise<WaitForUrlResult> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new TypeError(`Only http and https URLs can be waited for, not ${target.protocol}`);
  }
  const { timeoutMs, signal } = options;
  const intervalMs = options.intervalMs ?? 250;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const started = Date.now();
  const deadline = started + timeoutMs;
  let attempts = 0;
  let lastProblem: string | null = null;

  for (;;) {
    if (signal?.aborted) {
      return {
        ready: false,
        reason: 'aborted',
        lastProblem,
        attempts,
        elapsedMs: Date.now() - started,
      };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return {
        ready: false,
        reason: 'timeout',
        lastProblem,
        attempts,
        elapsedMs: Date.now() - started,
      };
    }
    attempts += 1;
    const cutByDeadline = remaining < attemptTimeoutMs;
    const result = await attempt(
      target,
      Math.max(1, Math.min(attemptTimeoutMs, remaining)),
      signal,
    );
    if ('status' in result && result.status > 0 && result.status < 500) {
      return { ready: true, status: result.status, attempts, elapsedMs: Date.now() - started };
    }
    // An abort shows up as a failed attempt; report the problem seen before it, not "aborted".
    // An attempt the overall deadline cut short saw nothing new: an earlier answer (an HTTP 500)
    // says more about the app than "no answer".
    const cutShort = cutByDeadline && 'problem' in result && result.problem === TIMED_OUT;
    if (!signal?.aborted && !(cutShort && lastProblem !== null)) {
      lastProblem = 'status' in result ? `HTTP ${result.status}` : result.problem;
    }
    await pause(Math.min(intervalMs, Math.max(0, deadline - Date.now())), signal);
  }
}
