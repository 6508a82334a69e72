/**
 * `npm run bench:server`: how fast the server answers reads of finished jobs, and what one
 * simulation costs in GitHub API calls. Prints figures only (no thresholds: the machine is
 * shared and loaded).
 *
 * Setup: a real `redis-server` behind the Upstash REST emulator (the server's production store
 * path: @upstash/redis over HTTP), the fake GitHub, the real server. Terminal jobs are created
 * through the real flow (REST submit → dispatch → the run completes with a report artifact →
 * read once), so they sit in Redis exactly as in production.
 *
 * Load: `GET /v1/simulations/{id}` and `get_simulation` through `/mcp` (JSON-RPC over
 * Streamable HTTP with an OAuth access token), under 50 and 200 concurrent clients on loopback
 * for a bounded time each, next to a bare Hono route on the same machine (the ceiling). The
 * load comes from autocannon in its own process (`server-load.ts`); it still shares the
 * machine's cores with the server, as the ceiling's load does.
 * The server is composed as in production (`createServerApp`: in-process caches). Store round
 * trips per request are counted on the emulator's side (HTTP requests it received; a pipeline
 * is one), with the Redis commands they carried.
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { batchedDestination } from '../server/log-destination.js';
import { artifactName } from '../src/contract/index.js';
import { reportZip } from '../harness/server-harness.js';
import { sampleReport } from '../fixtures/sample-report.js';
import { connectMcp, rest, restLogin } from '../harness/clients.js';
import { startLoop, type Loop } from '../harness/whole-loop.js';
import type { LoadPlan, LoadResult } from './server-load.js';
import { createUpstashEmulator, startRedisServer } from '../fakes/upstash/server.js';

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 3) * 1000;
/** Rounds per concurrency: every row is measured once per round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = [50, 200];
const JOBS = 20;

/** The first failed call of the run, printed after the table so an error count has a reason. */
let firstError: string | undefined;

/**
 * The load's figures, and what this process (the server) did meanwhile: its CPU time per request
 * and as a share of one core, how late its event loop ran timers, and its garbage collection.
 */
type Stats = LoadResult & {
  cpuUs: number;
  corePct: number;
  /** Event-loop delay while the load ran: 99th percentile and worst, in ms. */
  loopP99: number;
  loopMax: number;
  /** Longest garbage-collection pause, and the share of the row's time spent in them. */
  gcMax: number;
  gcPct: number;
};

/** What the server process did between `start` and `stop`. */
function watchServer() {
  let cpu = process.cpuUsage();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  return {
    start() {
      cpu = process.cpuUsage();
      delay.enable();
      gc.observe({ entryTypes: ['gc'] });
    },
    stop(requests: number, seconds: number) {
      const used = process.cpuUsage(cpu);
      delay.disable();
      gc.disconnect();
      const total = pauses.reduce((sum, ms) => sum + ms, 0);
      return {
        cpuUs: (used.user + used.system) / Math.max(1, requests),
        corePct: (100 * (used.user + used.system)) / (seconds * 1e6),
        loopP99: delay.percentile(99) / 1e6,
        loopMax: delay.max / 1e6,
        gcMax: Math.max(0, ...pauses),
        gcPct: (100 * total) / (seconds * 1000),
      };
    },
  };
}

/** Runs a load plan in its own process (autocannon), so load and server do not share a loop. */
function load(plan: LoadPlan): Promise<Stats> {
  // This process is the server (the fakes beside it sit idle during the load); its CPU time per
  // request depends far less on what else the machine runs than req/s does. It is counted from
  // the moment the load generator starts loading (after its own start-up).
  const server = watchServer();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./server-load.ts', import.meta.url)),
      JSON.stringify(plan),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'started') server.start();
    else lines.push(line);
  });
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`the load generator exited (${code})`));
      const stats = JSON.parse(lines.join('')) as LoadResult;
      firstError ??= stats.firstError;
      const seconds = stats.requests / Math.max(1e-9, stats.rps);
      resolve({ ...stats, ...server.stop(stats.requests, seconds) });
    });
  });
}

/**
 * With BENCH_PROFILE=<folder>, the server's CPU profile during each endpoint row goes to
 * `<folder>/<row>.cpuprofile` (open it in Chrome DevTools or speedscope). Sampling costs the
 * server some speed, so figures of a profiled run are not comparable with others.
 */
async function profile(name: string): Promise<() => Promise<void>> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return async () => {};
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 }); // µs
  await session.post('Profiler.start');
  return async () => {
    const { profile: taken } = await session.post('Profiler.stop');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, `${name}.cpuprofile`), JSON.stringify(taken));
    session.disconnect();
  };
}

/** What the store (the emulator, in its own process) received so far. */
interface StoreCount {
  requests: number;
  commands: number;
}

const HEADER = `${'endpoint'.padEnd(40)} ${'conc'.padStart(5)} ${'req/s'.padStart(8)} ${'of bare'.padStart(8)} ${'range'.padStart(12)} ${'of same'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(10)} ${'store RT/req'.padStart(13)} ${'cmds/req'.padStart(9)} ${'requests'.padStart(8)} ${'errors'.padStart(6)}`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One endpoint's rounds at one concurrency, and the store traffic they caused. */
interface Rounds {
  stats: Stats[];
  store: StoreCount | null;
}

/**
 * A table row over the rounds: medians of req/s, p50 and CPU time, the worst round's p99, and
 * each share as the median of the rounds' shares (a round's share compares it with the ceiling
 * of the same round: `ceilings` holds one req/s per round), with the range of the bare shares.
 */
function row(
  label: string,
  concurrency: number,
  r: Rounds,
  ceilings: { bare: number[]; same: number[] } | null,
): string {
  const shares = (of: number[]) => r.stats.map((s, i) => (100 * s.rps) / of[i]!);
  const pct = (n: number) => `${n.toFixed(1)}%`;
  const bare = ceilings ? shares(ceilings.bare) : null;
  const range = bare ? `${pct(Math.min(...bare))}–${pct(Math.max(...bare))}` : '-';
  const requests = r.stats.reduce((sum, s) => sum + s.requests, 0);
  const errors = r.stats.reduce((sum, s) => sum + s.errors, 0);
  const per = (n: number | undefined) => (r.store ? (n! / Math.max(1, requests)).toFixed(3) : '-');
  const cells = [
    label.padEnd(40),
    String(concurrency).padStart(5),
    median(r.stats.map((s) => s.rps))
      .toFixed(0)
      .padStart(8),
    (bare ? pct(median(bare)) : '-').padStart(8),
    range.padStart(12),
    (ceilings ? pct(median(shares(ceilings.same))) : '-').padStart(8),
    median(r.stats.map((s) => s.p50))
      .toFixed(1)
      .padStart(7),
    Math.max(...r.stats.map((s) => s.p99))
      .toFixed(1)
      .padStart(7),
    median(r.stats.map((s) => s.cpuUs))
      .toFixed(0)
      .padStart(10),
    per(r.store?.requests).padStart(13),
    per(r.store?.commands).padStart(9),
    String(requests).padStart(8),
    String(errors).padStart(6),
  ];
  return cells.join(' ');
}

const TAIL_HEADER = `${'endpoint'.padEnd(40)} ${'conc'.padStart(5)} ${'p99 ms'.padStart(7)} ${'c/(req/s)'.padStart(9)} ${'server core'.padStart(11)} ${'load core'.padStart(9)} ${'load µs/req'.padStart(11)} ${'loop p99'.padStart(8)} ${'loop max'.padStart(8)} ${'GC max'.padStart(6)} ${'GC time'.padStart(7)}`;

/**
 * Where a row's latency goes: its worst p99 beside the mean latency a closed loop of
 * `concurrency` clients cannot beat (clients ÷ req/s), how busy the server and the load
 * generator were (share of one core each, on a machine of `cores`), the server's event-loop delay
 * and its garbage-collection pauses (worst round for delays and pauses, medians otherwise).
 */
function tailRow(label: string, concurrency: number, r: Rounds): string {
  const med = (pick: (s: Stats) => number) => median(r.stats.map(pick));
  const worst = (pick: (s: Stats) => number) => Math.max(...r.stats.map(pick));
  const cells = [
    label.padEnd(40),
    String(concurrency).padStart(5),
    worst((s) => s.p99)
      .toFixed(1)
      .padStart(7),
    `${((1000 * concurrency) / med((s) => s.rps)).toFixed(1)}`.padStart(9),
    `${med((s) => s.corePct).toFixed(0)}%`.padStart(11),
    `${med((s) => s.loadCorePct).toFixed(0)}%`.padStart(9),
    med((s) => s.loadCpuUs)
      .toFixed(0)
      .padStart(11),
    worst((s) => s.loopP99)
      .toFixed(1)
      .padStart(8),
    worst((s) => s.loopMax)
      .toFixed(1)
      .padStart(8),
    worst((s) => s.gcMax)
      .toFixed(1)
      .padStart(6),
    `${med((s) => s.gcPct).toFixed(1)}%`.padStart(7),
  ];
  return cells.join(' ');
}

/** What the bare routes answer beyond the tiny body: the endpoints' own answers, byte for byte. */
interface SameBodies {
  rest: string;
  mcp: string;
}

/**
 * The ceiling: Hono doing nothing but answer. `/bare` is the tiny body; `/same/rest` and
 * `/same/mcp` answer what the endpoints answer (the MCP one reads its JSON body first), so the
 * ceiling pays the same bytes on the wire and the load generator the same parsing.
 */
async function bareServer(same: SameBodies): Promise<{ url: string; close: () => Promise<void> }> {
  const app = new Hono();
  const json = { 'content-type': 'application/json' };
  app.get('/bare', (c) => c.json({ ok: true, status: 'completed' }));
  app.get('/same/rest/*', (c) => c.body(same.rest, 200, json));
  app.post('/same/mcp', async (c) => {
    await c.req.json();
    return c.body(same.mcp, 200, json);
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({
        url: `http://127.0.0.1:${(info as AddressInfo).port}`,
        close: () =>
          new Promise<void>((r) => {
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** A `get_simulation` JSON-RPC call. */
function mcpBody(jobId: string, id: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'get_simulation', arguments: { job_id: jobId } },
  });
}

/** Submits a simulation, completes its run with a report artifact, reads it to terminal. */
async function terminalJob(loop: Loop, token: string): Promise<string> {
  const started = await rest(loop.url, token, 'POST', '/v1/simulations', {
    pr_url: loop.prUrl(2),
  });
  if (started.status !== 202) throw new Error(`submit: ${started.status}`);
  const jobId = String(started.body.job_id);
  const run = loop.github.state.runs.find((r) => r.inputs.job_id === jobId);
  if (!run) throw new Error('no run was dispatched');
  loop.github.state.completeRun(run.id, {
    conclusion: 'success',
    artifactZip: reportZip(sampleReport()),
    artifactName: artifactName(jobId),
  });
  const read = await rest(loop.url, token, 'GET', `/v1/simulations/${jobId}`);
  if (read.body.status !== 'completed') throw new Error(`job ended ${String(read.body.status)}`);
  return jobId;
}

/** The server's GitHub calls for one simulation, by phase (the fake counts them). */
async function githubCost(loop: Loop, token: string, login: string): Promise<void> {
  const state = loop.github.state;
  const mark = () => state.requests.length;
  const since = (from: number) =>
    state.requests.slice(from).filter((r) => r.login === login || r.path.startsWith('/_blob/'));
  const describe = (from: number) => {
    const list = since(from);
    // 304s are free, and the signed download URL is blob storage, not the API.
    const counted = list.filter((r) => r.status !== 304 && !r.path.startsWith('/_blob/')).length;
    const by = new Map<string, number>();
    for (const r of list) {
      const key = `${r.method} ${r.path
        .replace(/\/\d+/g, '/{id}')
        .replace(/\/_blob\/artifact-download\/.*/, '/{signed download URL}')
        .replace(/job_[A-Za-z0-9_-]+/, '{job}')} → ${r.status}`;
      by.set(key, (by.get(key) ?? 0) + 1);
    }
    return {
      total: list.length,
      counted,
      detail: [...by].map(([k, n]) => `${n}× ${k}`).join('; '),
    };
  };

  let at = mark();
  const started = await rest(loop.url, token, 'POST', '/v1/simulations', { pr_url: loop.prUrl(2) });
  const jobId = String(started.body.job_id);
  const submit = describe(at);

  at = mark();
  for (let i = 0; i < 5; i += 1) await rest(loop.url, token, 'GET', `/v1/simulations/${jobId}`);
  const pollQueued = describe(at);

  const run = state.runs.find((r) => r.inputs.job_id === jobId)!;
  state.startRun(run.id);
  at = mark();
  for (let i = 0; i < 5; i += 1) await rest(loop.url, token, 'GET', `/v1/simulations/${jobId}`);
  const pollRunning = describe(at);

  state.completeRun(run.id, {
    conclusion: 'success',
    artifactZip: reportZip(sampleReport()),
    artifactName: artifactName(jobId),
  });
  at = mark();
  await rest(loop.url, token, 'GET', `/v1/simulations/${jobId}`);
  const completion = describe(at);

  at = mark();
  for (let i = 0; i < 100; i += 1) await rest(loop.url, token, 'GET', `/v1/simulations/${jobId}`);
  const terminal = describe(at);

  const line = (label: string, d: ReturnType<typeof describe>) =>
    `  ${label.padEnd(40)} ${String(d.total).padStart(3)} requests, ${String(d.counted).padStart(3)} against the rate limit   ${d.detail}`;
  console.log('\nGitHub API calls one simulation costs the server (counted by the fake GitHub):');
  console.log(line('submit (simulate_pr / POST)', submit));
  console.log(line('5 reads while queued (no status change)', pollQueued));
  console.log(line('5 reads while running', pollRunning));
  console.log(line('the read that sees the run completed', completion));
  console.log(line('100 reads of the terminal job', terminal));
  const fixed = submit.counted + completion.counted;
  console.log(
    `  → ${fixed} rate-limited calls per simulation, plus one conditional run read per poll (304s are free).`,
  );
}

/**
 * The Upstash emulator in its own process, as Upstash is a remote service: in this process it
 * would share one event loop with the server and the load generator.
 */
async function emulatorProcess(redisUrl: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--emulator', redisUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  // Its own connection (not the load's keep-alive pool, whose idle sockets the emulator closes).
  const count = async (): Promise<StoreCount> => {
    const res = await fetch(`${url}/_emulator/stats`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.json()) as StoreCount;
  };
  return {
    url,
    token,
    count,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const login = 'bench-user';
  // The Node entry's stdout writer (a turn's lines in one write), aimed at /dev/null.
  const logFile = batchedDestination(openSync('/dev/null', 'w'));
  const redis = await startRedisServer();
  const emulator = await emulatorProcess(redis.url);
  const loop = await startLoop({
    store: { kind: 'upstash', url: emulator.url, token: emulator.token },
    autoLogin: login,
    env: { API_RATE_LIMIT_PER_USER: '100000000', AUTH_RATE_LIMIT_PER_IP: '100000000' },
    // Written out as in production, not kept in memory: 100,000 lines held for a test to read
    // would cost garbage collection a deployed server never pays.
    logSink: logFile,
  });
  // No real runs here: the bench completes runs itself with a report artifact.
  loop.github.state.onDispatch = null;
  const same: SameBodies = { rest: '', mcp: '' };
  const bare = await bareServer(same);
  try {
    const token = await restLogin(loop.url);
    const { accessToken } = await connectMcp(loop.url);

    await githubCost(loop, token, login);

    const jobs: string[] = [];
    for (let i = 0; i < JOBS; i += 1) jobs.push(await terminalJob(loop, token));
    const requestsBefore = loop.github.state.requests.length;

    const seconds = DURATION_MS / 1000;
    const mcpHeaders = {
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-11-25',
    };
    same.rest = await (
      await fetch(`${loop.url}/v1/simulations/${jobs[0]}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).text();
    same.mcp = await (
      await fetch(`${loop.url}/mcp`, {
        method: 'POST',
        headers: mcpHeaders,
        body: mcpBody(jobs[0]!, 1),
      })
    ).text();
    const plans = (connections: number, secs: number): Record<string, LoadPlan> => ({
      bare: {
        url: bare.url,
        connections,
        seconds: secs,
        method: 'GET',
        headers: {},
        paths: ['/bare'],
        expect: '"completed"',
      },
      sameRest: {
        url: bare.url,
        connections,
        seconds: secs,
        method: 'GET',
        headers: {},
        paths: jobs.map((id) => `/same/rest/${id}`),
        expect: '"completed"',
      },
      sameMcp: {
        url: `${bare.url}/same/mcp`,
        connections,
        seconds: secs,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        bodies: [mcpBody(jobs[0]!, 1)],
        expect: '"status":"completed"',
      },
      rest: {
        url: loop.url,
        connections,
        seconds: secs,
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        paths: jobs.map((id) => `/v1/simulations/${id}`),
        expect: '"completed"',
      },
      mcp: {
        url: `${loop.url}/mcp`,
        connections,
        seconds: secs,
        method: 'POST',
        headers: mcpHeaders,
        bodies: jobs.map((id, i) => mcpBody(id, i + 1)),
        // A tool error is a 200 too: only a structured job that ended counts.
        expect: '"status":"completed"',
      },
    });
    // Warm up every path (JIT, connections, Redis) before measuring.
    const warm = plans(20, 1);
    for (const name of Object.keys(warm)) await load(warm[name]!);

    console.log(
      `\nReads of terminal jobs (${JOBS} jobs in redis-server behind the Upstash REST emulator, its own process), ${ROUNDS} rounds of ${seconds} s per row, node ${process.version}, loopback, load from its own process (autocannon):`,
    );
    console.log(HEADER);
    // Each round measures the bare route just before and just after the two endpoints, and
    // compares each endpoint with the mean of the two: outside load that rises or falls during
    // the round then moves the ceiling with the endpoints. The same-body ceilings come last.
    const names = ['bare', 'rest', 'mcp', 'bareAfter', 'sameRest', 'sameMcp'] as const;
    const measured = new Set<string>(['rest', 'mcp']);
    const tails: string[] = [];
    for (const concurrency of CONCURRENCY) {
      const base = plans(concurrency, seconds);
      const plan: Record<string, LoadPlan> = { ...base, bareAfter: base.bare! };
      const rounds = {} as Record<(typeof names)[number], Rounds>;
      for (const n of names) {
        rounds[n] = { stats: [], store: measured.has(n) ? { requests: 0, commands: 0 } : null };
      }
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const name of names) {
          const before = rounds[name].store ? await emulator.count() : null;
          const stop = measured.has(name) ? await profile(`${name}-${concurrency}-${round}`) : null;
          rounds[name].stats.push(await load(plan[name]!));
          await stop?.();
          if (before) {
            const after = await emulator.count();
            rounds[name].store!.requests += after.requests - before.requests;
            rounds[name].store!.commands += after.commands - before.commands;
          }
        }
      }
      const bareRps = rounds.bare.stats.map((s, i) => (s.rps + rounds.bareAfter.stats[i]!.rps) / 2);
      const rps = (r: Rounds) => r.stats.map((s) => s.rps);
      const bareRows: Rounds = {
        stats: [...rounds.bare.stats, ...rounds.bareAfter.stats],
        store: null,
      };
      const lines: [string, Rounds, { bare: number[]; same: number[] } | null][] = [
        ['bare Hono route, tiny body (ceiling)', bareRows, null],
        ['bare Hono route, the REST answer', rounds.sameRest, null],
        ['GET /v1/simulations/{id}', rounds.rest, { bare: bareRps, same: rps(rounds.sameRest) }],
        ['bare Hono POST, the MCP answer', rounds.sameMcp, null],
        [
          'MCP get_simulation (POST /mcp)',
          rounds.mcp,
          { bare: bareRps, same: rps(rounds.sameMcp) },
        ],
      ];
      for (const [label, r, ceilings] of lines) {
        console.log(row(label, concurrency, r, ceilings));
        tails.push(tailRow(label, concurrency, r));
      }
    }
    console.log(
      "\nreq/s, p50, CPU: medians of the rounds; p99: the worst round.\nof bare: share of the bare route with a tiny body, median of the rounds (range: lowest and highest round); a round's ceiling is the mean of the bare route measured just before and just after its endpoints. of same: share of the bare route answering the same body.\nCPU µs/req: CPU time (user + system) the server process spent per request during the row.\nstore RT/req: HTTP round trips to Upstash per request (a pipeline is one); cmds/req: the Redis commands they carried.",
    );
    console.log(
      `\nWhere the latency goes (${availableParallelism()} cores for the server, the load generator and anything else running):`,
    );
    console.log(TAIL_HEADER);
    for (const line of tails) console.log(line);
    console.log(
      "\np99: the worst round. c/(req/s): the mean latency a closed loop of c clients has at the row's req/s (Little's law); no p99 is below it.\nserver core, load core: CPU time of the server process and of the load generator (autocannon) as a share of one core during the load; a process near 100% is the bottleneck. load µs/req: the load generator's CPU time per request.\nloop p99, loop max: how late the server's event loop ran a 1 ms timer (ms): time it was busy or not scheduled. GC max: the longest garbage-collection pause (ms); GC time: share of the row spent in them.",
    );
    if (firstError) console.log(`First error seen under load: ${firstError}`);
    const extra = loop.github.state.requests.length - requestsBefore;
    console.log(`\nGitHub requests made by the server during the load: ${extra}`);
  } finally {
    await bare.close();
    await loop.close();
    await emulator.stop();
    await redis.stop();
    await logFile.close();
  }
}

if (process.argv[2] === '--emulator') {
  const emulator = await createUpstashEmulator(process.argv[3] ?? '');
  process.stdout.write(`${JSON.stringify({ url: emulator.url, token: emulator.token })}\n`);
  process.on('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
} else {
  await main();
}
