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

/** Field names that hold a secret, at the top of a log call's object. */
const SECRET_FIELDS = [
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
];

/** The same names one level down (`grant.code`), masked by `maskNestedSecrets`. */
const NESTED_SECRET_FIELDS = new Set([
  'token',
  'access_token',
  'refresh_token',
  'githubToken',
  'authorization',
  'code',
  'code_verifier',
  'client_secret',
]);

const CENSOR = '[REDACTED]';

// Exact paths only: pino's redaction compiles them into direct accessors, while a wildcard path
// (`*.token`) walks every object logged; the one-level-down names are masked by
// `maskNestedSecrets` instead, which looks at object-valued fields only.
const REDACT_PATHS = [...SECRET_FIELDS, 'req.headers.authorization', 'headers.authorization'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Masks secret-named fields one level down (what `*.token` would redact), copying as needed. */
export function maskNestedSecrets(object: Record<string, unknown>): Record<string, unknown> {
  let out = object;
  for (const key in object) {
    const value = object[key];
    if (!isPlainObject(value) || value instanceof Error) continue;
    let masked: Record<string, unknown> | null = null;
    for (const inner in value) {
      if (NESTED_SECRET_FIELDS.has(inner) && value[inner] !== undefined) {
        masked ??= { ...value };
        masked[inner] = CENSOR;
      }
    }
    if (masked) {
      if (out === object) out = { ...object };
      out[key] = masked;
    }
  }
  return out;
}

const SECRET_HINT = /gh[opusr]_|github_pat_|mfc_|bearer/i;

/** Masks token-shaped substrings (GitHub `gh?_…`, `Bearer …`, our `mfc_…`) in a message. */
export function maskSecrets(text: string): string {
  // One scan for what every replacement below needs; most messages hold none of it.
  if (!SECRET_HINT.test(text)) return text;
  return text
    .replace(/\b(gh[opusr]_|github_pat_)[A-Za-z0-9_]{8,}/g, '$1[REDACTED]')
    .replace(/\bmfc_[a-z]+_[A-Za-z0-9_-]{8,}/g, 'mfc_[REDACTED]')
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]');
}

/** The `service` field of every line. */
export const SERVICE = 'myfav-coworker-server';

/** An error as a log field: its type and masked message (no stack, no request with headers). */
function errorField(err: unknown): unknown {
  return err instanceof Error ? { type: err.name, message: maskSecrets(err.message) } : err;
}

function logError(object: Record<string, unknown>): Record<string, unknown> {
  return object.err instanceof Error ? { ...object, err: errorField(object.err) } : object;
}

/** The browser build's line: what the Node build's hooks and formatters make of one call. */
function browserLine(object: Record<string, unknown>): Record<string, unknown> {
  const out = logError(maskNestedSecrets({ ...object }));
  if (typeof out.msg === 'string') out.msg = maskSecrets(out.msg);
  return { level: out.level, time: out.time, service: SERVICE, ...out };
}

/** Creates the root logger; tests pass a destination to read the lines back. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: SERVICE },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      formatters: { log: maskNestedSecrets },
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
