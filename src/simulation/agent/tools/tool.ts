/**
 * What every tool module provides (its zod schema and description are its documentation, as in
 * Playwright MCP) and the shared machinery of browser actions: record the step through the
 * StepRecorder (so it carries its Playwright code), then show the model only what changed.
 */
import { z } from 'zod';
import type { BrowserAction } from '../../browser/driver.js';
import type { RecordedStep, StepRecorder } from '../../recording.js';
import type { BrowserSession } from '../../browser/driver.js';
import type { ToolResultBlock, ToolSpec } from '../model.js';
import { fence } from '../fence.js';
import { type Perception, wrapUntrusted } from '../perception.js';

/** A criterion as planned by the model. */
export interface PlannedCriterion {
  id: string;
  description: string;
}

/** One evidence item as the model gave it in `finish` (checked later by verify.ts). */
export interface ClaimedEvidence {
  step: number;
  quote?: string;
  role?: string;
  name?: string;
}

/** A criterion verdict as the model gave it in `finish`. */
export interface ClaimedVerdict {
  id: string;
  description?: string;
  status: 'pass' | 'fail' | 'blocked';
  reason?: string;
  evidence: ClaimedEvidence[];
}

/** Mutable state of one agent run that tools read and write. */
export interface AgentState {
  plan: PlannedCriterion[] | null;
  finish: { verdicts: ClaimedVerdict[]; summary?: string } | null;
  /** Screenshots shown to the model so far (budgeted per run). */
  imagesShown?: number;
  /** Set once `finish` has sent refused evidence back to the model. */
  evidenceReturned?: boolean;
  /** A verdict is recorded but the model was asked to fix its evidence: the run goes on. */
  finishPending?: boolean;
}

export interface ToolContext {
  session: BrowserSession;
  recorder: StepRecorder;
  perception: Perception;
  redact: (text: string) => string;
  allowedOrigins: string[];
  state: AgentState;
  /** The PR's change coverage so far, in words (absent without a diff). */
  changeCoverage?: () => Promise<string>;
  /**
   * After each action: one short line naming the changed functions that have not run yet; null
   * when the diff changes no executable code (absent without a diff).
   */
  changedNotRun?: () => Promise<string | null>;
}

export interface ToolOutput {
  /** Text for the tool_result (already redacted by the loop before sending). */
  content: string;
  isError?: boolean;
  /** The recorded step, for browser actions. */
  step?: RecordedStep;
  /** Kind of page view included, so the loop can elide older ones from the context. */
  view?: 'full' | 'diff' | 'same';
  /** Images to show the model with the text. */
  images?: ToolResultBlock['images'];
}

/** Browser actions spend the step budget; reads and control tools do not. */
export type ToolKind = 'action' | 'read' | 'control';

export interface AgentTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  kind: ToolKind;
  run(input: z.infer<S>, ctx: ToolContext): Promise<ToolOutput>;
  /** What the call acts on, for loop detection (`button "Save"`, a URL, a key). */
  target(input: z.infer<S>, ctx: ToolContext): string;
}

/** Builds a tool with its input type inferred from its schema. */
export function defineTool<S extends z.ZodType>(tool: AgentTool<S>): AgentTool<S> {
  return tool;
}

/** The JSON schema the API wants: an object schema without the `$schema` marker. */
export function toToolSpec(tool: AgentTool): ToolSpec {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.schema) as Record<string, unknown>;
  return { name: tool.name, description: tool.description, inputSchema: schema };
}

/** Schema of an element reference, shared by element tools. */
export const refSchema = z
  .string()
  .min(1)
  .describe('The element ref from the latest page view, e.g. "e12" (written [e12] there).');

/** `button "Save"` for a ref, from what the model currently sees; the ref itself if unknown. */
export function labelOf(ctx: ToolContext, ref: string): string {
  const known = ctx.perception.describe(ref);
  if (!known) return ref;
  return known.name ? `${known.role} ${JSON.stringify(known.name)}` : known.role;
}

/**
 * Runs `act` with the full ref to act on (`e8` → `f2e8`), or refuses a ref the model cannot have
 * seen since the page last changed, before touching the browser.
 */
export async function withRef(
  ctx: ToolContext,
  ref: string,
  act: (fullRef: string) => Promise<ToolOutput>,
): Promise<ToolOutput> {
  const full = ctx.perception.current === null ? ref : ctx.perception.resolve(ref);
  if (full === null) {
    return {
      content: `Unknown ref "${ref}": it is not in the latest page view (refs change when the page changes). Use find or snapshot to get current refs.`,
      isError: true,
    };
  }
  return act(full);
}

/** Performs and records `action`, answering with the step number, the outcome and the page delta. */
export async function performAction(
  ctx: ToolContext,
  action: BrowserAction,
  description: string,
): Promise<ToolOutput> {
  const recorded = await ctx.recorder.record(action, description);
  const { step, observation } = recorded;
  const view = ctx.perception.view(observation.tree);
  // The URL and title only when they change: the model keeps the last ones it was told.
  const place = ctx.perception.place(observation.url, observation.title, view);
  const lines = [
    `Step ${step.index}: ${step.description} — ${step.outcome === 'ok' ? 'done' : `FAILED: ${step.error ?? 'unknown error'}`}`,
    ...(place.url === null ? [] : [`URL: ${place.url}`]),
  ];
  const events = describeEvents(recorded);
  // The title is the page's text like any other: inside the fence.
  const title = place.title === null ? '' : `Title: ${place.title}`;
  const page = [title, events, view.text].filter(Boolean).join('\n');
  const notRun = await changedNotRun(ctx);
  return {
    content: `${lines.join('\n')}\n${wrapUntrusted(page)}${notRun}`,
    isError: step.outcome !== 'ok',
    step: recorded,
    view: view.kind,
  };
}

/**
 * The changed code that has not run yet, fenced (its names come from the PR), or '' when there is
 * none to tell. A reading that fails says so: it never reads as "everything ran".
 */
async function changedNotRun(ctx: ToolContext): Promise<string> {
  if (!ctx.changedNotRun) return '';
  let line: string | null;
  try {
    line = await ctx.changedNotRun();
  } catch (error) {
    line = `Change coverage could not be read after this step: ${(error as Error).message}`;
  }
  return line ? `\n${fence('changed_code', line)}` : '';
}

/** Errors the page produced during this step, which the model should notice. */
function describeEvents(recorded: RecordedStep): string {
  const { events } = recorded.observation;
  const out: string[] = [];
  for (const e of events.pageErrors.slice(0, 5)) out.push(`[page error] ${e.message}`);
  for (const c of events.console.filter((c) => c.type === 'error').slice(0, 5))
    out.push(`[console error] ${c.text}`);
  for (const n of events.network.slice(0, 5))
    out.push(`[request failed] ${n.method} ${n.url} → ${n.status ?? n.failure ?? 'failed'}`);
  for (const b of events.blockedNavigations.slice(0, 3)) out.push(`[blocked navigation] ${b}`);
  return out.join('\n');
}
