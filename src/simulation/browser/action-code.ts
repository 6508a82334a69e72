/**
 * Pure helpers that turn a browser action into the equivalent Playwright statement, so every
 * recorded step carries code a person can paste into a spec (and a passing run can be saved as
 * one), and turn Playwright's error text into a sentence a model can act on.
 */
import type { BrowserAction } from './driver.js';

/** A JavaScript single-quoted string literal, escaped the way Playwright's codegen writes them. */
export function jsString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

/**
 * The statement for `action` acting on `locator` (a normalized locator such as
 * `getByRole('button', { name: 'Save' })`; absent for actions without a target).
 */
export function actionCode(action: BrowserAction, locator?: string): string {
  // Without a normalized locator (the ref could not be resolved) name the ref itself, as Playwright does.
  const fallback =
    'ref' in action && action.ref
      ? `locator(${jsString(`aria-ref=${action.ref}`)})`
      : "locator('body')";
  const target = `page.${locator ?? fallback}`;
  switch (action.kind) {
    case 'navigate':
      return `await page.goto(${jsString(action.url)});`;
    case 'click':
      return `await ${target}.click();`;
    case 'fill':
      return `await ${target}.fill(${jsString(action.value)});`;
    case 'select': {
      const values =
        action.values.length === 1
          ? jsString(action.values[0] ?? '')
          : `[${action.values.map(jsString).join(', ')}]`;
      return `await ${target}.selectOption(${values});`;
    }
    case 'check':
      return `await ${target}.${action.checked ? 'check' : 'uncheck'}();`;
    case 'press':
      return locator
        ? `await ${target}.press(${jsString(action.key)});`
        : `await page.keyboard.press(${jsString(action.key)});`;
    case 'hover':
      return `await ${target}.hover();`;
    case 'go_back':
      return 'await page.goBack();';
    case 'wait_for':
      // An assertion, not a sleep: a saved spec then checks what the run waited to see.
      if (action.text !== undefined) {
        return `await expect(page.getByText(${jsString(action.text)}).first()).toBeVisible();`;
      }
      if (action.textGone !== undefined) {
        return `await expect(page.getByText(${jsString(action.textGone)})).toHaveCount(0);`;
      }
      return `await page.waitForTimeout(${action.timeoutMs ?? 1000});`;
    case 'scroll':
      return 'await page.mouse.wheel(0, 100000);';
    case 'dialog':
      return "page.once('dialog', (dialog) => dialog.dismiss());";
  }
}

/** A valid aria ref: `e12`, or `f1e3` inside an iframe. */
export function isAriaRef(ref: string): boolean {
  return /^(f\d+)?e\d+$/.test(ref);
}

/** Rewrites a Playwright error into one or two sentences that say what to do next. */
export function explainError(action: BrowserAction, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // Playwright messages carry an ANSI-coloured call log after the first line; keep the gist.
  const plain = raw.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
  const first = (plain.split('\n')[0] ?? plain).replace(/^\w+\.\w+:\s*/, '').trim();
  const ref = 'ref' in action ? action.ref : undefined;
  if (
    ref &&
    /No element matching aria-ref|aria-ref/.test(plain) &&
    /No element|not found/i.test(plain)
  ) {
    return staleRef(ref);
  }
  if (/Timeout \d+ms exceeded/.test(plain)) {
    const waitingFor = /waiting for (.*)/.exec(plain)?.[1]?.trim();
    const last = plain
      .split('\n')
      .map((line) => line.trim().replace(/^-\s*/, ''))
      .filter(Boolean)
      .at(-1);
    // Playwright's call log names what covers the target: say so, the caller may close it.
    const covered = /intercepts pointer events/.test(plain)
      ? ' It is covered by another element (an overlay or a dialog).'
      : '';
    return (
      `${action.kind} timed out (${first})` +
      (waitingFor ? ` while waiting for ${waitingFor}` : '') +
      (last && last !== first ? `; last state: ${last}` : '') +
      '. The element may be hidden, disabled or covered: take a new snapshot and check it.' +
      covered
    );
  }
  if (/Target page, context or browser has been closed|Target closed|crashed/i.test(plain)) {
    return `The page or browser closed unexpectedly during ${action.kind}: ${first}`;
  }
  return `${action.kind} failed: ${first}`;
}

/** The message for a ref that is no longer on the page. */
export function staleRef(ref: string): string {
  return (
    `Ref ${ref} is not on the page any more (the page changed since the last snapshot, or the ref ` +
    'was never in it). Take a new snapshot and use a ref from it.'
  );
}
