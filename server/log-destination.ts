/**
 * Where the Node server's log lines go: stdout, written once per event-loop turn.
 *
 * pino's default destination writes each line with its own synchronous system call, which on a
 * container's stdout (a pipe) costs more CPU than the rest of the line and blocks the server
 * while the pipe is full. Its asynchronous mode measures its buffer on every line. Here a turn's
 * lines are joined and handed to pino's own asynchronous writer (sonic-boom) in one piece, which
 * keeps its handling of partial writes, EAGAIN retries and a full pipe; lines still waiting when
 * the process exits are written synchronously, so none is lost.
 */
import { writeSync } from 'node:fs';
import { pino, type DestinationStream } from 'pino';
import { SERVICE } from './logger.js';

/** A pino destination that batches lines per event-loop turn. */
export interface TurnDestination extends DestinationStream {
  /** Writes every waiting line now, synchronously. */
  flushSync(): void;
  /**
   * Writes every waiting line and resolves once stdout took them all (a clean shutdown waits
   * for it: a write still in flight when the process exits would be lost). Lines logged after
   * this are written synchronously.
   */
  close(): Promise<void>;
}

/** Most bytes held for a stalled stdout before lines are dropped (and the drop counted). */
const MAX_PENDING = 16 * 1024 * 1024;

const NOTICE_MSG = 'stdout could not keep up: log lines were dropped';

/** Batches lines per turn onto `fd` (stdout by default). */
export function turnDestination(fd: number = 1): TurnDestination {
  const stream = pino.destination({ dest: fd, sync: false, maxLength: MAX_PENDING });
  let pending: string[] = [];
  let scheduled = false;
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
    scheduled = false;
    if (pending.length === 0 && droppedLines === 0) return;
    const reported = droppedLines;
    const text = (reported > 0 ? droppedNotice(reported) : '') + pending.join('');
    pending = [];
    refused = false;
    stream.write(text);
    if (!refused) droppedLines -= reported;
  };
  let closed = false;
  const flushSync = () => {
    if (closed) return;
    handOver();
    stream.flushSync();
  };
  process.on('exit', flushSync);
  // Once a stalled stdout has caught up, the count of what was lost goes out without waiting
  // for the next line.
  stream.on('drain', () => {
    if (droppedLines > 0 && !scheduled) {
      scheduled = true;
      setImmediate(handOver);
    }
  });

  return {
    write(line: string) {
      if (closed) return void writeSync(fd, line);
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(handOver);
      }
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
