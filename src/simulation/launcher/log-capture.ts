/**
 * Keeps the app's output twice: all of it in the log file (an artifact users download), and the
 * end of it in memory, for error messages and the report's log tail.
 *
 * The file is written synchronously, chunk by chunk: the log must be complete even when our own
 * process dies right after the app printed why it failed, and a write to the page cache is cheap
 * next to anything a dev server does.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** Characters of output kept in memory for the tail. */
export const LOG_TAIL_CHARS = 64 * 1024;

/** Colour and cursor escapes (npm, vite, next print them even without a TTY at times). */
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Removes terminal escape sequences, so a tail reads cleanly in a report or a PR comment. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPES, '');
}

/** The last `lines` non-trailing lines of `text`. */
export function lastLines(text: string, lines: number): string {
  if (lines <= 0) return '';
  const all = text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return all.slice(-lines).join('\n');
}

/** Appends output to a file and keeps the last {@link LOG_TAIL_CHARS} characters in memory. */
export class LogCapture {
  private fd: number | null;
  private buffer = '';
  /** One decoder per stream, so a character split across two chunks is not mangled. */
  private readonly decoders = new Map<string, StringDecoder>();

  /** Opens (creating folders as needed) `logPath` for appending. */
  constructor(readonly logPath: string) {
    mkdirSync(dirname(logPath), { recursive: true });
    this.fd = openSync(logPath, 'a');
  }

  /** Records one chunk of output from `stream` (e.g. `stdout`, `stderr`). */
  write(chunk: Buffer | string, stream = 'stdout'): void {
    if (this.fd !== null) {
      try {
        if (typeof chunk === 'string') writeSync(this.fd, chunk);
        else writeSync(this.fd, chunk);
      } catch {
        // A full disk must not take the run down; the in-memory tail still has the output.
      }
    }
    let decoder = this.decoders.get(stream);
    if (!decoder) {
      decoder = new StringDecoder('utf8');
      this.decoders.set(stream, decoder);
    }
    this.buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (this.buffer.length > LOG_TAIL_CHARS * 2) this.buffer = this.buffer.slice(-LOG_TAIL_CHARS);
  }

  /** The last `lines` lines of output, without terminal escapes. */
  tail(lines = 50): string {
    return lastLines(stripAnsi(this.buffer.slice(-LOG_TAIL_CHARS)), lines);
  }

  /** Closes the file; later writes only reach the in-memory tail. Idempotent. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}
