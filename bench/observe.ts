/**
 * `npm run bench:observe`: the agent's step against Playwright MCP's, side by side in one run, on
 * the same fixed walk of third-party apps served from their npm packages (`third-party/apps.ts`).
 *
 * Ours is measured where the model waits: `myfav-coworker run` drives the real agent loop against
 * the local fake Messages API scripted with the walk (`agent-walk.ts`), and a step is the time
 * from the fake's answer to the agent's next request. Theirs is the MCP call (plus the
 * `browser_snapshot` the model needs when the action's answer holds none). Per step it prints
 * both, where our time went (report.json's `phases`), and the narrower harness figure (the step
 * recorder alone, in process); per app and overall the medians, the ratios, bytes per step the
 * model read, and interactive elements our compact view leaves unreachable by ref. Browser launch
 * and the first navigation are in their own table. Asserts nothing. `BENCH_APPS=docsify,reveal`
 * picks apps. The fixture-app walk is `npm run bench:observe:fixtures`.
 *
 * The agent walks each app twice: with a model that answers at once (the worst case: every bit of
 * work the agent defers past its answer is waited for) and with one that takes `BENCH_THINK_MS`
 * (default 1,000 ms) per turn, as a real model's turn does (seconds: the time to its first token
 * plus the tool call it writes). The second is what the user waits beyond the model; the page work
 * the agent defers (screenshot, axe) runs while the model thinks. Playwright MCP defers nothing.
 *
 * The cost of change coverage, in the same run: the harness walk runs twice, with coverage
 * collection off (a run without a diff) and on (a run with one: precise coverage for the whole
 * session, plus the per-step reading the exploration and the agent take, mapped onto the PR file
 * of `pr-files.ts`; an app without one only collects). Both medians and their ratio are printed.
 * Under a loaded machine the figures are noise: compare them within one run, never across runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser } from '../fixtures/fixture-app.js';
import { Perception, wrapUntrusted } from '../src/simulation/agent/perception.js';
import type { BrowserAction } from '../src/simulation/browser/driver.js';
import {
  compactView,
  interactiveNodes,
  refPrefix,
  shortRef,
} from '../src/simulation/page/index.js';
import { serveApp, type AppName } from '../third-party/apps.js';
import { ChangeProgressTracker } from '../src/simulation/coverage/index.js';
import { walkAgent, type AgentWalk } from './agent-walk.js';
import { addedFileDiff, PR_FILES } from './pr-files.js';
import { startPlaywrightMcp, type PlaywrightMcp } from './playwright-mcp.js';
import { describeStep, findRefIn, WALKS, type WalkStep } from './third-party-walks.js';

/** One step measured on one side. */
interface Measure {
  bytes: number;
  ms: number;
  unreachable: number;
}

interface Row {
  app: AppName;
  step: string;
  /** The agent through the CLI: ms the model waited, bytes it read, where the time went. */
  agent: AgentWalk['steps'][number];
  /** The same walk with a model that takes `THINK_MS` per turn, as a real one does. */
  thinking: AgentWalk['steps'][number];
  /** The step recorder alone, in process (the narrower figure), coverage collection off. */
  harness: Measure;
  /** The same with coverage collected, and read after each step as the exploration does. */
  covered: Measure;
  theirs: Measure;
}

function ourAction(step: WalkStep, url: string, view: string, perception: Perception) {
  if (step.kind === 'navigate') return { kind: 'navigate', url } as BrowserAction;
  if (step.kind === 'go_back') return { kind: 'go_back' } as BrowserAction;
  if (step.kind === 'press') return { kind: 'press', key: step.key } as BrowserAction;
  const shown = findRefIn(view, step.role, step.name, step.kind === 'click' ? step.nth : 0);
  const ref = shown ? perception.resolve(shown) : null;
  if (!ref) throw new Error(`ours: no ${describeStep(step)} in the view:\n${view}`);
  return (
    step.kind === 'fill' ? { kind: 'fill', ref, value: step.value } : { kind: 'click', ref }
  ) as BrowserAction;
}

/** A per-step change-coverage reading on the app's PR file, or null for an app without one. */
async function progressOf(
  name: AppName,
  session: BrowserRunSession,
): Promise<ChangeProgressTracker | null> {
  const file = PR_FILES[name];
  if (!file || !session.coverageDelta) return null;
  const read = session.coverageDelta.bind(session);
  return new ChangeProgressTracker({
    diff: await addedFileDiff(file),
    repoRoot: process.cwd(),
    read,
  });
}

type BrowserRunSession = Awaited<ReturnType<typeof openBrowser>>['session'];

/**
 * The harness figure: the step recorder with extras deferred, as the agent runs it; with
 * `coverage`, collection on and the step's change-coverage reading counted in its time.
 */
async function walkOurs(name: AppName, walk: WalkStep[], coverage = false): Promise<Measure[]> {
  const app = await serveApp(name);
  const browser = await openBrowser([app.origin], undefined, { collectCoverage: coverage });
  const progress = coverage ? await progressOf(name, browser.session) : null;
  browser.recorder.deferExtras = true;
  const perception = new Perception();
  const out: Measure[] = [];
  try {
    for (const step of walk) {
      const action = ourAction(step, app.url, perception.current ?? '', perception);
      // The model's thinking time covers the deferred work: wait for it outside the timing.
      await browser.session.flush?.();
      const started = performance.now();
      const recorded = await browser.recorder.record(action, action.kind);
      await progress?.next();
      const ms = performance.now() - started;
      const tree = recorded.observation.tree;
      const view = perception.view(tree);
      const prefix = refPrefix(tree);
      const compact = compactView(tree, prefix);
      const unreachable = interactiveNodes(tree).filter(
        (node) => !compact.includes(`[${shortRef(node.ref ?? '', prefix)}]`),
      ).length;
      out.push({ bytes: Buffer.byteLength(wrapUntrusted(view.text)), ms, unreachable });
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  return out;
}

function peerCall(step: WalkStep, url: string, snapshot: string): [string, object] {
  if (step.kind === 'navigate') return ['browser_navigate', { url }];
  if (step.kind === 'go_back') return ['browser_navigate_back', {}];
  if (step.kind === 'press') return ['browser_press_key', { key: step.key }];
  const target = findRefIn(snapshot, step.role, step.name, step.kind === 'click' ? step.nth : 0);
  if (!target) throw new Error(`Playwright MCP: no ${describeStep(step)} in:\n${snapshot}`);
  return step.kind === 'fill'
    ? ['browser_type', { target, text: step.value }]
    : ['browser_click', { target }];
}

/** Playwright MCP's side: the action, then a snapshot when the action's answer holds none. */
async function walkTheirs(mcp: PlaywrightMcp, name: AppName, walk: WalkStep[]) {
  const app = await serveApp(name);
  const out: Measure[] = [];
  let snapshot = '';
  try {
    for (const step of walk) {
      const [tool, args] = peerCall(step, app.url, snapshot);
      const action = await mcp.call(tool, args as Record<string, unknown>);
      let { text, ms } = action;
      if (!text.includes('```yaml')) {
        const seen = await mcp.call('browser_snapshot', {});
        text += `\n${seen.text}`;
        ms += seen.ms;
      }
      snapshot = text;
      out.push({ bytes: Buffer.byteLength(text), ms, unreachable: 0 });
    }
  } finally {
    await app.stop();
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (!sorted.length) return NaN;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Steps after the first navigation: the first is in the launch table. */
const stepsOf = (rows: Row[]) => rows.filter((r) => r.step !== 'navigate');

function summarise(label: string, all: Row[]): Record<string, string | number> {
  const rows = stepsOf(all);
  const ob = median(rows.map((r) => r.agent.bytes));
  const tb = median(rows.map((r) => r.theirs.bytes));
  const om = median(rows.map((r) => r.agent.waitMs));
  const km = median(rows.map((r) => r.thinking.waitMs));
  const tm = median(rows.map((r) => r.theirs.ms));
  const hm = median(rows.map((r) => r.harness.ms));
  const cm = median(rows.map((r) => r.covered.ms));
  return {
    app: label,
    steps: rows.length,
    'B/step ours': ob,
    'B/step PW MCP': tb,
    'bytes ratio': `${((ob / tb) * 100).toFixed(0)}%`,
    'ms/step ours': Math.round(om),
    'ms/step PW MCP': Math.round(tm),
    'time ratio': `${(om / tm).toFixed(2)}x`,
    [`ms/step ours, ${thinkLabel}`]: Math.round(km),
    [`time ratio, ${thinkLabel}`]: `${(km / tm).toFixed(2)}x`,
    'harness ms/step': Math.round(hm),
    'with coverage': Math.round(cm),
    'coverage cost': `${(((cm - hm) / hm) * 100).toFixed(0)}%`,
    unreachable: all.reduce((s, r) => s + r.harness.unreachable, 0),
  };
}

/** The phases report.json records per step, in the order they happen. */
const PHASES = [
  ['waited', 'waitedMs'],
  ['resolve', 'resolveMs'],
  ['action', 'actionMs'],
  ['settle', 'settleMs'],
  ['read', 'readMs'],
  ['screenshot', 'screenshotMs'],
  ['checks', 'checksMs'],
  ['recording', 'recordingMs'],
] as const;

function breakdown(row: Row): Record<string, number | string> {
  const out: Record<string, number | string> = { app: row.app, step: row.step };
  for (const [label, key] of PHASES) out[label] = row.agent.phases[key] ?? 0;
  const inRecorder = row.agent.recordMs;
  // What the agent does around the recorder: the tool, the view, the request to the model.
  out['agent rest'] = Math.max(0, Math.round(row.agent.waitMs - inRecorder));
  out['off path'] = row.agent.phases.deferredMs ?? 0;
  // Of which the screenshot and axe: the page work the next action waits for, with the reads.
  out['off: screenshot'] = row.agent.phases.deferredScreenshotMs ?? 0;
  out['off: axe'] = row.agent.phases.axeMs ?? 0;
  return out;
}

/** How long the thinking model takes per turn (ms). */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1_000);
const thinkLabel = `model ${THINK_MS / 1000} s`;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const names = (process.env.BENCH_APPS?.split(',') ?? Object.keys(WALKS)) as AppName[];
const outputDir = await mkdtemp(join(tmpdir(), 'bench-pw-mcp-'));
const mcp = await startPlaywrightMcp(['--output-dir', outputDir]);
const rows: Row[] = [];
const launches: Record<string, string | number>[] = [];
const failed: string[] = [];
try {
  // Playwright MCP launches its browser on the first call; ours launches in each CLI run.
  const first = await mcp.call('browser_navigate', { url: 'about:blank' });
  for (const name of names) {
    const walk = WALKS[name];
    if (!walk) throw new Error(`No walk for "${name}"; known: ${Object.keys(WALKS).join(', ')}`);
    let agent: AgentWalk;
    let thinking: AgentWalk;
    try {
      agent = await walkAgent(name, walk);
      thinking = await walkAgent(name, walk, THINK_MS);
    } catch (error) {
      // One app's failed walk is printed and named at the end; the others still count.
      failed.push(`${name}: ${(error as Error).message}`);
      console.error(`${name}: the agent's walk failed: ${(error as Error).message}`);
      continue;
    }
    const harness = await walkOurs(name, walk);
    const covered = await walkOurs(name, walk, true);
    const theirs = await walkTheirs(mcp, name, walk);
    walk.forEach((step, i) =>
      rows.push({
        app: name,
        step: describeStep(step),
        agent: agent.steps[i]!,
        thinking: thinking.steps[i]!,
        harness: harness[i]!,
        covered: covered[i]!,
        theirs: theirs[i]!,
      }),
    );
    launches.push({
      app: name,
      'ours: spawn to 1st request': Math.round(agent.toFirstRequestMs),
      'ours: browser launch': agent.browserLaunchMs,
      'ours: navigate': agent.steps[0]!.recordMs,
      'PW MCP: launch (1st call)': Math.round(first.ms),
      'PW MCP: navigate': Math.round(theirs[0]!.ms),
    });
    console.error(`${name}: ${walk.length} steps measured on both sides (load ${load()})`);
  }
} finally {
  await mcp.close();
  await rm(outputDir, { recursive: true, force: true });
}

console.log(`Playwright MCP ${mcp.version}, same steps, same run, /usr/bin/chromium headless`);
// Both sides share the machine: a loaded machine slows both, not always alike.
console.log(`load average at the end: ${load()}`);
console.log(
  '\nBrowser launch and first navigation (ms; ours from spawning the CLI, run from source):',
);
console.table(launches);
console.log(
  `\nPer step: ms the model waited (ours through the CLI, the model answering at once and taking ${THINK_MS} ms; the harness figure is the step recorder alone):`,
);
console.table(
  rows.map((r) => ({
    app: r.app,
    step: r.step,
    'ms ours': Math.round(r.agent.waitMs),
    'ms PW MCP': Math.round(r.theirs.ms),
    ratio: `${(r.agent.waitMs / r.theirs.ms).toFixed(2)}x`,
    [`ms ours, ${thinkLabel}`]: Math.round(r.thinking.waitMs),
    'harness ms': Math.round(r.harness.ms),
    'with coverage': Math.round(r.covered.ms),
    'B ours': r.agent.bytes,
    'B PW MCP': r.theirs.bytes,
    unreachable: r.harness.unreachable,
  })),
);
console.log(
  '\nWhere our time went per step (ms; "waited": the last step\'s page work, "off path": this step\'s, done after it answered):',
);
console.table(rows.map(breakdown));
console.log('\nMedians per step, the first navigation excepted:');
console.table([
  ...names
    .filter((name) => rows.some((r) => r.app === name))
    .map((name) =>
      summarise(
        name,
        rows.filter((r) => r.app === name),
      ),
    ),
  summarise('overall', rows),
]);
console.log(
  `goals: time ratio <= 0.50x (a model answering at once; with a ${thinkLabel}, the deferred page work runs while it thinks), bytes ratio <= 20%, 0 unreachable, coverage cost <= 10% of the harness step`,
);
if (failed.length) {
  console.log(`NOT MEASURED (the agent's walk failed):\n${failed.join('\n')}`);
  process.exitCode = 1;
}
