/**
 * The Messages API side of the Model port, shared by the three providers' clients (Anthropic,
 * Amazon Bedrock, Google Vertex AI all speak it through Anthropic's own SDKs): the request built
 * from our types, the answer read back, SDK errors mapped to the port's kinds.
 *
 * Retries are the SDK's (429, 408/409, 5xx and 529 overloaded, exponential backoff honouring
 * `retry-after`); we only configure how many and the per-attempt timeout.
 *
 * Prompt caching (https://platform.claude.com/docs/en/build-with-claude/prompt-caching): at most
 * four breakpoints; a breakpoint writes one cache entry, the prefix ending at its block, and a
 * later request hits an entry only at one of its own breakpoints or at most 20 blocks before one.
 * So the breakpoints are: the system prompt (the prefix runs tools, then system, so this caches
 * the tool list too); the tail, on the newest block, which the next request finds within its
 * lookback; and the request's `cacheAfter` marks, the last blocks the harness will never rewrite
 * (it elides old page views), so a request that rewrites history still reads everything before
 * the rewrite. Spare slots go to flagged message blocks, then the last tool.
 */
import type Anthropic from '@anthropic-ai/sdk';
import {
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
} from '@anthropic-ai/sdk';
import type {
  ContentBlock,
  Model,
  ModelRequest,
  ModelResponse,
  TextBlock,
  ToolUseBlock,
} from '../model.js';
import { ModelError } from '../model.js';

/**
 * Current, non-deprecated (per the SDK's own deprecation list in 1.13) and with a published price,
 * so a run's cost can be estimated out of the box. Override with `model` / `--model`.
 */
export const DEFAULT_MODEL = 'claude-sonnet-4-6';

/** What every provider's client offers: the Messages API's `create`. */
export interface MessagesClient {
  messages: Pick<Anthropic['messages'], 'create'>;
}

/**
 * A Model over any of the three clients; `id` is the provider's own model id. `bodyExtras` are
 * added to every request body (the API version Bedrock and Vertex read from the body).
 */
export function messagesModel(
  id: string,
  client: MessagesClient,
  bodyExtras: Record<string, string> = {},
): Model {
  return {
    id,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      try {
        const message = (await client.messages.create(
          { ...toParams(id, request), ...bodyExtras },
          request.signal ? { signal: request.signal } : undefined,
        )) as Anthropic.Messages.Message;
        return fromMessage(message);
      } catch (error) {
        throw toModelError(error);
      }
    },
  };
}

/** The request in the API's shape, with the cache breakpoints described above. */
export function toParams(
  id: string,
  request: ModelRequest,
): Anthropic.Messages.MessageCreateParamsNonStreaming {
  const plan = breakpointsOf(request);
  return {
    model: id,
    max_tokens: request.maxOutputTokens,
    system: request.system.map((block) => toTextParam(block, !!block.cache)),
    tools: request.tools.map((tool, i) => ({
      name: tool.name,
      description: tool.description,
      input_schema: tool.inputSchema as Anthropic.Messages.Tool.InputSchema,
      ...(i === request.tools.length - 1 && plan.lastTool ? { cache_control: EPHEMERAL } : {}),
    })),
    messages: request.messages.map((m, i) => ({
      role: m.role,
      content: m.content.map((block, j) => {
        const param = toContentParam(block);
        return plan.blocks.has(`${i}:${j}`)
          ? ({ ...param, cache_control: EPHEMERAL } as typeof param)
          : param;
      }),
    })),
    ...(request.forceTool
      ? { tool_choice: { type: 'tool' as const, name: request.forceTool } }
      : {}),
  };
}

/** The API refuses a request with more than four blocks marked `cache_control`. */
const MAX_BREAKPOINTS = 4;

/**
 * Which message blocks carry a breakpoint, and whether the last tool does: the system prompt's
 * flags first, then the tail, the `cacheAfter` marks (newest first), flagged message blocks,
 * and the last tool while slots remain.
 */
function breakpointsOf(request: ModelRequest): { blocks: Set<string>; lastTool: boolean } {
  let free = MAX_BREAKPOINTS - request.system.filter((b) => b.cache).length;
  const blocks = new Set<string>();
  const add = (message: number, block: number): void => {
    const key = `${message}:${block}`;
    const exists = (request.messages[message]?.content.length ?? 0) > block && block >= 0;
    if (free > 0 && exists && !blocks.has(key)) {
      blocks.add(key);
      free--;
    }
  };
  const last = request.messages.length - 1;
  add(last, (request.messages[last]?.content.length ?? 0) - 1);
  for (const mark of [...(request.cacheAfter ?? [])].reverse()) add(mark.message, mark.block);
  request.messages.forEach((m, i) =>
    m.content.forEach((b, j) => {
      if (b.type === 'text' && b.cache) add(i, j);
    }),
  );
  return { blocks, lastTool: free > 0 && request.tools.length > 0 };
}

function fromMessage(message: Anthropic.Messages.Message): ModelResponse {
  const content: (TextBlock | ToolUseBlock)[] = [];
  for (const block of message.content) {
    if (block.type === 'text') content.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use')
      content.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
  }
  const usage = message.usage;
  return {
    model: message.model,
    content,
    stopReason: stopReasonOf(message.stop_reason),
    usage: {
      inputTokens: usage.input_tokens ?? 0,
      outputTokens: usage.output_tokens ?? 0,
      cacheReadTokens: usage.cache_read_input_tokens ?? 0,
      cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
    },
  };
}

const EPHEMERAL = { type: 'ephemeral' as const };

function toTextParam(block: TextBlock, mark = false): Anthropic.Messages.TextBlockParam {
  return { type: 'text', text: block.text, ...(mark ? { cache_control: EPHEMERAL } : {}) };
}

function toContentParam(block: ContentBlock): Anthropic.Messages.ContentBlockParam {
  switch (block.type) {
    case 'text':
      return toTextParam(block);
    case 'tool_use':
      return {
        type: 'tool_use',
        id: block.id,
        name: block.name,
        input: (block.input ?? {}) as Record<string, unknown>,
      };
    case 'tool_result':
      return {
        type: 'tool_result',
        tool_use_id: block.toolUseId,
        content: block.images?.length
          ? [
              { type: 'text', text: block.content },
              ...block.images.map((image) => ({
                type: 'image' as const,
                source: { type: 'base64' as const, media_type: image.mediaType, data: image.data },
              })),
            ]
          : block.content,
        ...(block.isError ? { is_error: true } : {}),
      };
  }
}

function stopReasonOf(reason: string | null): ModelResponse['stopReason'] {
  switch (reason) {
    case 'end_turn':
    case 'tool_use':
    case 'max_tokens':
    case 'stop_sequence':
    case 'refusal':
      return reason;
    default:
      return 'other';
  }
}

/** Maps SDK errors to the port's kinds; the message names the status, never the request. */
export function toModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof APIConnectionTimeoutError)
    return new ModelError('timeout', 'The model did not answer in time (after retries).');
  if (error instanceof APIUserAbortError)
    return new ModelError('aborted', 'The model call was cancelled (time budget).');
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError)
    return new ModelError(
      'auth',
      `The model API refused the key (HTTP ${error.status}).`,
      error.status,
    );
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : undefined;
    if (status === 429)
      return new ModelError(
        'rate-limited',
        'The model API kept rate-limiting (HTTP 429) after retries.',
        429,
      );
    if (status === 529)
      return new ModelError(
        'overloaded',
        'The model API stayed overloaded (HTTP 529) after retries.',
        529,
      );
    return new ModelError('other', `The model API failed: ${error.message}`, status);
  }
  // An abort from our own signal can surface as a DOMException-like AbortError.
  if (error instanceof Error && error.name === 'AbortError')
    return new ModelError('aborted', 'The model call was cancelled (time budget).');
  return new ModelError(
    'other',
    `The model call failed: ${(error as Error)?.message ?? String(error)}`,
  );
}
