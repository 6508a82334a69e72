/**
 * The official MCP conformance suite (`@modelcontextprotocol/conformance`, its own CLI) against
 * the real server, logged in for real: the MCP SDK's client logs in through the server's OAuth
 * and the fake GitHub, and the suite's client (which cannot log in) reaches the server through
 * a proxy that adds that token. Every scenario the suite lists is either run and must pass
 * every check, or named below with why it does not apply; a scenario a new version of the suite
 * adds fails the first test until it is put in one list or the other.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../server/store/memory-store.js';
import type { FakeGitHub } from '../../../fakes/github/server.js';
import { connectMcp } from '../../../harness/clients.js';
import { startGitHub, startServer, type RunningServer } from '../../../harness/server-harness.js';
import { node24 } from '../../action/action-runner.js';
import { startTokenProxy, type TokenProxy } from './token-proxy.js';

const exec = promisify(execFile);
// The package's `conformance` bin (it exports no module to resolve).
const CLI = fileURLToPath(
  new URL('../../../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url),
);

/** Scenarios that apply to this server: each must pass every check. */
const APPLICABLE = [
  'server-initialize',
  'ping',
  'tools-list',
  'tools-call-error', // an unknown tool is answered with isError and a message
  'dns-rebinding-protection',
  'resources-list', // the verdict card's page is the one resource
];

const NO_TEST_TOOL =
  'calls a test tool of the suite (test_*) that a production server does not have';
const NO_TEST_RESOURCE =
  "reads a test resource of the suite (test://…); the server's one resource is the verdict card";
const NO_STREAMS =
  'needs sessions and server-to-client streams; the server is stateless and answers each POST alone';

/** Scenarios that do not apply, with why. */
const NOT_APPLICABLE: Record<string, string> = {
  'logging-set-level': 'the server declares no logging capability',
  'completion-complete': 'the server has no prompts or resource templates to complete',
  'tools-call-simple-text': NO_TEST_TOOL,
  'tools-call-image': NO_TEST_TOOL,
  'tools-call-audio': NO_TEST_TOOL,
  'tools-call-embedded-resource': NO_TEST_TOOL,
  'tools-call-mixed-content': NO_TEST_TOOL,
  'tools-call-with-logging': `${NO_TEST_TOOL}, and the server declares no logging`,
  'tools-call-with-progress': `${NO_TEST_TOOL} (get_simulation's progress has its own test)`,
  'tools-call-sampling': 'the server never asks the client for sampling',
  'tools-call-elicitation': 'the server never asks the client for elicitation',
  'json-schema-2020-12': NO_TEST_TOOL,
  'elicitation-sep1034-defaults': 'the server never asks the client for elicitation',
  'elicitation-sep1330-enums': 'the server never asks the client for elicitation',
  'server-sse-polling': NO_STREAMS,
  'server-sse-multiple-streams': NO_STREAMS,
  'resources-read-text': NO_TEST_RESOURCE,
  'resources-read-binary': NO_TEST_RESOURCE,
  'resources-templates-read': NO_TEST_RESOURCE,
  'resources-subscribe':
    'the server offers no resource subscriptions (its one resource never changes)',
  'resources-unsubscribe':
    'the server offers no resource subscriptions (its one resource never changes)',
  'prompts-list': 'the server has no prompts',
  'prompts-get-simple': 'the server has no prompts',
  'prompts-get-with-args': 'the server has no prompts',
  'prompts-get-embedded-resource': 'the server has no prompts',
  'prompts-get-with-image': 'the server has no prompts',
};

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
}

let github: FakeGitHub;
let proxy: TokenProxy;
let server: RunningServer;
let node: string;

beforeAll(async () => {
  node = await node24(); // the suite needs Node 22 or later
  github = await startGitHub();
  proxy = await startTokenProxy();
  // The proxy is the server's public address: the token is issued for it.
  server = await startServer({ github, store: new MemoryStore(), env: { PUBLIC_URL: proxy.url } });
  proxy.target = { url: server.url, token: '' };
  github.state.oauthAutoLogin = 'alice';
  const { client, accessToken } = await connectMcp(proxy.url);
  await client.close();
  expect(accessToken).not.toBe('');
  proxy.target = { url: server.url, token: accessToken };
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await server?.close();
  await github?.close();
});

async function conformance(args: string[]): Promise<string> {
  const { stdout } = await exec(node, [CLI, ...args], { timeout: 60_000 });
  return stdout;
}

/** Runs one scenario against the server; its checks as the suite wrote them. */
async function runScenario(scenario: string): Promise<Check[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mfc-conformance-'));
  try {
    const url = `${proxy.url}/mcp`;
    await conformance(['server', '--url', url, '--scenario', scenario, '-o', dir]).catch(
      () => undefined, // a failing scenario exits non-zero; its checks say why
    );
    const files = (await readdir(dir, { recursive: true })).filter((f) =>
      f.endsWith('checks.json'),
    );
    expect(files, `${scenario} wrote no checks`).toHaveLength(1);
    return JSON.parse(await readFile(join(dir, files[0] ?? ''), 'utf8')) as Check[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the MCP conformance suite', () => {
  it('every scenario it lists is either run here or named with why it does not apply', async () => {
    const listed = [...(await conformance(['list', '--server'])).matchAll(/^\s+- (\S+)/gm)].map(
      (m) => m[1],
    );
    expect(listed.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual([...APPLICABLE, ...Object.keys(NOT_APPLICABLE)].sort());
  });

  it.each(APPLICABLE)('%s: every check passes', async (scenario) => {
    const checks = await runScenario(scenario);
    const graded = checks.filter((c) => c.status !== 'INFO');
    expect(graded.length).toBeGreaterThan(0);
    for (const check of graded) {
      expect({ id: check.id, status: check.status, why: check.errorMessage }).toEqual({
        id: check.id,
        status: 'SUCCESS',
        why: undefined,
      });
    }
  });
});
