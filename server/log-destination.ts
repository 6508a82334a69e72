/**
 * Where the Node server's log lines go: stdout through pino's asynchronous destination
 * (sonic-boom), which collects lines until `BATCH_BYTES` wait or `FLUSH_MS` passed and writes
 * them with one system call, as pino's guide to asynchronous logging advises: written one by
 * one, every request would pay a system call for its access line. pino writes what still waits
 * when the process exits, so none is lost; a clean stop waits for them (`close`). A stdout that
 * stops being read holds at most `MAX_PENDING` bytes: later lines are dropped, and a warning line
 * says how many once stdout takes lines again.
 */
import { writeSync } from 'node:fs';
import { pino, type DestinationStream } from 'pino';
import { SERVICE } from './logger.js';

/** A pino destination that writes its lines in batches. */
export interface BatchedDestination extends DestinationStream {
  /** Writes every waiting line now, synchronously. */
  flushSync(): void;
  /**
   * Writes every waiting line and resolves once stdout took them all (a write still in flight
   * when the process exits would be lost). Lines logged after this are written synchronously.
   */
  close(): Promise<void>;
}

/** Longest a line waits before its batch is written. */
const FLUSH_MS = 50;
/** Lines are written once this many bytes wait. */
const BATCH_BYTES = 16 * 1024 - 1;
/** Most bytes held for a stalled stdout before lines are dropped (and the drop counted). */
const MAX_PENDING = 16 * 1024 * 1024;

const NOTICE_MSG = 'stdout could not keep up: log lines were dropped';

/** How many lines a piece of output holds. */
function countLines(data: string): number {
  let lines = 0;
  for (let at = data.indexOf('\n'); at !== -1; at = data.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** Batches lines onto `fd` (stdout by default). */
export function batchedDestination(fd: number = 1): BatchedDestination {
  const stream = pino.destination({
    dest: fd,
    sync: false,
    minLength: BATCH_BYTES,
    periodicFlush: FLUSH_MS,
    maxLength: MAX_PENDING,
  });
  let closed = false;
  // Lines refused while stdout was stalled, not yet reported; `refused` marks a refused notice.
  let droppedLines = 0;
  let refused = false;
  stream.on('drop', (data: string) => {
    if (data.includes(NOTICE_MSG)) refused = true;
    else droppedLines += countLines(data);
  });
  const report = () => {
    if (droppedLines === 0) return;
    const lines = droppedLines;
    refused = false;
    stream.write(droppedNotice(lines));
    if (!refused) droppedLines -= lines;
  };
  // Once a stalled stdout has caught up, the count of what was lost goes out without waiting
  // for the next line.
  stream.on('drain', report);

  return {
    write(line: string) {
      if (closed) return void writeSync(fd, line);
      report();
      stream.write(line);
    },
    flushSync() {
      if (!closed) stream.flushSync();
    },
    close() {
      if (closed) return Promise.resolve();
      report();
      closed = true;
      return new Promise((resolve) => {
        stream.once('close', () => resolve());
        stream.end();
      });
    },
  };
}

/** The warning line that says how many lines a stalled stdout made the server drop. */
function droppedNotice(lines: number): string {
  const at = Date.now();
  return `${JSON.stringify({ level: 40, time: at, service: SERVICE, dropped_lines: lines, msg: NOTICE_MSG })}\n`;
}
