import { describe, expect, it } from 'vitest';
import { actionCode, explainError, jsString } from '../../../src/simulation/browser/action-code.js';

describe('actionCode', () => {
  const save = "getByRole('button', { name: 'Save' })";

  it('writes the Playwright statement for each action', () => {
    expect(actionCode({ kind: 'navigate', url: 'http://a/b' })).toBe(
      "await page.goto('http://a/b');",
    );
    expect(actionCode({ kind: 'click', ref: 'e1' }, save)).toBe(
      "await page.getByRole('button', { name: 'Save' }).click();",
    );
    expect(actionCode({ kind: 'select', ref: 'e1', values: ['a', 'b'] }, "getByLabel('C')")).toBe(
      "await page.getByLabel('C').selectOption(['a', 'b']);",
    );
    expect(actionCode({ kind: 'check', ref: 'e1', checked: false }, "getByLabel('C')")).toBe(
      "await page.getByLabel('C').uncheck();",
    );
    expect(actionCode({ kind: 'press', key: 'Escape' })).toBe(
      "await page.keyboard.press('Escape');",
    );
    expect(actionCode({ kind: 'wait_for', textGone: 'Loading' })).toBe(
      "await expect(page.getByText('Loading')).toHaveCount(0);",
    );
    expect(actionCode({ kind: 'wait_for', timeoutMs: 500 })).toBe(
      'await page.waitForTimeout(500);',
    );
  });

  it('escapes quotes and newlines so the code stays valid JavaScript', () => {
    const value = "it's\na \\ test";
    const code = actionCode({ kind: 'fill', ref: 'e1', value }, "getByLabel('Note')");
    expect(code).toBe("await page.getByLabel('Note').fill('it\\'s\\na \\\\ test');");
    expect(new Function('return ' + jsString(value))()).toBe(value);
  });

  it('names the ref when it could not be resolved', () => {
    expect(actionCode({ kind: 'hover', ref: 'e9' })).toBe(
      "await page.locator('aria-ref=e9').hover();",
    );
  });
});

describe('explainError', () => {
  it('turns a timeout into advice', () => {
    const error = new Error(
      "locator.click: Timeout 5000ms exceeded.\nCall log:\n  - waiting for getByRef('e3')\n  - element is not enabled",
    );
    const text = explainError({ kind: 'click', ref: 'e3' }, error);
    expect(text).toContain('click timed out');
    expect(text).toContain('element is not enabled');
    expect(text).toContain('take a new snapshot');
  });

  it('recognises a closed browser', () => {
    const text = explainError(
      { kind: 'go_back' },
      new Error('page.goBack: Target page, context or browser has been closed'),
    );
    expect(text).toMatch(/closed unexpectedly/);
  });
});
