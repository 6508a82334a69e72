/**
 * Precise JavaScript coverage through a CDP session of the page's own: V8's `Profiler` in count
 * mode, started once for the whole session. Each reading (`Profiler.takePreciseCoverage`) returns
 * what ran since the previous one and resets the counts, so a per-step reading costs one call,
 * with no stop and restart (which would make V8 re-instrument every function and re-send every
 * script). A script's text is fetched once, when it is first read. Playwright's own coverage API
 * reads only by stopping, hence this.
 */
import type { ScriptCoverage } from './driver.js';
import type { BrowserContext, CDPSession, Page } from './playwright-api.js';

interface TakenScript {
  scriptId: string;
  url: string;
  functions: ScriptCoverage['functions'];
}

/** The session's coverage: start once, read per step, every reading kept for the final answer. */
export class PageCoverage {
  /** Every reading so far (readings are deltas: merged by the highest count). */
  readonly readings: ScriptCoverage[] = [];
  /** Where the next `delta` starts in `readings`. */
  private deltaFrom = 0;
  private readonly sources = new Map<string, Promise<string | undefined>>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly allowed: (url: string) => boolean,
  ) {}

  /** Starts collection on `page` (every navigation of it, until the page closes). */
  static async start(
    context: BrowserContext,
    page: Page,
    allowed: (url: string) => boolean,
  ): Promise<PageCoverage> {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
    // The debugger is what serves the scripts' text; it must never pause the app (a `debugger`
    // statement included): pauses are skipped, and resumed should one happen all the same.
    cdp.on('Debugger.paused', () => void cdp.send('Debugger.resume').catch(() => undefined));
    await cdp.send('Debugger.enable');
    await cdp.send('Debugger.setSkipAllPauses', { skip: true });
    return new PageCoverage(cdp, allowed);
  }

  /** Takes a reading and keeps it. */
  async take(): Promise<void> {
    const { result } = (await this.cdp.send('Profiler.takePreciseCoverage')) as {
      result: TakenScript[];
    };
    const scripts = result.filter((script) => script.url && this.allowed(script.url));
    const read = await Promise.all(
      scripts.map(async (script) => {
        const source = await this.sourceOf(script.scriptId);
        return { url: script.url, functions: script.functions, ...(source ? { source } : {}) };
      }),
    );
    this.readings.push(...read);
  }

  /** What was read since the previous `delta` (by this or any other reading). */
  delta(): ScriptCoverage[] {
    const delta = this.readings.slice(this.deltaFrom);
    this.deltaFrom = this.readings.length;
    return delta;
  }

  private sourceOf(scriptId: string): Promise<string | undefined> {
    let source = this.sources.get(scriptId);
    if (!source) {
      source = this.cdp
        .send('Debugger.getScriptSource', { scriptId })
        .then((answer) => answer.scriptSource)
        // A script gone with its document leaves no text: the reading says "no source".
        .catch(() => undefined);
      this.sources.set(scriptId, source);
    }
    return source;
  }
}
