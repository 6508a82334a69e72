/**
 * The load generator of `npm run bench:server`, run as its own process so that generating load
 * does not share the server's event loop: autocannon, the HTTP benchmarking tool of the Node
 * ecosystem, against one endpoint for a bounded time.
 *
 * Input: one JSON argument (`LoadPlan`). Output on stdout: `started` when the load begins, then
 * one JSON line (`LoadResult`).
 * Each request's body is checked for `expect`; a 2xx whose body lacks it counts as an error,
 * so a fast wrong answer cannot pass for throughput.
 */
import autocannon from 'autocannon';

/** What to load, sent by the bench as the process's only argument. */
export interface LoadPlan {
  url: string;
  connections: number;
  seconds: number;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Paths (GET) or bodies (POST), used in turn by each connection. */
  paths?: string[];
  bodies?: string[];
  /** A string every successful response body holds. */
  expect: string;
}

/** What the load measured. */
export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
  /** CPU time (user + system) this process, the load generator, spent per request. */
  loadCpuUs: number;
  /** That CPU time as a share of one core over the row's wall time (100 = one core busy). */
  loadCorePct: number;
  firstError?: string;
}

/** Runs the plan with autocannon and returns its figures. */
export async function runLoad(plan: LoadPlan, onStart?: () => void): Promise<LoadResult> {
  let wrong = 0;
  let firstError: string | undefined;
  let turn = 0;
  const cpu = process.cpuUsage();
  onStart?.();
  const result = await autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    requests: [
      {
        method: plan.method,
        headers: plan.headers,
        setupRequest: (request) => {
          turn += 1;
          const path = plan.paths?.[turn % plan.paths.length];
          const body = plan.bodies?.[turn % plan.bodies.length];
          return { ...request, ...(path ? { path } : {}), ...(body ? { body } : {}) };
        },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300 && body.includes(plan.expect)) return;
          wrong += 1;
          firstError ??= `${status}: ${body.slice(0, 160)}`;
        },
      },
    ],
  });
  const requests = result.requests.total;
  const used = process.cpuUsage(cpu);
  const wallUs = (result.duration || plan.seconds) * 1e6;
  return {
    requests,
    errors: wrong + result.errors + result.timeouts,
    rps: requests / (result.duration || plan.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    loadCpuUs: (used.user + used.system) / Math.max(1, requests),
    loadCorePct: (100 * (used.user + used.system)) / wallUs,
    ...(firstError ? { firstError } : {}),
  };
}

if (process.argv[2]) {
  const plan = JSON.parse(process.argv[2]) as LoadPlan;
  // The first line tells the bench the load starts now, the second carries the figures.
  const result = await runLoad(plan, () => process.stdout.write('started\n'));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
