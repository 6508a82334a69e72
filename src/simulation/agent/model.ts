/**
 * The Model port: what the agent loop needs from a language model, in our own types so the loop,
 * its tests and the providers never see an SDK type. `models/` holds the adapters (the only
 * importers of Anthropic's SDKs): the Anthropic API, Amazon Bedrock and Google Vertex AI.
 */

/** Plain text. `cache` marks the end of a prefix worth caching (system prompt, PR context). */
export interface TextBlock {
  type: 'text';
  text: string;
  cache?: boolean;
}

/** The model asks for a tool to run. `input` is untrusted until the tool's schema parses it. */
export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

/** What a tool answered; `isError` tells the model the call failed (the run goes on). */
export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string;
  isError?: boolean;
  /** Images shown with the text (a screenshot the model asked for), base64. */
  images?: Array<{ mediaType: 'image/jpeg' | 'image/png'; data: string }>;
}

export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

export interface ModelMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** A tool as the model sees it: a JSON schema made from the tool's zod schema. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** A block of the conversation: `messages[message].content[block]`. */
export interface BlockRef {
  message: number;
  block: number;
}

export interface ModelRequest {
  system: TextBlock[];
  tools: ToolSpec[];
  messages: ModelMessage[];
  /**
   * Ends of conversation prefixes that later requests will send unchanged (the harness knows
   * which blocks it may still rewrite), worth a cache breakpoint each; oldest first.
   */
  cacheAfter?: BlockRef[];
  maxOutputTokens: number;
  /** Force one tool (e.g. `finish` when the step budget is spent); default: the model chooses. */
  forceTool?: string;
  /** Aborts the call (wall-clock budget). */
  signal?: AbortSignal;
}

/** Tokens of one call; cache reads and writes are counted apart because they are priced apart. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface ModelResponse {
  /** The model id that answered (may be more specific than the one asked for). */
  model: string;
  content: (TextBlock | ToolUseBlock)[];
  stopReason: 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'other';
  usage: TokenUsage;
}

/** A language model with tool use. Retries and timeouts are the adapter's business. */
export interface Model {
  /** The configured model id (used for pricing and the report). */
  readonly id: string;
  complete(request: ModelRequest): Promise<ModelResponse>;
}

/** Why a model call failed, so the loop can end the run with the right stop reason. */
export type ModelErrorKind =
  'timeout' | 'aborted' | 'rate-limited' | 'overloaded' | 'auth' | 'other';

/** A model call that failed after the adapter's own retries. The message never holds the key. */
export class ModelError extends Error {
  override name = 'ModelError';
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Adds `b` into `a` (totals over a run). */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

export const ZERO_USAGE: TokenUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
};
