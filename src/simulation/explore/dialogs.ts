/**
 * Dialogs during the walk: an open dialog is explored first (a person cannot reach what is behind
 * it), then closed with its own close button, else Escape. A dialog that will not close is left
 * open and the walk goes on with the rest of the page.
 */
import type { PageElement } from './elements.js';

const CLOSE_NAME =
  /^(close|close dialog|close modal|dismiss|cancel|done|ok|okay|got it|no thanks|not now|back|×|✕|✖|x)$/i;

/** True for a control that closes the dialog it sits in ("Close", "Cancel", "×"). */
export function isCloser(element: Pick<PageElement, 'role' | 'name'>): boolean {
  return (
    element.role === 'button' &&
    (CLOSE_NAME.test(element.name.trim()) || /\bclose\b/i.test(element.name))
  );
}

/** The elements inside `dialog` (its path), nested dialogs included. */
export function insideDialog(elements: readonly PageElement[], dialog: string): PageElement[] {
  return elements.filter(
    (e) => e.dialog !== undefined && (e.dialog === dialog || e.dialog.startsWith(`${dialog} > `)),
  );
}

/** How the walk closes a dialog, attempt by attempt: its close button first, then Escape. */
export type CloseMove = { kind: 'click'; element: PageElement } | { kind: 'escape' } | null;

/** The next way to close `dialog` after `attempts` tries; null when it should be left open. */
export function closeMove(inside: readonly PageElement[], attempts: number): CloseMove {
  const closer = inside.find((e) => isCloser(e) && !e.disabled);
  if (attempts === 0 && closer) return { kind: 'click', element: closer };
  if (attempts === 0 || (attempts === 1 && closer)) return { kind: 'escape' };
  return null;
}
