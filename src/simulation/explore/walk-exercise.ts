/** Exercising one control as a person would: click, toggle, choose, or fill and submit. */
import type { BrowserAction, BrowserSession } from '../browser/driver.js';
import type { PageElement } from './elements.js';
import { sampleValue } from './sample-values.js';
import type { ControlBook } from './walk-controls.js';
import { TEXT_ROLES, quoted, type PageState } from './walk-state.js';

/** What exercising a control needs from the walk. */
export interface WalkHands {
  readonly session: BrowserSession;
  readonly book: ControlBook;
  /** Words of the current page, for plausible sample values. */
  readonly words: string[];
  /** Throws when no further action may start. */
  checkBudget(): void;
  /** Records one action (on `element`, when it acts on a control); true when it succeeded. */
  act(action: BrowserAction, description: string, element?: PageElement): Promise<boolean>;
  /** Notes a click that failed because something covered the control. */
  noteCovered(ok: boolean): void;
}

/** Exercises one control (marked tried first, once the budget allows an action). */
export async function exercise(
  walk: WalkHands,
  page: PageState,
  element: PageElement,
  around: PageElement[],
): Promise<void> {
  // Checked before marking it tried, so an element the budget cut off is reported as such.
  walk.checkBudget();
  walk.book.markTried(page, element);
  const { ref, role, name } = element;
  const label = `${role} ${quoted(name)}`;
  switch (role) {
    case 'checkbox':
    case 'switch': {
      // A click, not check(): apps often re-render the item on toggle, and check() would then
      // wait for a state change on an element that is gone.
      const checked = element.checked !== true;
      await walk.act({ kind: 'click', ref }, `${checked ? 'Check' : 'Uncheck'} ${label}`, element);
      return;
    }
    case 'radio':
      // Choosing the option that is already chosen would test nothing.
      if (element.checked === true) return;
      await walk.act({ kind: 'check', ref, checked: true }, `Choose ${label}`, element);
      return;
    case 'combobox':
    case 'listbox': {
      const option = element.options.find((o) => !o.selected && o.name);
      if (element.options.length > 0) {
        if (option) {
          await walk.act(
            { kind: 'select', ref, values: [option.name] },
            `Select "${option.name}" in ${label}`,
            element,
          );
        }
        return;
      }
      await fill(walk, page, element, around);
      return;
    }
    case 'textbox':
    case 'searchbox':
    case 'spinbutton':
      await fill(walk, page, element, around);
      return;
    default:
      walk.noteCovered(await walk.act({ kind: 'click', ref }, `Click ${label}`, element));
  }
}

/**
 * Fills a field, then submits it with Enter when nothing else would: a lone field with no
 * button beside it (a todo input, a search box), or the last field of a form that has no
 * submit button.
 */
async function fill(
  walk: WalkHands,
  page: PageState,
  element: PageElement,
  around: PageElement[],
): Promise<void> {
  const { ref, role, name } = element;
  const label = `${role} ${quoted(name)}`;
  const value = sampleValue(element, walk.words);
  const filled = await walk.act(
    { kind: 'fill', ref, value },
    `Fill ${label} with "${value}"`,
    element,
  );
  if (!filled || !TEXT_ROLES.has(role)) return;
  const info = await walk.session.fieldInfo?.(ref);
  if (!info || info.hasSubmit) return;
  const otherFields = around.some(
    (e) =>
      e !== element &&
      TEXT_ROLES.has(e.role) &&
      e.container === element.container &&
      walk.book.controls.get(walk.book.identity(page, e))?.tried === false,
  );
  if (info.inForm && otherFields) return;
  await walk.act({ kind: 'press', key: 'Enter', ref }, `Press Enter in ${label}`, element);
}
