/** Acting on the page: one browser action on its target, and what a field or the page allows. */
import type { Locator, Page } from './playwright-api.js';
import { isAriaRef } from './action-code.js';
import type { BrowserAction, ControlHints, FieldInfo } from './driver.js';

/**
 * A click first checks, this long at most, that it can happen (visible, stable, enabled, not
 * covered): a control behind an open overlay or detached by a re-render fails in about a second
 * with the reason, instead of after the full action timeout. A check that found its element and
 * ran out without Playwright naming an obstacle was only slow (a page busy in a hover handler, a
 * starved machine): it gets the action's full time.
 *
 * The click that follows a passed trial does not check again (`force`): the trial's own pointer
 * move hovers the control, and a hover transition (a button that grows, a panel header that
 * shifts) makes Playwright's stability check wait it out in coarse retries, about a second on
 * Swagger UI's operations and reveal.js's arrows, for a control that was just found clickable.
 */
const TRIAL_TIMEOUT_MS = 1_200;

/**
 * What Playwright's call log says when something stands in an action's way: another element on
 * top, or the element not visible, enabled, stable or editable, inert, or off the page's bounds.
 */
const OBSTACLE =
  /intercepts pointer events|element is not |element is inert|outside of the viewport/;

/** Whether a trial ran out only slowly: its element found, nothing in the way named. */
function onlySlow(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== 'TimeoutError') return false;
  return /locator resolved to/.test(error.message) && !OBSTACLE.test(error.message);
}

/**
 * Runs an action's trial (Playwright's actionability checks, nothing done) for TRIAL_TIMEOUT_MS,
 * and once more with the page's action timeout when it was only slow.
 */
async function checkFirst(trial: (timeout?: number) => Promise<unknown>): Promise<void> {
  try {
    await trial(TRIAL_TIMEOUT_MS);
  } catch (error) {
    if (!onlySlow(error)) throw error;
    await trial();
  }
}

/** Carries out one action on its target (already resolved from the snapshot ref). */
export async function actOn(
  page: Page,
  action: BrowserAction,
  target: Locator | undefined,
): Promise<void> {
  const need = (): Locator => {
    if (!target) throw new Error(`${action.kind} needs a ref`);
    return target;
  };
  switch (action.kind) {
    case 'navigate':
      return;
    case 'click':
      await checkFirst((timeout) => need().click({ trial: true, timeout }));
      return need().click({ force: true });
    case 'fill':
      return need().fill(action.value);
    case 'select':
      await need().selectOption(action.values);
      return;
    case 'check':
      await checkFirst((timeout) => need().setChecked(action.checked, { trial: true, timeout }));
      return need().setChecked(action.checked, { force: true });
    case 'press':
      return target ? target.press(action.key) : page.keyboard.press(action.key);
    case 'hover':
      return need().hover();
    case 'go_back':
      await page.goBack({ waitUntil: 'domcontentloaded' });
      return;
    case 'scroll':
      await page.mouse.wheel(0, 100_000);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      return;
    case 'dialog':
      // Already dismissed when it opened; this step only records it.
      return;
    case 'wait_for': {
      const timeout = Math.min(Math.max(action.timeoutMs ?? 5_000, 0), 30_000);
      if (action.text !== undefined) {
        await page.getByText(action.text).first().waitFor({ state: 'visible', timeout });
      } else if (action.textGone !== undefined) {
        await page.getByText(action.textGone).first().waitFor({ state: 'hidden', timeout });
      } else {
        await page.waitForTimeout(timeout);
      }
      return;
    }
  }
}

/** Whether a field sits in a form, and whether something there would submit it. */
export async function readFieldInfo(page: Page, ref: string): Promise<FieldInfo | null> {
  if (!isAriaRef(ref)) return null;
  return page
    .getByRef(ref)
    .evaluate(
      (el): FieldInfo => {
        const SUBMIT =
          'button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]';
        // Enter in a textarea or an editor adds a line; it submits nothing.
        if (el.tagName === 'TEXTAREA' || (el as HTMLElement).isContentEditable) {
          return { inForm: el.closest('form') !== null, hasSubmit: true };
        }
        const form = (el as HTMLInputElement).form ?? el.closest('form');
        if (form) return { inForm: true, hasSubmit: form.querySelector(SUBMIT) !== null };
        // No form: a button within a couple of levels (`<div><input><button>Add`) submits it.
        let box: Element | null = el.parentElement;
        for (let level = 0; box && level < 2; level++, box = box.parentElement) {
          const buttons = box.querySelectorAll('button, [role=button], input[type=button]');
          // A hidden "Clear completed" is no way to submit what was typed.
          if ([...buttons].some((b) => b.checkVisibility())) {
            return { inForm: false, hasSubmit: true };
          }
        }
        return { inForm: false, hasSubmit: false };
      },
      undefined,
      { timeout: 2_000 },
    )
    .catch(() => null);
}

/** Whether the page has more to show below the viewport. */
export async function pageCanScroll(page: Page): Promise<boolean> {
  return page
    .evaluate(() => {
      const root = document.scrollingElement ?? document.documentElement;
      return root.scrollHeight - (window.scrollY + window.innerHeight) > 4;
    })
    .catch(() => false);
}

/** A control's class, test id, title and the text of the item it sits in (see the driver). */
export async function readControlHints(page: Page, ref: string): Promise<ControlHints | null> {
  if (!isAriaRef(ref)) return null;
  return page
    .getByRef(ref)
    .evaluate(
      (el): ControlHints => {
        const item = el.closest('li, tr, article, [role=listitem], [role=row], [role=article]');
        return {
          className: typeof el.className === 'string' ? el.className : '',
          testId: el.getAttribute('data-testid') ?? el.getAttribute('data-test-id') ?? '',
          title: el.getAttribute('title') ?? '',
          itemText: ((item as HTMLElement | null)?.innerText ?? '').slice(0, 500),
        };
      },
      undefined,
      { timeout: 2_000 },
    )
    .catch(() => null);
}
