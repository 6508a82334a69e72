/**
 * The Streamable HTTP transport requires a server to refuse a request whose `Origin` header is
 * present and not allowed (403), against DNS rebinding and drive-by pages. Desktop clients send
 * no Origin and pass; browser-based clients must be on the allow-list.
 */
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.js';
import type { AppEnv } from '../context.js';
import { refusal } from '../errors.js';

/** The origins `/mcp` accepts: our own, and `MCP_ALLOWED_ORIGINS`. */
export function allowedMcpOrigins(config: Config): string[] {
  return [new URL(config.publicUrl).origin, ...config.mcpAllowedOrigins];
}

/** 403 with a JSON error for a present, foreign Origin. */
export function requireAllowedOrigin(config: Config) {
  const allowed = new Set(allowedMcpOrigins(config));
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      throw refusal(
        403,
        'forbidden_origin',
        `Origin ${origin.slice(0, 200)} may not call /mcp; the server's operator can add it to MCP_ALLOWED_ORIGINS.`,
      );
    }
    await next();
  });
}
