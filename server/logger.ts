/**
 * Structured JSON logs (pino). Token-bearing fields are redacted by path, and any string that
 * looks like a GitHub or bearer token is masked, so a secret cannot reach a log line by accident.
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

/** Creates the root logger; tests pass a destination to read the lines back. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'myfav-coworker-server' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          // Mask secrets in free-text messages too, not only in known fields.
          const masked = args.map((a) => (typeof a === 'string' ? maskSecrets(a) : a));
          return method.apply(this, masked as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          if (object.err instanceof Error) {
            const err = object.err;
            return { ...object, err: { type: err.name, message: maskSecrets(err.message) } };
          }
          return object;
        },
      },
    },
    destination,
  );
}
