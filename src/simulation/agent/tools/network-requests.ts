/** `network_requests`: requests that failed or answered 4xx/5xx so far, by step. */
import { z } from 'zod';
import { wrapUntrusted } from '../perception.js';
import { defineTool } from './tool.js';

export const networkRequestsTool = defineTool({
  name: 'network_requests',
  description:
    'Requests that failed or answered with an HTTP error (4xx/5xx) so far, with the step they happened at. A "success" message in the page does not mean the request behind it succeeded: check here.',
  kind: 'read',
  schema: z.object({}),
  target: (_input, ctx) => `network ${ctx.recorder.steps.length}`,
  async run(_input, ctx) {
    const lines: string[] = [];
    for (const { step, observation } of ctx.recorder.steps) {
      for (const n of observation.events.network) {
        const outcome =
          n.status !== null ? `HTTP ${n.status}` : `failed: ${n.failure ?? 'unknown'}`;
        lines.push(`step ${step.index} ${n.method} ${n.url} → ${outcome} (${n.resourceType})`);
      }
    }
    if (lines.length === 0) return { content: 'No failed requests so far.' };
    // URLs and failure texts come from the page: fenced like everything else it says.
    return { content: ctx.redact(wrapUntrusted(lines.slice(-40).join('\n'))) };
  },
});
