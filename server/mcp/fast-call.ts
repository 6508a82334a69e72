/**
 * The fast path of `/mcp`: a plain `tools/call` of a read-only tool, answered without building
 * the SDK's McpServer and transport for the request (about 80% of an MCP read's CPU time).
 *
 * It answers only what the SDK would answer with the tool's result, and answers it as the SDK
 * does: the transport's header checks (Accept, Content-Type, protocol version, no session), a
 * single JSON-RPC request with nothing but a tool name and arguments, the tool's own input
 * schema, and the result checked against the SDK's `CallToolResultSchema`, whose parse is what
 * goes on the wire. Anything else (initialize, tools/list, notifications, batches, progress
 * tokens or tasks, bad input, tools with side effects) goes to the SDK with the body already
 * read, so its errors and behaviour stay the SDK's own.
 */
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import {
  CallToolResultSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { memoFrozen } from '../store/frozen.js';
import { guarded, type ToolContext } from './context.js';
import type { McpTool } from './tool.js';

/** A call the fast path answers. */
export interface FastCall {
  kind: 'call';
  id: string | number;
  tool: McpTool;
  args: Record<string, unknown>;
  /** The parsed JSON-RPC message, for the SDK should the result need it. */
  body: unknown;
}

/** A request for the SDK, with its body when it was read. */
export interface SdkRequest {
  kind: 'sdk';
  request: Request;
  parsedBody?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The transport checks a POST must pass before its body is read, as the SDK makes them. */
function headersPass(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  const version = request.headers.get('mcp-protocol-version');
  return (
    request.method === 'POST' &&
    accept.includes('application/json') &&
    accept.includes('text/event-stream') &&
    isJsonContentType(request.headers.get('content-type')) &&
    (version === null || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) &&
    !request.headers.has('mcp-session-id')
  );
}

/** `{jsonrpc, id, method: 'tools/call', params: {name, arguments?}}` and nothing more. */
function plainToolCall(
  body: unknown,
  tools: ReadonlyMap<string, McpTool>,
): { id: string | number; tool: McpTool; raw: Record<string, unknown> } | null {
  if (!isRecord(body) || body.jsonrpc !== '2.0' || body.method !== 'tools/call') return null;
  const { id, params } = body;
  const validId = typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
  if (!validId || !isRecord(params) || Object.keys(body).length !== 4) return null;
  const keys = Object.keys(params);
  if (keys.some((k) => k !== 'name' && k !== 'arguments')) return null;
  if (params.arguments !== undefined && !isRecord(params.arguments)) return null;
  const tool = typeof params.name === 'string' ? tools.get(params.name) : undefined;
  if (!tool?.config.annotations?.readOnlyHint) return null;
  return { id, tool, raw: params.arguments ?? {} };
}

/**
 * Reads an MCP request: a fast call when it is one, otherwise what the SDK needs to answer it.
 * Only the body is consumed, once.
 */
export async function readCall(
  request: Request,
  tools: ReadonlyMap<string, McpTool>,
): Promise<FastCall | SdkRequest> {
  if (!headersPass(request)) return { kind: 'sdk', request };
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // The SDK answers a parse error; it reads the body itself, so it gets it back.
    const again = new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body: text,
    });
    return { kind: 'sdk', request: again };
  }
  const call = plainToolCall(body, tools);
  const args = call?.tool.input.safeParse(call.raw);
  if (!call || !args?.success) return { kind: 'sdk', request, parsedBody: body };
  return { kind: 'call', id: call.id, tool: call.tool, args: args.data, body };
}

/**
 * A result as the SDK puts it on the wire (its `CallToolResultSchema` parse, as JSON), or null
 * when the SDK would refuse it. A frozen result (a finished job's) is checked and serialized once.
 */
const wireResult = memoFrozen((raw: CallToolResult): string | null => {
  const result = CallToolResultSchema.safeParse(raw);
  return result.success ? JSON.stringify(result.data) : null;
});

/**
 * Runs the call and answers it as the SDK's JSON response mode does; a
 * result the SDK would refuse goes back through the SDK (the tool is read-only, so running it
 * again is harmless).
 */
export async function answerCall(
  call: FastCall,
  ctx: ToolContext,
  viaSdk: () => Promise<Response>,
): Promise<Response> {
  const result = wireResult(await guarded(ctx, () => call.tool.run(call.args, ctx)));
  if (result === null) return viaSdk();
  // The members in the order the SDK writes them: result, jsonrpc, id.
  return new Response(`{"result":${result},"jsonrpc":"2.0","id":${JSON.stringify(call.id)}}`, {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}
