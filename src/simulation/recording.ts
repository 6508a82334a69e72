/**
 * The recorder turns browser actions into report steps: it performs the action, observes the
 * page (screenshot, snapshot, events) and keeps both, so checks and evidence work on what was
 * actually recorded rather than on what anyone claims.
 */
import type { Step } from '../contract/index.js';
import type { ActionResult, BrowserAction, BrowserSession, Observation } from './browser/driver.js';
import { mapStrings, nodeByRef, refPrefix, type Box } from './page/tree.js';

/** A step as the report shows it, with the full observation the checks work on. */
export interface RecordedStep {
  step: Step;
  observation: Observation;
  result: ActionResult;
  /** The box of the element acted on, relative to the viewport, from the tree after the action. */
  targetBox?: Box;
}

/** Called after each recorded step (progress on stderr, budgets). */
export type StepListener = (recorded: RecordedStep) => void;

/** Characters of snapshot kept in the report per step (the full one stays in memory only). */
export const SNAPSHOT_EXCERPT_CHARS = 1500;

/** Records every action taken in one session, numbering steps from 1. */
export class StepRecorder {
  readonly steps: RecordedStep[] = [];
  /**
   * Let the screenshot, links, images and axe of each step finish in the background (see
   * `BrowserSession.observe`); whoever reads them calls `session.flush()` first.
   */
  deferExtras = false;

  constructor(
    private readonly session: BrowserSession,
    private readonly redact: (text: string) => string,
    private readonly onStep?: StepListener,
  ) {}

  /** The snapshot of the last recorded step, or null before the first. */
  get lastObservation(): Observation | null {
    return this.steps.at(-1)?.observation ?? null;
  }

  /** Performs `action`, observes the page and records a step described by `description`. */
  async record(action: BrowserAction, description: string): Promise<RecordedStep> {
    const index = this.steps.length + 1;
    const startedAt = new Date();
    const result = await this.session.perform(action);
    const observation = await this.session.observe(
      index,
      this.deferExtras ? { deferExtras: true } : undefined,
    );
    observation.snapshot = this.redact(observation.snapshot);
    observation.tree = mapStrings(observation.tree, this.redact);
    // One object: the deferred work adds its own figure to it later (see `Observation.phases`).
    const phases = (observation.phases ??= {});
    const step: Step = {
      index,
      action: action.kind,
      description: this.redact(description),
      code: this.redact(result.code),
      url: this.redact(observation.url),
      title: this.redact(observation.title),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      phases,
      screenshot: observation.screenshot,
      snapshotExcerpt: excerpt(observation.snapshot),
      outcome: result.ok ? 'ok' : 'error',
      ...(result.error ? { error: this.redact(result.error) } : {}),
    };
    const targetBox = actedOnBox(action, observation);
    const recorded: RecordedStep = {
      step,
      observation,
      result,
      ...(targetBox ? { targetBox } : {}),
    };
    phases.recordingMs = Math.max(
      0,
      step.durationMs -
        Object.entries(phases).reduce(
          (sum, [name, ms]) => (name === 'deferredMs' ? sum : sum + ms),
          0,
        ),
    );
    this.steps.push(recorded);
    this.onStep?.(recorded);
    return recorded;
  }
}

/**
 * The step as the report keeps it: with where its target is in the screenshot, once the
 * screenshot is written (call after `session.flush()`).
 */
export function reportStep(recorded: RecordedStep): Step {
  const box = recorded.targetBox;
  const origin = recorded.observation.screenshotOrigin;
  if (!box || !origin || !recorded.step.screenshot) return recorded.step;
  return {
    ...recorded.step,
    target: { x: box.x + origin.x, y: box.y + origin.y, width: box.width, height: box.height },
  };
}

/** The main-frame element the action named by ref, if the page still shows it. */
function actedOnBox(action: BrowserAction, observation: Observation): Box | undefined {
  const ref = 'ref' in action ? action.ref : undefined;
  if (!ref || !observation.tree) return undefined;
  // Boxes are relative to their own frame's viewport: only the main frame's fit the screenshot.
  const frame = /^(f\d+)e\d+$/.exec(ref)?.[1] ?? '';
  if (frame !== refPrefix(observation.tree)) return undefined;
  const box = nodeByRef(observation.tree, ref)?.box;
  return box && box.width > 0 && box.height > 0 ? { ...box } : undefined;
}

function excerpt(snapshot: string): string {
  if (snapshot.length <= SNAPSHOT_EXCERPT_CHARS) return snapshot;
  const cut = snapshot.lastIndexOf('\n', SNAPSHOT_EXCERPT_CHARS);
  return `${snapshot.slice(0, cut > 0 ? cut : SNAPSHOT_EXCERPT_CHARS)}\n…`;
}
