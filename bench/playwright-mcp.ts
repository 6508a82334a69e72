/**
 * Playwright MCP (`@playwright/mcp`, pinned in package-lock.json) as the peer the observe bench
 * measures against: started over stdio with Debian's Chromium, driven by the real MCP SDK client.
 * Each call returns the text the model would be shown (all text content of the tool result) and
 * its wall time (action + the snapshot Playwright MCP attaches to it).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** One tool call as the model sees it. */
export interface PeerStep {
  text: string;
  ms: number;
}

/** A running Playwright MCP server and its client. */
export interface PlaywrightMcp {
  call(tool: string, args: Record<string, unknown>): Promise<PeerStep>;
  version: string;
  close(): Promise<void>;
}

function cliPath(): { cli: string; version: string } {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@playwright/mcp/package.json');
  const { version } = require(manifest) as { version: string };
  return { cli: join(dirname(manifest), 'cli.js'), version };
}

/** Starts Playwright MCP headless, isolated (profile in memory), with `/usr/bin/chromium`. */
export async function startPlaywrightMcp(extraArgs: string[] = []): Promise<PlaywrightMcp> {
  const { cli, version } = cliPath();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [
      cli,
      '--headless',
      '--isolated',
      '--no-sandbox',
      '--executable-path',
      '/usr/bin/chromium',
      '--viewport-size',
      '1280,800',
      ...extraArgs,
    ],
    stderr: 'ignore',
  });
  const client = new Client({ name: 'myfav-coworker-bench', version: '0.0.0' });
  await client.connect(transport);
  return {
    version,
    async call(tool, args) {
      const started = performance.now();
      const result = await client.callTool({ name: tool, arguments: args });
      const ms = performance.now() - started;
      const content = (result.content ?? []) as { type: string; text?: string }[];
      const text = content
        .filter((c) => c.type === 'text')
        .map((c) => c.text ?? '')
        .join('\n');
      if (result.isError) throw new Error(`Playwright MCP ${tool} failed: ${text.slice(0, 300)}`);
      return { text, ms };
    },
    async close() {
      await client.close();
    },
  };
}
