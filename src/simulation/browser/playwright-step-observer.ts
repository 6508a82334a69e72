/**
 * Observing the page after a step: screenshot, page tree, links (probed), images, accessibility
 * and the events the step raised. With `deferExtras`, the step answers once the tree is read:
 * the screenshot, the link and image reads and axe (which must see this page, not the next) run
 * before the next action may touch the page; the link probes (plain HTTP) only before the checks
 * read them. Events raised until the next action belong to this step.
 */
import { join } from 'node:path';
import type { Locator, Page } from './playwright-api.js';
import type { LinkEntry, Observation, ObserveOptions, StepPhases } from './driver.js';
import { AccessibilityOncePerTemplate } from './playwright-a11y.js';
import type { EventRecorder } from './playwright-events.js';
import { readLinksAndImages, type LinkProber } from './playwright-page-extras.js';
import { firstLine, isPageGone, readPage, takeScreenshot } from './playwright-page.js';

/** Milliseconds since `start`, rounded. */
function since(start: number): number {
  return Math.round(performance.now() - start);
}

/** Observes one page for a session, step after step. */
export class StepObserver {
  private readonly a11y = new AccessibilityOncePerTemplate();
  /** Deferred work of the last step that reads the page: the next action waits for it. */
  private pageWork: Promise<void> = Promise.resolve();
  /** All deferred work of the last step (the page work, then the link probes). */
  private background: Promise<void> = Promise.resolve();
  /** The last observation, which collects the events raised until the next action. */
  private last: Observation | null = null;

  constructor(
    private readonly page: Page,
    private readonly outDir: string,
    private readonly prober: LinkProber,
    private readonly recorder: EventRecorder,
    /** Hands over (and forgets) the element the last action targeted, to mark it. */
    private readonly takeActedOn: () => Locator | null,
  ) {}

  /** The observation of a step; the session has already settled the page. */
  async observe(stepIndex: number, options: ObserveOptions): Promise<Observation> {
    const screenshot = `screenshots/step-${String(stepIndex).padStart(3, '0')}.png`;
    const path = join(this.outDir, screenshot);
    if (options.deferExtras) return this.observeTreeFirst(screenshot, path);
    const phases: StepPhases = {};
    let start = performance.now();
    // Chromium captures and encodes the screenshot while the tree is read (see observeTreeFirst).
    const shot = this.takeScreenshot(path);
    const observation = await this.readObservation(screenshot, phases);
    phases.readMs = since(start);
    start = performance.now();
    const origin = await shot;
    // Only what the screenshot took beyond the read: the phases add up to the step.
    phases.screenshotMs = since(start);
    if (origin) observation.screenshotOrigin = origin;
    start = performance.now();
    const links = await this.readExtras(observation);
    observation.links = await this.prober.annotate(links, observation.url).catch(() => []);
    phases.checksMs = since(start);
    this.last = observation;
    // Events raised while observing (a lazy image 404) belong to this step.
    this.takeLateEvents();
    return observation;
  }

  /**
   * Waits for the deferred work that reads the page, then hands the events raised since the
   * last observation to it: called before an action, so they stay with the step that caused them.
   */
  async settleLast(): Promise<void> {
    await this.pageWork;
    this.takeLateEvents();
    // From here on, events belong to the coming step (however many actions it takes).
    this.last = null;
  }

  /** Waits for the deferred work that reads the page (the events stay where they are). */
  async pageWorkDone(): Promise<void> {
    await this.pageWork;
  }

  /** Waits for all deferred work of the last step (page work and link probes). */
  async flush(): Promise<void> {
    await this.background;
    // The console messages' stacks are read through source maps the checks judge them by.
    await this.recorder.stacks.settled();
    this.takeLateEvents();
  }

  private async readObservation(screenshot: string, phases: StepPhases): Promise<Observation> {
    const { tree, snapshot } = await readPage(this.page);
    const title = await this.page.title().catch(() => '');
    return {
      url: this.page.url(),
      title,
      tree,
      snapshot,
      screenshot,
      events: this.recorder.take(),
      documentStatus: this.recorder.documentStatus,
      links: [],
      images: [],
      accessibility: [],
      phases,
    };
  }

  /**
   * The step answers with the tree; the rest fills in the same observation meanwhile. The
   * screenshot starts with the read: Chromium captures and encodes it while the tree is read (the
   * tint Playwright lays over the acted-on element is not in the tree).
   */
  private async observeTreeFirst(screenshot: string, path: string): Promise<Observation> {
    const phases: StepPhases = {};
    const start = performance.now();
    const shot = this.takeScreenshot(path).finally(
      () => (phases.deferredScreenshotMs = since(start)),
    );
    const observation = await this.readObservation(screenshot, phases);
    phases.readMs = since(start);
    this.last = observation;
    const links = this.deferredPageWork(observation, shot);
    this.pageWork = links.then(() => undefined);
    this.background = links.then(async (found) => {
      observation.links = await this.prober.annotate(found, observation.url).catch(() => []);
      phases.deferredMs = since(start) - phases.readMs!;
    });
    return observation;
  }

  /**
   * The rest of this page's reads, before anything changes it: the links and images are read
   * beside the screenshot under way (the read walks the DOM while Chromium encodes the picture);
   * axe runs after both, so it never sees the tint Playwright lays over the page for it.
   */
  private async deferredPageWork(
    observation: Observation,
    shot: Promise<{ x: number; y: number } | null>,
  ): Promise<Array<Omit<LinkEntry, 'status'>>> {
    const [origin, links] = await Promise.all([shot, this.readLinksAndImages(observation)]);
    if (origin) observation.screenshotOrigin = origin;
    await this.readAccessibility(observation);
    return links;
  }

  /** Links and images in one read, then axe (once per page template); returns the links. */
  private async readExtras(observation: Observation): Promise<Array<Omit<LinkEntry, 'status'>>> {
    const links = await this.readLinksAndImages(observation);
    await this.readAccessibility(observation);
    return links;
  }

  private async readLinksAndImages(
    observation: Observation,
  ): Promise<Array<Omit<LinkEntry, 'status'>>> {
    try {
      const { links, images } = await readLinksAndImages(this.page);
      observation.images = images;
      return links;
    } catch (error) {
      // A page that went away has no links left to check; any other failure is a gap, not "none".
      if (!isPageGone(error)) {
        (observation.gaps ??= []).push({
          title: 'Links and images were not checked on this page',
          reason: `could not read the page's links and images: ${firstLine(error)}`,
        });
      }
      return [];
    }
  }

  private async readAccessibility(observation: Observation): Promise<void> {
    const start = performance.now();
    Object.assign(observation, await this.a11y.check(this.page, observation.url));
    (observation.phases ??= {}).axeMs = since(start);
  }

  /** Events raised since the last observation (a late console error, a lazy image 404). */
  private takeLateEvents(): void {
    const events = this.last?.events;
    if (!events) return;
    const late = this.recorder.take();
    events.console.push(...late.console);
    events.pageErrors.push(...late.pageErrors);
    events.network.push(...late.network);
    events.blockedNavigations.push(...late.blockedNavigations);
    (events.served ??= []).push(...(late.served ?? []));
  }

  private async takeScreenshot(path: string): Promise<{ x: number; y: number } | null> {
    return takeScreenshot(this.page, path, this.takeActedOn());
  }
}
