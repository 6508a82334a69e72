/**
 * Keeps the conversation small: page views older than the newest full view are replaced by a
 * one-line stub (diffs after it stay, since they apply to it). Once elided, always elided.
 *
 * Eliding rewrites earlier messages, which breaks the prompt cache from the first rewritten
 * block on. `CacheMarks` says where the conversation can no longer change (just before the
 * oldest view that may still be elided), so a cache entry is written there before the rewrite
 * and read back after it.
 */
import type { BlockRef, ModelMessage, TextBlock, ToolResultBlock } from './model.js';

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

/**
 * The cache marks of each request: the end of the prefix that will never change again, and the
 * previous request's one while it differs. The previous one is where the cache entry is (the new
 * one is only being written), and it may lie more than the API's 20-block lookback behind.
 */
export class CacheMarks {
  private sent: BlockRef | null = null;

  /** Call after `elideOldViews`, once per request. */
  next(messages: ModelMessage[], views: ViewSlot[]): BlockRef[] {
    const stable = stableEnd(messages, views);
    const marks = [this.sent, stable].filter((m): m is BlockRef => m !== null);
    if (stable) this.sent = stable;
    return marks.filter(
      (m, i) => i === 0 || m.message !== marks[0]?.message || m.block !== marks[0]?.block,
    );
  }
}

/** The block just before the oldest view that may still be elided; null when there is none. */
function stableEnd(messages: ModelMessage[], views: ViewSlot[]): BlockRef | null {
  const oldest = views[0]?.block;
  if (!oldest) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const j = (messages[i] as ModelMessage).content.indexOf(oldest);
    if (j < 0) continue;
    if (j > 0) return { message: i, block: j - 1 };
    const before = messages[i - 1];
    return before ? { message: i - 1, block: before.content.length - 1 } : null;
  }
  return null;
}
