/**
 * The verdict card as MCP Apps declares it: a `ui://` resource holding the card's page, and the
 * tools whose results it shows (`simulate_pr`, `get_simulation`, `get_report`) pointing at it in
 * their `_meta`. Hosts without MCP Apps ignore both and show the tools' text as before.
 */
import {
  RESOURCE_MIME_TYPE,
  registerAppResource,
  registerAppTool,
} from '@modelcontextprotocol/ext-apps/server';
import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ZodRawShape } from 'zod';
import type { McpTool } from '../tool.js';
import { CARD_HTML } from './card-view.js';

/** Where hosts read the card. */
export const CARD_URI = 'ui://myfav-coworker/verdict-card.html';

/** The tools whose results the card shows. */
export const CARD_TOOLS: ReadonlySet<string> = new Set([
  'simulate_pr',
  'get_simulation',
  'get_report',
]);

// The card loads nothing from anywhere: no domains to declare for connections or resources.
const UI_META = { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } };

/** Registers `tool` with the card as its UI. */
export function registerCardTool(
  server: McpServer,
  tool: McpTool,
  callback: ToolCallback<ZodRawShape>,
): void {
  registerAppTool(
    server,
    tool.name,
    { ...tool.config, _meta: { ui: { resourceUri: CARD_URI } } },
    callback as never,
  );
}

/** Registers the card's page. */
export function registerCardResource(server: McpServer): void {
  registerAppResource(
    server,
    'Verdict card',
    CARD_URI,
    { description: 'The verdict of a pull request simulation, as a card.', _meta: UI_META },
    () => ({
      contents: [{ uri: CARD_URI, mimeType: RESOURCE_MIME_TYPE, text: CARD_HTML, _meta: UI_META }],
    }),
  );
}
