/**
 * The call stack behind each console error and warning. Playwright's console message gives only
 * the top frame (the call to `console.error`, often a logging wrapper or a bundle); the page's
 * CDP session reports the whole stack (`Runtime.consoleAPICalled`). The two reports of one call
 * are paired by type and top frame, whichever arrives first, and the frames are then resolved
 * through the scripts' source maps, so the checks can tell who wrote the code that logged.
 */
import type { ConsoleEntry, StackFrame } from './driver.js';
import type { BrowserContext, Page } from './playwright-api.js';
import { FrameSources } from '../checks/frame-sources.js';

/** Frames kept per message: the author is near the top; a deep framework stack adds nothing. */
const MAX_FRAMES = 12;
/** Unpaired reports kept on either side (a message with no stack never finds its pair). */
const MAX_UNPAIRED = 200;

interface Pending<T> {
  key: string;
  value: T;
}

/** Pairs console messages with their stacks and resolves the stacks' sources. */
export class ConsoleStacks {
  private readonly stacks: Pending<StackFrame[]>[] = [];
  private readonly entries: Pending<ConsoleEntry>[] = [];
  private readonly resolving = new Set<Promise<void>>();
  private readonly sources = new FrameSources();

  /** `isAllowed`: only the app's own origins' scripts (and maps) are fetched. */
  constructor(private readonly isAllowed: (url: string) => boolean) {}

  /** Opens the page's CDP session and listens to its console calls. */
  async listen(page: Page, context: BrowserContext): Promise<void> {
    const session = await context.newCDPSession(page);
    session.on('Runtime.consoleAPICalled', (event) => {
      if (event.type !== 'error' && event.type !== 'warning') return;
      const frames = (event.stackTrace?.callFrames ?? []).slice(0, MAX_FRAMES).map((frame) => ({
        url: frame.url,
        line: frame.lineNumber + 1,
        column: frame.columnNumber + 1,
        functionName: frame.functionName,
      }));
      const top = frames[0];
      if (!top) return;
      const key = keyOf(event.type, top.url, top.line, top.column);
      const entry = take(this.entries, key);
      if (entry) this.attach(entry, frames);
      else push(this.stacks, { key, value: frames });
    });
    await session.send('Runtime.enable');
  }

  /**
   * Gives `entry` its stack, now or when the stack arrives. `location` is Playwright's
   * (0-based line and column of the top frame).
   */
  adopt(
    entry: ConsoleEntry,
    location: { url: string; lineNumber: number; columnNumber: number },
  ): void {
    if (!location.url) return;
    const key = keyOf(entry.type, location.url, location.lineNumber + 1, location.columnNumber + 1);
    const frames = take(this.stacks, key);
    if (frames) this.attach(entry, frames);
    else push(this.entries, { key, value: entry });
  }

  /** Waits until every stack seen so far is resolved through its source maps. */
  async settled(): Promise<void> {
    await Promise.all([...this.resolving]);
  }

  private attach(entry: ConsoleEntry, frames: StackFrame[]): void {
    entry.stack = frames;
    const own = frames.filter((frame) => this.isAllowed(frame.url));
    const resolving = this.sources.resolve(own).finally(() => this.resolving.delete(resolving));
    this.resolving.add(resolving);
  }
}

function keyOf(type: string, url: string, line: number, column: number): string {
  return `${type} ${url}:${line}:${column}`;
}

function take<T>(list: Pending<T>[], key: string): T | undefined {
  const index = list.findIndex((item) => item.key === key);
  return index < 0 ? undefined : list.splice(index, 1)[0]!.value;
}

function push<T>(list: Pending<T>[], item: Pending<T>): void {
  list.push(item);
  if (list.length > MAX_UNPAIRED) list.shift();
}
