/**
 * Where the Node server's log lines go: stdout, in batches.
 *
 * pino's default destination writes each line with its own synchronous system call, and its
 * asynchronous mode hands each line to a thread of libuv's pool as soon as the last write
 * ended: either way every request pays a system call or a thread wake-up. Here lines are encoded straight into a batch buffer
 * (no joined string to build and encode again) for up to `FLUSH_MS`, or until `FLUSH_BYTES`
 * wait, and the batch is handed to pino's own asynchronous writer (sonic-boom, in its buffer
 * mode) in one piece, which keeps its handling of partial writes, EAGAIN retries and a full
 * pipe. Lines still waiting when the process exits are written synchronously, so none is lost;
 * a clean stop waits for them (`close`).
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
const FLUSH_BYTES = 16 * 1024;
/** Most bytes held for a stalled stdout before lines are dropped (and the drop counted). */
const MAX_PENDING = 16 * 1024 * 1024;

const NOTICE_MSG = 'stdout could not keep up: log lines were dropped';

/** How many lines a piece of output holds. */
function countLines(data: Buffer): number {
  let lines = 0;
  for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) lines += 1;
  return lines;
}

/** Batches lines onto `fd` (stdout by default). */
export function batchedDestination(fd: number = 1): BatchedDestination {
  const stream = pino.destination({
    dest: fd,
    sync: false,
    maxLength: MAX_PENDING,
    contentMode: 'buffer',
  });
  // In buffer mode sonic-boom writes Buffers; its type definitions only name strings.
  const put = (data: Buffer) =>
    (stream.write as unknown as (data: Buffer) => boolean).call(stream, data);
  // The batch being filled. Once handed over, sonic-boom holds it until written: a new one
  // is started rather than the old one reused.
  let batch = Buffer.allocUnsafe(FLUSH_BYTES);
  let used = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  // Lines sonic-boom refused while stdout was stalled; the next batch that gets through
  // starts with a line saying how many (a refused notice is not counted as a lost line).
  let droppedLines = 0;
  let refused = false;
  stream.on('drop', (data: Buffer) => {
    refused = true;
    const lines = countLines(data);
    droppedLines += data.includes(NOTICE_MSG) ? lines - 1 : lines;
  });

  const handOver = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (used === 0 && droppedLines === 0) return;
    const reported = droppedLines;
    const lines = batch.subarray(0, used);
    batch = Buffer.allocUnsafe(FLUSH_BYTES);
    used = 0;
    refused = false;
    put(reported > 0 ? Buffer.concat([Buffer.from(droppedNotice(reported)), lines]) : lines);
    if (!refused) droppedLines -= reported;
  };
  // The timer does not keep the process alive: at exit, waiting lines are written below.
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(handOver, FLUSH_MS);
    timer.unref?.();
  };
  /** Adds a line to the batch; false when it does not fit in what is left. */
  const append = (line: string): boolean => {
    const written = batch.write(line, used);
    // Only whole characters are written: one that stopped less than a character's length (4
    // bytes) from the end may have been cut short, and is written again in the next batch.
    if (FLUSH_BYTES - used - written < 4 && written !== Buffer.byteLength(line)) return false;
    used += written;
    return true;
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
      if (!append(line)) {
        handOver();
        // Longer than a whole batch: it goes out on its own.
        if (!append(line)) put(Buffer.from(line));
      }
      if (used >= FLUSH_BYTES) handOver();
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
