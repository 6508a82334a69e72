/**
 * `npm run sandbox`: the whole product on this machine, no GitHub account needed. It starts a
 * local stand-in for GitHub holding the demo repository acme/notebook with two open PRs (#1
 * clean, #2 with a planted bug) whose runner executes the real bundled action (dist/) on
 * dispatch, and the real server (MCP + OAuth + REST) logging in through that stand-in. It
 * prints the MCP URL and client configs; Ctrl-C stops everything.
 *
 *   npm run sandbox                     # serve; connect an MCP client to the printed URL
 *   npm run sandbox -- --demo           # also run the included client: test both PRs, print verdicts
 *   npm run sandbox -- --port 9000      # another port (default: PORT or 8787)
 *   npm run sandbox -- --redis          # keep state in a local redis-server (Upstash emulator)
 *   npm run sandbox -- --verbose        # print the server's JSON logs and the runners' logs
 *
 * With UPSTASH_REDIS_REST_URL / _TOKEN set, state goes to that Upstash database.
 */
import { parseArgs } from 'node:util';
import { COMMENT_MARKER } from '../src/github/sticky-comment.js';
import type { RunnerRun } from '../fakes/github/runner.js';
import { callTool, connectMcp, waitForJobMcp, type JobView } from '../harness/clients.js';
import {
  DEMO_PULLS,
  DEMO_REPO,
  startLoop,
  type Loop,
  type LoopStore,
} from '../harness/whole-loop.js';

const USAGE =
  'usage: npm run sandbox -- [--demo] [--port N] [--redis] [--user LOGIN] [--verbose] [--keep]';

function parse() {
  try {
    return parseArgs({
      options: {
        demo: { type: 'boolean', default: false },
        port: { type: 'string' },
        redis: { type: 'boolean', default: false },
        user: { type: 'string', default: 'octocat' },
        verbose: { type: 'boolean', default: false },
        /** With --demo: keep serving after the demo instead of exiting. */
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(args.port ?? process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (got ${String(args.port)})\n${USAGE}`);
  process.exit(2);
}

const upstashUrl = process.env.UPSTASH_REDIS_REST_URL;
const upstashToken = process.env.UPSTASH_REDIS_REST_TOKEN;
const store: LoopStore =
  upstashUrl && upstashToken
    ? { kind: 'upstash', url: upstashUrl, token: upstashToken }
    : args.redis
      ? { kind: 'local-redis' }
      : { kind: 'memory' };

const say = (line = '') => process.stdout.write(`${line}\n`);

function onRunEnd(run: RunnerRun): void {
  const result = run.outputs.result ? `, verdict ${run.outputs.result}` : '';
  say(`[fake GitHub] run ${run.runId} (PR #${run.prNumber}) completed: ${run.conclusion}${result}`);
  if (args.verbose) say(run.log);
}

let loop: Loop | null = null;
let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('\nStopping: runs, server, fake GitHub…');
    await loop?.close();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

say('Starting the sandbox: fake GitHub with acme/notebook, its runner, the server…');
try {
  loop = await startLoop({
    store,
    port,
    autoLogin: args.user,
    onRunEnd,
    logSink: { write: (line) => void (args.verbose && process.stderr.write(line)) },
  });
} catch (error) {
  const message =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `port ${port} is in use: pick another with --port N (or --port 0 for any free port)`
      : (error as Error).message;
  console.error(`The sandbox could not start: ${message}`);
  process.exit(1);
}

const mcpUrl = `${loop.url}/mcp`;
say(`
myfav-coworker sandbox is running.

  MCP server     ${mcpUrl}
  REST API       ${loop.url}/v1   (log in: open ${loop.url}/v1/auth/github)
  Fake GitHub    ${loop.github.url}   (signs everyone in as "${args.user}")
  Store          ${store.kind === 'memory' ? 'in memory' : store.kind === 'local-redis' ? `redis-server ${loop.redis?.url} behind the Upstash emulator` : 'Upstash'}

The demo repository ${DEMO_REPO} has two open PRs (the fake stands in for github.com):
${DEMO_PULLS.map((p) => `  ${loop!.prUrl(p.number)}   ${p.title}${p.variant === 'clean' ? ' (clean)' : ` (planted bug: ${p.variant})`}`).join('\n')}

Client config (Claude Desktop / Cursor "mcpServers"; VS Code .vscode/mcp.json uses "servers"):
${JSON.stringify({ mcpServers: { 'myfav-coworker-sandbox': { type: 'http', url: mcpUrl } } }, null, 2)}

Claude Code:  claude mcp add --transport http myfav-coworker-sandbox ${mcpUrl}
Then ask: "test ${loop.prUrl(2)}". The client opens a browser once to approve it.
Or run the included client:  npm run sandbox -- --demo
Ctrl-C stops everything.
`);

if (args.demo) {
  try {
    await demo(loop);
  } catch (error) {
    console.error(`The demo failed: ${(error as Error).message}`);
    await stop(1);
  }
  if (!args.keep) await stop(0);
}

/** The included client: logs in over OAuth, tests both PRs, prints what a user would see. */
async function demo(running: Loop): Promise<void> {
  say('[demo] Connecting the MCP SDK client and logging in through OAuth…');
  const { client } = await connectMcp(running.url);
  const { tools } = await client.listTools();
  say(`[demo] Logged in. Tools: ${tools.map((t) => t.name).join(', ')}`);

  const jobs = await Promise.all(
    DEMO_PULLS.map(async (pull) => {
      const { text, structured } = await callTool(client, 'simulate_pr', {
        pr_url: running.prUrl(pull.number),
      });
      say(`[demo] simulate_pr ${running.prUrl(pull.number)}\n${indent(text)}`);
      return { pull, jobId: (structured as { job: JobView }).job.job_id };
    }),
  );
  say('[demo] Waiting for the runs (the real action in real Chromium: about a minute)…');
  const done = await Promise.all(
    jobs.map(async (j) => ({ ...j, ...(await waitForJobMcp(client, j.jobId)) })),
  );
  for (const { pull, jobId, job, text } of done) {
    say(`\n======== PR #${pull.number}: ${pull.title} ========`);
    say(
      `[demo] get_simulation → ${job.status}${job.report ? `, ${job.report.result.toUpperCase()}` : ''}`,
    );
    say(indent(text));
    const comment = running.github.state
      .commentsOn(DEMO_REPO, pull.number)
      .find((c) => c.body.includes(COMMENT_MARKER));
    say(`\n[demo] The sticky comment on PR #${pull.number}:\n`);
    say(indent(comment?.body.replace(COMMENT_MARKER, '').trim() ?? '(none)'));
    if (job.status === 'completed') {
      const { text: report } = await callTool(client, 'get_report', { job_id: jobId });
      say(`\n[demo] get_report (markdown):\n`);
      say(indent(report));
    }
  }
  await client.close();
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
