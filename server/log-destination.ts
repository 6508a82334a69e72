/**
 * Where the Node server's log lines go: stdout, in batches.
 *
 * pino's default destination writes each line with its own synchronous system call, and its
 * asynchronous mode hands each line to a thread of libuv's pool as soon as the last write
 * ended: either way every request pays a system call or a thread wake-up, which measured
 * costlier than the rest of a cached read. Here lines are gathered for up to `FLUSH_MS` (or
 * until `FLUSH_CHARS` wait) and handed to pino's own asynchronous writer (sonic-boom) in one
 * piece, which keeps its handling of partial writes, EAGAIN retries and a full pipe. Lines
 * still waiting when the process exits are written synchronously, so none is lost; a clean
 * stop waits for them (`close`).
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

/** Longest a line waits before its batch is handed over. */
const FLUSH_MS = 50;
/** A batch this long is handed over at once (sonic-boom's largest single write). */
const FLUSH_CHARS = 16 * 1024;
/** Most bytes held for a stalled stdout before lines are dropped (and the drop counted). */
const MAX_PENDING = 16 * 1024 * 1024;

const NOTICE_MSG = 'stdout could not keep up: log lines were dropped';

/** Batches lines onto `fd` (stdout by default). */
export function batchedDestination(fd: number = 1): BatchedDestination {
  const stream = pino.destination({ dest: fd, sync: false, maxLength: MAX_PENDING });
  let pending: string[] = [];
  let chars = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  // Lines sonic-boom refused while stdout was stalled; the next batch that gets through
  // starts with a line saying how many (a refused notice is not counted as a lost line).
  let droppedLines = 0;
  let refused = false;
  stream.on('drop', (data: string) => {
    refused = true;
    const lines = data.split('\n').length - 1;
    droppedLines += data.includes(NOTICE_MSG) ? lines - 1 : lines;
  });

  const handOver = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0 && droppedLines === 0) return;
    const reported = droppedLines;
    const text = (reported > 0 ? droppedNotice(reported) : '') + pending.join('');
    pending = [];
    chars = 0;
    refused = false;
    stream.write(text);
    if (!refused) droppedLines -= reported;
  };
  // The timer does not keep the process alive: at exit, waiting lines are written below.
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(handOver, FLUSH_MS);
    timer.unref?.();
  };
  const flushSync = () => {
    if (closed) return;
    handOver();
    stream.flushSync();
  };
  process.on('exit', flushSync);
  // Once a stalled stdout has caught up, the count of what was lost goes out without waiting
  // for the next line.
  stream.on('drain', () => {
    if (droppedLines > 0) schedule();
  });

  return {
    write(line: string) {
      if (closed) return void writeSync(fd, line);
      pending.push(line);
      chars += line.length;
      if (chars >= FLUSH_CHARS) handOver();
      else schedule();
    },
    flushSync,
    close() {
      if (closed) return Promise.resolve();
      handOver();
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
