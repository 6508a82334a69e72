/**
 * Keeps the conversation small: page views older than the newest full view are replaced by a
 * one-line stub (diffs after it stay, since they apply to it). Once elided, always elided, so
 * the conversation only changes at its tail, which is what prompt caching needs.
 */
import type { TextBlock, ToolResultBlock } from './model.js';

/** One tool_result (or the first page view) holding a page view, for eliding it later. */
export interface ViewSlot {
  block: ToolResultBlock | TextBlock;
  kind: 'full' | 'diff' | 'same';
  step: number | null;
}

/** Elides every view before the newest full one, and forgets them. */
export function elideOldViews(views: ViewSlot[]): void {
  let lastFull = -1;
  for (let i = views.length - 1; i >= 0; i--) {
    if ((views[i] as ViewSlot).kind === 'full') {
      lastFull = i;
      break;
    }
  }
  for (let i = 0; i < lastFull; i++) {
    const slot = views[i] as ViewSlot;
    const stub = `[Page view${slot.step ? ` after step ${slot.step}` : ''} elided: the page has changed since; the newest view is current.]`;
    const head = firstLines(slot.block.type === 'text' ? slot.block.text : slot.block.content);
    if (slot.block.type === 'text') slot.block.text = `${head}\n${stub}`;
    else slot.block.content = `${head}\n${stub}`;
  }
  views.splice(0, Math.max(0, lastFull));
}

/** The step line and URL of a tool result, kept when its page view is elided. */
function firstLines(text: string): string {
  const cut = text.indexOf('<page_content>');
  const head = cut >= 0 ? text.slice(0, cut) : text.split('\n').slice(0, 2).join('\n');
  return head.trimEnd();
}
