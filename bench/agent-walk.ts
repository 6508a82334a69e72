/**
 * The agent's side of the observe bench, measured where the model waits: the real CLI
 * (`myfav-coworker run`, from source) drives the real agent loop against the local fake Messages
 * API, whose script is the walk. Each turn answers with the walk's next step; the time from the
 * fake's answer to the agent's next request is the step as the model sees it. The fake chooses
 * targets from the page views it was sent, as a model would.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeAnthropic, type ScriptCall, type ScriptTurn } from '../fakes/anthropic/server.js';
import { serveApp, type AppName } from '../third-party/apps.js';
import { describeStep, findRefIn, type WalkStep } from './third-party-walks.js';

const root = resolve(import.meta.dirname, '..');

/** Where one step's time went, as report.json's `phases` records it. */
export type Phases = Record<string, number>;

/** One browser step of the agent's walk. */
export interface AgentStep {
  step: string;
  /** From the fake's answer to the agent's next request (for the navigate: from spawn). */
  waitMs: number;
  /** The step's `durationMs` in report.json (the recorder's own figure). */
  recordMs: number;
  phases: Phases;
  /** Bytes of the tool result the model was sent for this step. */
  bytes: number;
}

export interface AgentWalk {
  steps: AgentStep[];
  /** report.json's fixed costs: browser launch, and from spawn to the first request. */
  browserLaunchMs: number;
  toFirstRequestMs: number;
}

/**
 * The newest view's lines with the diff marks taken off, removed lines dropped, each ref once
 * (its newest line), in the order the refs first appeared: the page as the model knows it.
 */
export function knownView(conversation: string): string {
  const byRef = new Map<string, string>();
  for (const raw of conversation.split('\n')) {
    const ref = /\[((?:f\d+)?e\d+)\]/.exec(raw)?.[1];
    if (!ref) continue;
    // A removed line: the element is gone (a changed one comes back as `~`).
    if (raw.startsWith('-')) byRef.delete(ref);
    else byRef.set(ref, raw.replace(/^[+~]/, ''));
  }
  return [...byRef.values()].join('\n');
}

function callFor(step: WalkStep): ScriptCall {
  if (step.kind === 'press') return { tool: 'press', input: { key: step.key } };
  if (step.kind === 'go_back') return { tool: 'go_back' };
  if (step.kind === 'navigate') return { tool: 'navigate', input: { url: '/' } };
  const nth = step.kind === 'click' ? (step.nth ?? 0) : 0;
  const pick = (text: string) => findRefIn(knownView(text), step.role, step.name, nth);
  return step.kind === 'fill'
    ? { tool: 'fill', input: { value: step.value }, pick }
    : { tool: 'click', pick };
}

/** A fresh page view, when a target is not in the one the model has (the page still renders). */
const LOOK_AGAIN: ScriptTurn = { calls: [{ tool: 'snapshot' }] };
const RETRIES = 3;

/**
 * The walk as a model's turns: plan with the first action, one step per turn, then finish. A
 * target not in view yet is looked for again in a fresh snapshot (a few times), as a model would.
 */
function script(walk: WalkStep[]): ScriptTurn[] {
  const plan: ScriptCall = {
    tool: 'plan',
    input: { criteria: [{ description: 'The walk can be taken' }] },
  };
  const finish: ScriptTurn = {
    calls: [
      {
        tool: 'finish',
        input: { criteria: [{ id: 'C1', status: 'blocked', reason: 'A bench walk.' }] },
      },
    ],
  };
  const turns: ScriptTurn[] = [finish];
  for (let i = walk.length - 1; i >= 1; i--) {
    const calls = [callFor(walk[i] as WalkStep)];
    if (i === 1) calls.unshift(plan);
    const rest = [...turns];
    let turn: ScriptTurn = { calls };
    for (let retry = 0; retry < RETRIES; retry++) {
      turn = { calls, otherwise: [LOOK_AGAIN, turn, ...rest] };
    }
    turns.unshift(turn);
  }
  return turns;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
    child.on('error', fail);
    child.on('close', (code) =>
      code === null || code === 3 || code === 64
        ? fail(new Error(`myfav-coworker run exited ${code}:\n${err}`))
        : done(code),
    );
  });
}

/**
 * Walks `name` with the agent through the CLI; the app is served from its npm package. The fake
 * model takes `thinkMs` to answer each turn (0: at once, the agent's worst case).
 */
export async function walkAgent(name: AppName, walk: WalkStep[], thinkMs = 0): Promise<AgentWalk> {
  const app = await serveApp(name);
  const fake = await startFakeAnthropic({ name, turns: script(walk), thinkMs });
  const out = await mkdtemp(join(tmpdir(), 'bench-agent-'));
  try {
    await writeFile(join(out, 'change.diff'), '+bench\n');
    const env = {
      ...process.env,
      ANTHROPIC_API_KEY: 'bench-key',
      ANTHROPIC_BASE_URL: fake.url,
    };
    const started = performance.now();
    await runCli(
      [
        'run',
        '--url',
        app.url,
        '--out',
        join(out, 'report'),
        '--diff-file',
        join(out, 'change.diff'),
      ],
      env,
    );
    if (fake.violations.length) throw new Error(`fake API: ${fake.violations.join('; ')}`);
    const report = JSON.parse(await readFile(join(out, 'report', 'report.json'), 'utf8')) as {
      steps: Array<{ durationMs: number; phases?: Phases; description: string }>;
      timings: { browserLaunchMs: number };
    };
    const t = fake.timeline;
    const steps = walk.map((step, i): AgentStep => {
      const recorded = report.steps[i];
      // The first request whose text tells of this step came right after it.
      const after = fake.bodies.findIndex((body) => body.includes(`Step ${i + 1}: `));
      if (!recorded || after < 0) {
        const seen = knownView(fake.bodies.at(-1) ? lastText(fake.bodies.at(-1)!) : '');
        throw new Error(
          `${name}: step ${i + 1} (${describeStep(step)}) not recorded; the model knew:\n${seen}`,
        );
      }
      const answered = i === 0 ? started : t[after - 1]?.answeredAt;
      const received = t[after]?.receivedAt;
      if (answered === undefined || received === undefined)
        throw new Error(`${name}: no timing around step ${i + 1}`);
      return {
        step: describeStep(step),
        waitMs: received - answered,
        recordMs: recorded.durationMs,
        phases: recorded.phases ?? {},
        bytes: lastResultBytes(fake.bodies[after] ?? ''),
      };
    });
    return {
      steps,
      browserLaunchMs: report.timings.browserLaunchMs,
      toFirstRequestMs: (t[0]?.receivedAt ?? NaN) - started,
    };
  } finally {
    await fake.close();
    await app.stop();
    await rm(out, { recursive: true, force: true });
  }
}

/** All text of a request's messages (page views included), oldest first. */
function lastText(body: string): string {
  const messages = (JSON.parse(body) as { messages: Array<{ content: unknown }> }).messages;
  return JSON.stringify(messages).replace(/\\n/g, '\n');
}

/** Bytes of the newest user message's tool results: what the model read for the last step. */
function lastResultBytes(body: string): number {
  const messages = (JSON.parse(body) as { messages: Array<{ role: string; content: unknown }> })
    .messages;
  const last = messages.findLast((m) => m.role === 'user');
  if (!last || typeof last.content === 'string') return Buffer.byteLength(String(last?.content));
  let bytes = 0;
  for (const block of last.content as Array<Record<string, unknown>>) {
    if (block.type !== 'tool_result') continue;
    const content = block.content;
    if (typeof content === 'string') bytes += Buffer.byteLength(content);
    else
      for (const part of content as Array<Record<string, unknown>>)
        if (part.type === 'text') bytes += Buffer.byteLength(String(part.text));
  }
  return bytes;
}
