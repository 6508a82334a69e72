/**
 * One MCP tool as data: its name, the config the SDK announces (schemas built once per process)
 * and its body. The SDK's McpServer registers it, and the fast `tools/call` path runs the same
 * body after the same input check, so both answer alike.
 */
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z, type ZodRawShape } from 'zod';
import type { ToolContext } from './context.js';

/** What the SDK announces for a tool. */
export interface ToolConfig<Shape extends ZodRawShape> {
  title: string;
  description: string;
  inputSchema: Shape;
  annotations?: ToolAnnotations;
}

/** A progress notification's content (MCP `notifications/progress`, without the token). */
export interface Progress {
  progress: number;
  total?: number;
  message?: string;
}

/** What a call brings besides its arguments; the fast path's calls bring nothing. */
export interface CallExtras {
  /** Sends a progress notification; present when the caller asked for them (a progress token). */
  progress?: (update: Progress) => Promise<void>;
}

/** A tool, its argument type erased so tools of different shapes sit in one list. */
export interface McpTool {
  name: string;
  config: ToolConfig<ZodRawShape>;
  /** The input check the SDK applies (`z.object` of the raw shape: unknown keys dropped). */
  input: z.ZodType<Record<string, unknown>>;
  /** The body, given arguments that passed `input`. */
  run(
    args: Record<string, unknown>,
    ctx: ToolContext,
    extras?: CallExtras,
  ): Promise<CallToolResult>;
}

/** Defines a tool whose body sees its arguments typed by the input schema. */
export function defineTool<Shape extends ZodRawShape>(
  name: string,
  config: ToolConfig<Shape>,
  run: (
    args: z.infer<z.ZodObject<Shape>>,
    ctx: ToolContext,
    extras?: CallExtras,
  ) => Promise<CallToolResult>,
): McpTool {
  const input = z.object(config.inputSchema);
  return {
    name,
    config,
    input: input as unknown as z.ZodType<Record<string, unknown>>,
    run: (args, ctx, extras) => run(args as z.infer<z.ZodObject<Shape>>, ctx, extras),
  };
}
