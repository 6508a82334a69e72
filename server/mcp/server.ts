/**
 * The MCP endpoint: Streamable HTTP, stateless, so any instance can answer any call; the caller
 * is the user of the OAuth access token. A plain call of a read-only tool is answered on the fast
 * path (`fast-call.ts`); the SDK's McpServer and transport answer every other POST, built per
 * request because the SDK binds a server to one transport at a time; everything a
 * server is built from is made once per process (tools and their schemas, the JSON Schema
 * validator, the options).
 *
 * Two answers come before the SDK, where JSON-RPC 2.0 names an error the SDK does not give: an
 * empty batch is an invalid request (-32600; the SDK accepts it as "no requests", 202), and a
 * request whose params do not fit its method (judged by the SDK's own request schemas) is
 * invalid params (-32602; the SDK answers -32603, internal error).
 */
import { McpServer, type ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerOptions } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { ZodRawShape } from 'zod';
import { guarded, type ToolContext } from './context.js';
import { answerFastCall, fastCall } from './fast-call.js';
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

/** The methods this server answers, by the SDK's schema of their requests. */
const REQUEST_SCHEMAS = new Map<string, { safeParse(value: unknown): { success: boolean } }>([
  ['initialize', InitializeRequestSchema],
  ['ping', PingRequestSchema],
  ['tools/list', ListToolsRequestSchema],
  ['tools/call', CallToolRequestSchema],
]);

function jsonRpcError(status: number, id: unknown, code: number, message: string): Response {
  return Response.json({ jsonrpc: '2.0', id, error: { code, message } }, { status });
}

/** The JSON-RPC error for a message the SDK would answer other than JSON-RPC says, or null. */
function refuseBeforeSdk(message: unknown): Response | null {
  if (Array.isArray(message) && message.length === 0)
    return jsonRpcError(400, null, ErrorCode.InvalidRequest, 'Invalid Request: an empty batch');
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const { id, method } = message as { id?: unknown; method?: unknown };
  const schema = typeof method === 'string' ? REQUEST_SCHEMAS.get(method) : undefined;
  if (id === undefined || !schema || schema.safeParse(message).success) return null;
  return jsonRpcError(200, id, ErrorCode.InvalidParams, `Invalid params for ${String(method)}`);
}

/** An MCP POST's answer: the JSON-RPC response the fast path wrote, or the SDK's `Response`. */
export type McpAnswer = { json: string } | Response;

const TOOLS_BY_NAME: ReadonlyMap<string, McpTool> = new Map(TOOLS.map((t) => [t.name, t]));

/**
 * Answers one MCP POST whose body was read as `text`: a plain read-only tool call on the fast
 * path, other JSON by the SDK with the body parsed, anything else as it came, for the SDK's own
 * parse error.
 */
export async function handleMcpRequest(
  request: Request,
  text: string,
  ctx: ToolContext,
): Promise<McpAnswer> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    const { url, method, headers } = request;
    return handleWithSdk(new Request(url, { method, headers, body: text }), ctx);
  }
  const call = fastCall(request, message, TOOLS_BY_NAME);
  const json = call && (await answerFastCall(call, ctx));
  if (json) return { json };
  return refuseBeforeSdk(message) ?? handleWithSdk(request, ctx, message);
}

/** Answers one MCP HTTP request through the SDK; `parsedBody` when the body was read already. */
export async function handleWithSdk(
  request: Request,
  ctx: ToolContext,
  parsedBody?: unknown,
): Promise<Response> {
  // A JSON answer cannot carry notifications: a call that asks for progress gets an event
  // stream, which the SDK ends after the result.
  const stream = wantsProgress(parsedBody);
  const server = createMcpServer(ctx);
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
