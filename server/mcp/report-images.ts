/**
 * The deciding pictures of a report as MCP content: for each picture the report lists under
 * `files.previews` and the server kept, its caption (run text, so fenced) and the JPEG as image
 * content a chat client shows. At most three, each already small (see artifact-reader.ts).
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Report } from '../../src/contract/index.js';
import { fenceUntrusted } from './untrusted.js';

type Content = CallToolResult['content'][number];

/** Caption and image content for each kept preview, in the report's order. */
export function previewContent(report: Report, kept: ReadonlyMap<string, Uint8Array>): Content[] {
  const out: Content[] = [];
  for (const preview of (report.files.previews ?? []).slice(0, 3)) {
    const data = kept.get(preview.path);
    if (!data) continue;
    out.push({
      type: 'text',
      text: `Picture ${preview.path}:\n${fenceUntrusted(preview.caption)}`,
    });
    out.push({ type: 'image', data: Buffer.from(data).toString('base64'), mimeType: 'image/jpeg' });
  }
  return out;
}
