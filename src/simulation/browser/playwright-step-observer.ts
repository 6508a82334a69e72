/**
 * Observing the page after a step: screenshot, page tree, links (probed), images, accessibility
 * and the events the step raised. With `deferExtras`, all but the tree run in the background.
 */
import { join } from 'node:path';
import type { Locator, Page } from './playwright-api.js';
import type { Observation, ObserveOptions } from './driver.js';
import { AccessibilityOncePerTemplate } from './playwright-a11y.js';
import type { EventRecorder } from './playwright-events.js';
import { readImages, readLinks, type LinkProber } from './playwright-page-extras.js';
import { readPage, takeScreenshot } from './playwright-page.js';

/** Observes one page for a session, step after step. */
export class StepObserver {
  private readonly a11y = new AccessibilityOncePerTemplate();

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
    if (options.deferExtras) return this.observeTreeFirst(screenshot);
    const page = this.page;
    const origin = await this.takeScreenshot(join(this.outDir, screenshot));
    const { tree, snapshot } = await readPage(this.page);
    const title = await page.title().catch(() => '');
    const url = page.url();
    const links = await readLinks(page)
      .then((found) => this.prober.annotate(found, url))
      .catch(() => []);
    const images = await readImages(page).catch(() => []);
    const accessibility = await this.a11y.check(this.page, url);
    // Drain last: events raised while observing (a lazy image 404) belong to this step.
    const events = this.recorder.take();
    return {
      url,
      title,
      tree,
      snapshot,
      screenshot,
      ...(origin ? { screenshotOrigin: origin } : {}),
      events,
      documentStatus: this.recorder.documentStatus,
      links,
      images,
      accessibility,
    };
  }

  /** Deferred observation work of the last step, if any. */
  private background: Promise<void> = Promise.resolve();

  /** Waits for the deferred work of the last step. */
  async flush(): Promise<void> {
    await this.background;
  }

  /**
   * The critical path of a step ends with the page tree: the screenshot, links (and their
   * probes), images and axe run while the model thinks, filling in the same observation.
   */
  private async observeTreeFirst(screenshot: string): Promise<Observation> {
    const { tree, snapshot } = await readPage(this.page);
    const title = await this.page.title().catch(() => '');
    const observation: Observation = {
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
    };
    this.background = this.observeExtras(observation, join(this.outDir, screenshot));
    return observation;
  }

  private async observeExtras(observation: Observation, path: string): Promise<void> {
    const origin = await this.takeScreenshot(path);
    if (origin) observation.screenshotOrigin = origin;
    observation.links = await readLinks(this.page)
      .then((found) => this.prober.annotate(found, observation.url))
      .catch(() => []);
    observation.images = await readImages(this.page).catch(() => []);
    observation.accessibility = await this.a11y.check(this.page, observation.url);
    // Events raised meanwhile (a lazy image 404) belong to this step, as they would have.
    const late = this.recorder.take();
    observation.events.console.push(...late.console);
    observation.events.pageErrors.push(...late.pageErrors);
    observation.events.network.push(...late.network);
    observation.events.blockedNavigations.push(...late.blockedNavigations);
  }

  private async takeScreenshot(path: string): Promise<{ x: number; y: number } | null> {
    return takeScreenshot(this.page, path, this.takeActedOn());
  }
}
