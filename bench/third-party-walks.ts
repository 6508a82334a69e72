/**
 * The fixed walk the observe bench runs on each third-party app, for the agent and for Playwright
 * MCP alike: each step names its target by role and accessible name, and each side finds the ref
 * in the view it was last shown (ours: the compact view; theirs: their YAML snapshot).
 */
import type { AppName } from '../third-party/apps.js';

/** A step of the walk. `nth` picks the nth match (0-based) when several elements match. */
export type WalkStep =
  | { kind: 'navigate' }
  | { kind: 'click'; role: string; name: RegExp; nth?: number }
  | { kind: 'fill'; role: string; name: RegExp; value: string }
  | { kind: 'press'; key: string }
  | { kind: 'go_back' };

const todoWalk: WalkStep[] = [
  { kind: 'navigate' },
  { kind: 'fill', role: 'textbox', name: /What needs to be done/, value: 'Write the bench' },
  { kind: 'press', key: 'Enter' },
  { kind: 'fill', role: 'textbox', name: /What needs to be done/, value: 'Read the figures' },
  { kind: 'press', key: 'Enter' },
  // The first checkbox is "toggle all"; the second is the first todo's own.
  { kind: 'click', role: 'checkbox', name: /^$/, nth: 1 },
  { kind: 'click', role: 'link', name: /^Active$/ },
  { kind: 'click', role: 'link', name: /^Completed$/ },
  { kind: 'click', role: 'link', name: /^All$/ },
];

/** The walk per app. */
export const WALKS: Partial<Record<AppName, WalkStep[]>> = {
  'todomvc-vue': todoWalk,
  'todomvc-backbone': todoWalk,
  docsify: [
    { kind: 'navigate' },
    { kind: 'click', role: 'link', name: /^Guide$/ },
    { kind: 'click', role: 'link', name: /^Setup$/ },
    { kind: 'click', role: 'link', name: /^Introduction$/ },
    { kind: 'go_back' },
    { kind: 'go_back' },
  ],
  'swagger-ui': [
    { kind: 'navigate' },
    { kind: 'click', role: 'button', name: /^GET \/pets List the pets$/ },
    { kind: 'click', role: 'button', name: /^Try it out$/ },
    { kind: 'click', role: 'button', name: /^Execute$/ },
    { kind: 'click', role: 'button', name: /^GET \/pets\/\{petId\} Show one pet$/ },
  ],
  reveal: [
    { kind: 'navigate' },
    { kind: 'click', role: 'button', name: /^next slide$/ },
    { kind: 'click', role: 'button', name: /^next slide$/ },
    { kind: 'press', key: 'ArrowRight' },
    { kind: 'press', key: 'ArrowLeft' },
  ],
};

/** Words for a step, for the per-step table. */
export function describeStep(step: WalkStep): string {
  if (step.kind === 'navigate' || step.kind === 'go_back') return step.kind;
  if (step.kind === 'press') return `press ${step.key}`;
  return `${step.kind} ${step.role} ${step.name.source}`.slice(0, 40);
}

/**
 * The ref of the nth element with `role` and a name matching `name`, in view lines shaped
 * `role "name" … [ref]` (ours: `[e5]`, Playwright MCP's YAML: `[ref=e5]`, maybe single-quoted).
 */
export function findRefIn(
  view: string,
  role: string,
  name: RegExp,
  nth = 0,
  refPattern = /\[(?:ref=)?((?:f\d+)?e\d+)\]/,
): string | null {
  let seen = 0;
  for (const raw of view.split('\n')) {
    const line = raw.replace(/^(\s*-?\s*)'(.*)'(:?)$/, '$1$2$3').replace(/''/g, "'");
    const m = /^\s*(?:-\s+)?([a-z-]+)(?: "((?:[^"\\]|\\.)*)")?/.exec(line);
    const ref = refPattern.exec(line)?.[1];
    if (!m || !ref || m[1] !== role || !name.test((m[2] ?? '').replace(/\\"/g, '"'))) continue;
    if (seen++ === nth) return ref;
  }
  return null;
}
