/**
 * The MCP endpoint: Streamable HTTP, stateless, so any instance can answer any call; the caller
 * is the user of the OAuth access token.
 *
 * A plain `tools/call` (the hot path: clients poll `get_simulation`) is answered by
 * `fast-call.ts` from the same tool definitions; everything else (initialize, tools/list,
 * notifications, batches, malformed or unusual requests) goes to the SDK's McpServer and
 * transport, built per request because the SDK binds a server to one transport at a time.
 * Everything a server is built from is made once per process (tools and their schemas, the
 * JSON Schema validator, the options).
 */
import { McpServer, type ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerOptions } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { ZodRawShape } from 'zod';
import { guarded, type ToolContext } from './context.js';
import { readCall, answerCall } from './fast-call.js';
import type { CallExtras, McpTool } from './tool.js';
import { getReport } from './tools/get-report.js';
import { getSimulation } from './tools/get-simulation.js';
import { listSimulations } from './tools/list-simulations.js';
import { setupRepo } from './tools/setup-repo.js';
import { simulatePr } from './tools/simulate-pr.js';
import { UNTRUSTED_NOTE } from './untrusted.js';
import { CARD_TOOLS, registerCardResource, registerCardTool } from './verdict-card/register.js';

/** The server version announced to clients. */
export const SERVER_VERSION = '0.1.0';

const SERVER_INFO = { name: 'myfav-coworker', version: SERVER_VERSION };

// Without a validator the SDK builds a new Ajv instance per server, i.e. per request; one Ajv
// serves every server (it is only used to check elicitation answers, which we never request).
const SERVER_OPTIONS: ServerOptions = {
  instructions: `QA for pull requests: simulate_pr starts a run in the repo's GitHub Actions; get_simulation (wait_seconds) returns the verdict; get_report gives the full report; setup_repo checks a repo is ready. ${UNTRUSTED_NOTE}`,
  jsonSchemaValidator: new AjvJsonSchemaValidator(),
};

/** Every tool, in the order `tools/list` announces them. */
export const TOOLS: readonly McpTool[] = [
  simulatePr,
  getSimulation,
  listSimulations,
  getReport,
  setupRepo,
];

const BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));

/** Builds an MCP server with every tool, for one caller. */
export function createMcpServer(ctx: ToolContext): McpServer {
  const server = new McpServer(SERVER_INFO, SERVER_OPTIONS);
  for (const tool of TOOLS) {
    const callback = (args: Record<string, unknown>, extra: RequestExtra) =>
      guarded(ctx, () => tool.run(args, ctx, callExtras(extra)));
    if (CARD_TOOLS.has(tool.name)) registerCardTool(server, tool, callback);
    else server.registerTool(tool.name, tool.config, callback);
  }
  registerCardResource(server);
  return server;
}

type RequestExtra = Parameters<ToolCallback<ZodRawShape>>[1];

/** A progress sender when the call carries a progress token. */
function callExtras(extra: RequestExtra): CallExtras {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return {};
  return {
    progress: (update) =>
      extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken, ...update },
      }),
  };
}

/** True for a single `tools/call` whose caller asked for progress notifications. */
function wantsProgress(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { method, params } = body as { method?: unknown; params?: { _meta?: unknown } };
  const meta = typeof params === 'object' && params !== null ? params._meta : undefined;
  return (
    method === 'tools/call' &&
    typeof meta === 'object' &&
    meta !== null &&
    (meta as { progressToken?: unknown }).progressToken !== undefined
  );
}

/** The JSON body of a request not read yet, read from a copy (the SDK reads the original). */
async function peekJson(request: Request): Promise<unknown> {
  if (request.method !== 'POST' || !request.body) return undefined;
  try {
    return JSON.parse(await request.clone().text()) as unknown;
  } catch {
    return undefined; // The SDK reads it again and answers the parse error itself.
  }
}

/** `response` whose body, once fully sent, closes `server`. */
function closingWhenSent(response: Response, server: McpServer): Response {
  if (!response.body) {
    void server.close();
    return response;
  }
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({ flush: () => void server.close() }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
}

/** Answers one MCP HTTP request through the SDK; `parsedBody` when the body was read already. */
export async function handleWithSdk(
  request: Request,
  ctx: ToolContext,
  parsedBody?: unknown,
): Promise<Response> {
  const server = createMcpServer(ctx);
  // A JSON answer cannot carry notifications: a call that asks for progress gets an event
  // stream, which the SDK ends after the result.
  const stream = wantsProgress(parsedBody ?? (await peekJson(request)));
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: !stream,
  });
  await server.connect(transport);
  let response: Response | undefined;
  try {
    response = await transport.handleRequest(
      request,
      parsedBody === undefined ? undefined : { parsedBody },
    );
    return stream ? closingWhenSent(response, server) : response;
  } finally {
    // JSON responses are complete here; release the per-request server.
    if (!stream || !response) void server.close();
  }
}

/** Answers one MCP HTTP request. */
export async function handleMcpRequest(request: Request, ctx: ToolContext): Promise<Response> {
  const read = await readCall(request, BY_NAME);
  if (read.kind === 'sdk') return handleWithSdk(read.request, ctx, read.parsedBody);
  return answerCall(read, ctx, () => handleWithSdk(request, ctx, read.body));
}
