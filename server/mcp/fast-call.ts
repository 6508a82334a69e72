/**
 * The fast path of `/mcp`: a plain `tools/call` of a read-only tool (what a client polling for a
 * verdict sends, the server's common load) answered without building the SDK's server and
 * transport for the request. In `npm run bench:server` that build costs more CPU than the rest of
 * the request: measured back to back on one machine, a `get_simulation` read of a finished job
 * took 1,072–1,154 µs of server CPU through the SDK and 429–459 µs on this path (the route, auth
 * and rate limit included).
 *
 * It takes only what the MCP specification's Streamable HTTP transport says a server accepts and
 * nothing the SDK could answer otherwise: a POST whose Accept lists both `application/json` and
 * `text/event-stream`, a JSON body, a protocol version the SDK supports (or none), no session, and
 * one JSON-RPC request holding only a tool name and arguments that pass the tool's own input
 * schema. Anything else (initialize, tools/list, notifications, batches, progress tokens, tasks,
 * bad input, tools with side effects) goes to the SDK, whose answers stay its own. The result goes
 * on the wire as the SDK's `CallToolResultSchema` parses it. `tests/server/mcp-fast-call.test.ts`
 * holds the SDK as the oracle: every request it takes gets the SDK's own answer.
 */
import {
  CallToolResultSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { memoFrozen } from '../store/frozen.js';
import { guarded, type ToolContext } from './context.js';
import type { McpTool } from './tool.js';

/** A call the fast path answers. */
export interface FastCall {
  id: string | number;
  tool: McpTool;
  args: Record<string, unknown>;
}

const JSON_BODY = /^application\/json\s*(;|$)/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Headers any Streamable HTTP server accepts for a stateless JSON answer. */
function plainHeaders(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  const version = request.headers.get('mcp-protocol-version');
  return (
    request.method === 'POST' &&
    accept.includes('application/json') &&
    accept.includes('text/event-stream') &&
    JSON_BODY.test(request.headers.get('content-type') ?? '') &&
    (version === null || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) &&
    !request.headers.has('mcp-session-id')
  );
}

/** `{jsonrpc, id, method: 'tools/call', params: {name, arguments?}}` and nothing more. */
function plainToolCall(
  message: unknown,
  tools: ReadonlyMap<string, McpTool>,
): { id: string | number; tool: McpTool; raw: Record<string, unknown> } | null {
  if (!isRecord(message) || message.jsonrpc !== '2.0' || message.method !== 'tools/call') {
    return null;
  }
  const { id, params } = message;
  const validId = typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
  if (!validId || !isRecord(params) || Object.keys(message).length !== 4) return null;
  if (Object.keys(params).some((k) => k !== 'name' && k !== 'arguments')) return null;
  if (params.arguments !== undefined && !isRecord(params.arguments)) return null;
  const tool = typeof params.name === 'string' ? tools.get(params.name) : undefined;
  if (!tool?.config.annotations?.readOnlyHint) return null;
  return { id, tool, raw: params.arguments ?? {} };
}

/** The call in `message` when the fast path takes it, else null (the SDK answers). */
export function fastCall(
  request: Request,
  message: unknown,
  tools: ReadonlyMap<string, McpTool>,
): FastCall | null {
  if (!plainHeaders(request)) return null;
  const call = plainToolCall(message, tools);
  const args = call?.tool.input.safeParse(call.raw);
  if (!call || !args?.success) return null;
  return { id: call.id, tool: call.tool, args: args.data };
}

/**
 * A result as the SDK puts it on the wire (its `CallToolResultSchema` parse, as JSON), or null
 * when the SDK would refuse it. A frozen result (a finished job's) is checked and written once.
 */
const wireResult = memoFrozen((raw: CallToolResult): string | null => {
  const result = CallToolResultSchema.safeParse(raw);
  return result.success ? JSON.stringify(result.data) : null;
});

/**
 * Runs the call; the JSON-RPC response's text as the SDK's JSON mode writes it, or null when the
 * SDK would refuse the result (the tool is read-only, so the SDK may run it again).
 */
export async function answerFastCall(call: FastCall, ctx: ToolContext): Promise<string | null> {
  const result = wireResult(await guarded(ctx, () => call.tool.run(call.args, ctx)));
  if (result === null) return null;
  // The members in the order the SDK writes them: result, jsonrpc, id.
  return `{"result":${result},"jsonrpc":"2.0","id":${JSON.stringify(call.id)}}`;
}
