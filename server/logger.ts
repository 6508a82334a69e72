/**
 * Structured JSON logs (pino). Token-bearing fields are redacted by path, and any string that
 * looks like a GitHub or bearer token is masked, so a secret cannot reach a log line by accident.
 *
 * Bundled for Workers (or a browser), pino is its browser build, which ignores `redact`, hooks
 * and formatters unless it writes objects itself: the `browser` options below make it write the
 * same redacted, masked JSON line per call as on Node (one `console.log` each, which Workers
 * observability stores as structured logs).
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

const REDACT_PATHS = [
  'token',
  'access_token',
  'refresh_token',
  'githubToken',
  'github_token',
  'encrypted_github_token',
  'authorization',
  'code',
  'code_verifier',
  'client_secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.githubToken',
  '*.authorization',
  '*.code',
  '*.code_verifier',
  '*.client_secret',
  'req.headers.authorization',
  'headers.authorization',
];

/** Masks token-shaped substrings (GitHub `gh?_…`, `Bearer …`, our `mfc_…`) in a message. */
export function maskSecrets(text: string): string {
  return text
    .replace(/\b(gh[opusr]_|github_pat_)[A-Za-z0-9_]{8,}/g, '$1[REDACTED]')
    .replace(/\bmfc_[a-z]+_[A-Za-z0-9_-]{8,}/g, 'mfc_[REDACTED]')
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]');
}

const SERVICE = 'myfav-coworker-server';

/** An error as a log field: its type and masked message (no stack, no request with headers). */
function errorField(err: unknown): unknown {
  return err instanceof Error ? { type: err.name, message: maskSecrets(err.message) } : err;
}

function logError(object: Record<string, unknown>): Record<string, unknown> {
  return object.err instanceof Error ? { ...object, err: errorField(object.err) } : object;
}

/** The browser build's line: what the Node build's hooks and formatters make of one call. */
function browserLine(object: Record<string, unknown>): Record<string, unknown> {
  const out = logError({ ...object });
  if (typeof out.msg === 'string') out.msg = maskSecrets(out.msg);
  return { level: out.level, time: out.time, service: SERVICE, ...out };
}

/** Creates the root logger; tests pass a destination to read the lines back. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: SERVICE },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      browser: {
        asObject: true,
        formatters: { log: browserLine },
        write: (object: object) => {
          const line = JSON.stringify(object);
          if (destination) destination.write(`${line}\n`);
          else console.log(line);
        },
      },
      hooks: {
        logMethod(args, method) {
          // Mask secrets in free-text messages too, not only in known fields.
          const masked = args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: { err: errorField },
    },
    destination,
  );
}
