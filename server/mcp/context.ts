/** What every MCP tool gets: the caller, the job service, a logger. */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { JobService } from '../jobs/service.js';
import type { User } from '../jobs/model.js';
import type { Logger } from '../logger.js';

export interface ToolContext {
  user: User;
  jobs: JobService;
  log: Logger;
  config: Config;
}

/** A successful result: a text for the model, and the same data as structured content. */
export function ok(text: string, data?: Record<string, unknown>): CallToolResult {
  return {
    content: [{ type: 'text', text }],
    ...(data ? { structuredContent: data } : {}),
  };
}

/** Runs a tool body; user errors come back as tool errors with their message (not a crash). */
export async function guarded(
  ctx: ToolContext,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof AppError) {
      return { isError: true, content: [{ type: 'text', text: error.message }] };
    }
    ctx.log.error({ err: error }, 'tool failed');
    return {
      isError: true,
      content: [{ type: 'text', text: 'The server failed unexpectedly; try again.' }],
    };
  }
}
