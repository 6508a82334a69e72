/**
 * The two ways a user reaches the server, as real clients: the MCP SDK's client logging in
 * through the server's OAuth (discovery, registration, PKCE, consent, GitHub login), and a REST
 * client holding the session JWT of the `/v1/auth/github` flow. Shared by the end-to-end tests
 * and the sandbox's demo.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { MemoryOAuthProvider, OAUTH_REDIRECT as REDIRECT } from './memory-oauth-provider.js';
import { Browser } from './server-harness.js';
import { checkRestResponse } from './rest-contract.js';

const randomState = `st-${Math.random().toString(36).slice(2)}`;

/**
 * Connects the MCP SDK client to `${serverUrl}/mcp`, logging in as the fake GitHub's
 * auto-approved user: the first connect is refused (401), the client's browser follows the
 * authorization URL (consent approved, GitHub login), and the code is exchanged with PKCE.
 * Also returns the access token (the bench calls `/mcp` with it directly).
 */
export async function connectMcp(
  serverUrl: string,
): Promise<{ client: Client; accessToken: string; clientId: string }> {
  const provider = new MemoryOAuthProvider('myfav-coworker sandbox client', randomState);
  const mcpUrl = new URL(`${serverUrl}/mcp`);
  const first = new Client({ name: 'myfav-coworker-e2e', version: '1.0.0' });
  try {
    await first.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
    throw new Error('the server accepted an MCP client that never logged in');
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  if (!provider.authUrl) throw new Error('the server did not ask the client to authorize');
  const { url } = await new Browser().follow(provider.authUrl, REDIRECT, 'approve');
  if (url?.searchParams.get('state') !== randomState) {
    throw new Error('the authorization did not come back to the client with its state');
  }
  const transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
  await transport.finishAuth(url.searchParams.get('code') ?? '');
  const client = new Client({ name: 'myfav-coworker-e2e', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    accessToken: provider.saved?.access_token ?? '',
    clientId: provider.clientInformation()?.client_id ?? '',
  };
}

/** The job as MCP's `get_simulation` / `simulate_pr` return it (structured content). */
export interface JobView {
  job_id: string;
  status: 'pending' | 'running' | 'completed' | 'failed';
  pr_url: string;
  error: string | null;
  run_url: string | null;
  artifact_url: string | null;
  report: {
    result: string;
    summary: string;
    findings: number;
    criteria: { pass: number; fail: number; other: number };
  } | null;
}

/** Calls a tool; throws with the tool's text when it answered `isError`. */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  options?: RequestOptions,
): Promise<{ text: string; structured: Record<string, unknown> | undefined }> {
  const result = await client.callTool({ name, arguments: args }, undefined, options);
  const text = (result.content as { type: string; text?: string }[])
    .map((c) => c.text ?? '')
    .join('\n');
  if (result.isError) throw new Error(`${name} failed: ${text}`);
  return { text, structured: result.structuredContent as Record<string, unknown> | undefined };
}

/** The job status a `get_simulation` progress message tells (`Job …: running, 12s since …`). */
const PROGRESS_STATUS: Record<string, string> = {
  queued: 'pending',
  running: 'running',
  'finished (completed)': 'completed',
  'finished (failed)': 'failed',
};

/**
 * Calls `get_simulation` with `wait_seconds` until the job ends or `timeoutMs` passes; returns
 * the final job and every status seen on the way: in the answers, and in the progress
 * notifications the waits send (so a run shorter than one wait is still seen running).
 * `onStatus` hears each status as it is seen.
 */
export async function waitForJobMcp(
  client: Client,
  jobId: string,
  timeoutMs = 280_000,
  onStatus?: (status: string) => void,
): Promise<{ job: JobView; seen: string[]; text: string }> {
  const deadline = Date.now() + timeoutMs;
  const seen: string[] = [];
  const see = (status: string) => {
    if (seen.at(-1) !== status) seen.push(status);
    onStatus?.(status);
  };
  const onprogress = ({ message }: Progress) => {
    const phase = /^Job \S+: (.+?), /.exec(message ?? '')?.[1];
    const status = phase && PROGRESS_STATUS[phase];
    if (status) see(status);
  };
  for (;;) {
    const args = { job_id: jobId, wait_seconds: 20 };
    const { text, structured } = await callTool(client, 'get_simulation', args, { onprogress });
    const job = (structured as { job: JobView }).job;
    see(job.status);
    if (job.status === 'completed' || job.status === 'failed') return { job, seen, text };
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}: ${text}`);
  }
}

/** Logs in through `/v1/auth/github` (the fake GitHub approves at once); the session JWT. */
export async function restLogin(serverUrl: string): Promise<string> {
  const { last } = await new Browser().follow(`${serverUrl}/v1/auth/github`, 'never:');
  if (last.status !== 200) throw new Error(`login failed: ${last.status} ${await last.text()}`);
  return ((await last.json()) as { token: string }).token;
}

/** A JSON call to the REST API with the session token. */
export async function rest(
  serverUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${serverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  // Every answer of the REST API is checked against the OpenAPI document it publishes.
  await checkRestResponse(serverUrl, method, path, res.status, parsed);
  return { status: res.status, body: parsed ?? {} };
}

/** Polls `GET /v1/simulations/{id}` every second until the job ends. */
export async function waitForJobRest(
  serverUrl: string,
  token: string,
  jobId: string,
  timeoutMs = 280_000,
): Promise<{ job: Record<string, unknown>; seen: string[] }> {
  const deadline = Date.now() + timeoutMs;
  const seen: string[] = [];
  for (;;) {
    const { status, body } = await rest(serverUrl, token, 'GET', `/v1/simulations/${jobId}`);
    if (status !== 200)
      throw new Error(`GET /v1/simulations/${jobId}: ${status} ${JSON.stringify(body)}`);
    seen.push(String(body.status));
    if (body.status === 'completed' || body.status === 'failed') return { job: body, seen };
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${String(body.status)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
