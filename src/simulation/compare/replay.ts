/**
 * Replays a recorded run on another build of the app (the PR's merge base) by the locators each
 * step recorded, through the BrowserDriver port: each target is found by role and name in the
 * current page tree and acted on by its ref. No model runs; a step whose element is not there
 * (the base lacks the feature the PR adds) is skipped and said so.
 */
import type { Step, StopReason } from '../../contract/index.js';
import type { BrowserAction, BrowserSession } from '../browser/driver.js';
import type { PageTree } from '../page/index.js';
import type { StepRecorder } from '../recording.js';
import { findRef } from './find-ref.js';
import { parseStatement, type Literal, type Statement } from './locator-code.js';

/** How a replay ended, and the steps it could not take, in words. */
export interface ReplayResult {
  stoppedBy: StopReason;
  skipped: string[];
}

/** Replays `steps` in order; see the module comment. */
export async function replaySteps(
  steps: readonly Step[],
  session: BrowserSession,
  recorder: StepRecorder,
  deadline: number,
): Promise<ReplayResult> {
  const skipped: string[] = [];
  for (const step of steps) {
    if (Date.now() >= deadline) return { stoppedBy: 'time', skipped };
    const statement = step.code ? parseStatement(step.code) : null;
    if (!statement) {
      skipped.push(`Step ${step.index} (${step.description}): its code cannot be replayed`);
      continue;
    }
    const action =
      statement.kind === 'target'
        ? toAction(statement, await session.pageTree())
        : plain(statement);
    if (!action) {
      skipped.push(`Step ${step.index} (${step.description}): no such element on this build`);
      continue;
    }
    await recorder.record(action, step.description);
  }
  return { stoppedBy: 'finished', skipped };
}

function plain(statement: Exclude<Statement, { kind: 'target' }>): BrowserAction {
  switch (statement.kind) {
    case 'navigate':
      return { kind: 'navigate', url: statement.url };
    case 'go_back':
      return { kind: 'go_back' };
    case 'keyboard':
      return { kind: 'press', key: statement.key };
    case 'wait_for':
      return {
        kind: 'wait_for',
        ...(statement.text !== undefined ? { text: statement.text } : {}),
        ...(statement.textGone !== undefined ? { textGone: statement.textGone } : {}),
      };
  }
}

function toAction(
  statement: Extract<Statement, { kind: 'target' }>,
  tree: PageTree,
): BrowserAction | null {
  const ref = findRef(tree, statement.locator);
  if (!ref) return null;
  const [arg] = statement.args;
  switch (statement.method) {
    case 'click':
      return { kind: 'click', ref };
    case 'hover':
      return { kind: 'hover', ref };
    case 'fill':
      return typeof arg === 'string' ? { kind: 'fill', ref, value: arg } : null;
    case 'selectOption':
      return { kind: 'select', ref, values: strings(arg) };
    case 'check':
    case 'uncheck':
      return { kind: 'check', ref, checked: statement.method === 'check' };
    case 'press':
      return typeof arg === 'string' ? { kind: 'press', ref, key: arg } : null;
    default:
      return null;
  }
}

function strings(value: Literal | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
