/**
 * Reading recorded Playwright statements back for replay. The statements are the ones Playwright
 * itself writes for these locators (its codegen style), spelled out by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseStatement } from '../../../src/simulation/compare/locator-code.js';

describe('parseStatement', () => {
  it.each([
    [
      "await page.goto('http://127.0.0.1:3000/notes');",
      { kind: 'navigate', url: 'http://127.0.0.1:3000/notes' },
    ],
    ['await page.goBack();', { kind: 'go_back' }],
    ["await page.keyboard.press('Enter');", { kind: 'keyboard', key: 'Enter' }],
    [
      "await expect(page.getByText('Saved to favourites').first()).toBeVisible();",
      { kind: 'wait_for', text: 'Saved to favourites' },
    ],
    [
      "await page.getByRole('button', { name: 'Save note' }).click();",
      {
        kind: 'target',
        locator: [{ name: 'getByRole', args: ['button', { name: 'Save note' }] }],
        method: 'click',
        args: [],
      },
    ],
    [
      "await page.getByRole('link', { name: 'It\\'s \"quoted\"', exact: true }).nth(2).hover();",
      {
        kind: 'target',
        locator: [
          { name: 'getByRole', args: ['link', { name: 'It\'s "quoted"', exact: true }] },
          { name: 'nth', args: [2] },
        ],
        method: 'hover',
        args: [],
      },
    ],
    [
      "await page.getByLabel('Theme').selectOption(['light', 'dark']);",
      {
        kind: 'target',
        locator: [{ name: 'getByLabel', args: ['Theme'] }],
        method: 'selectOption',
        args: [['light', 'dark']],
      },
    ],
    [
      "await page.getByPlaceholder('Title').fill('Line 1\\nLine 2');",
      {
        kind: 'target',
        locator: [{ name: 'getByPlaceholder', args: ['Title'] }],
        method: 'fill',
        args: ['Line 1\nLine 2'],
      },
    ],
  ])('reads %s', (code, expected) => {
    expect(parseStatement(code)).toEqual(expected);
  });

  it.each([
    'await page.evaluate(() => fetch("/x"));',
    'await page.getByText(/regex/).click();',
    "await somethingElse.getByRole('button').click();",
    "await page.getByRole('button').click(); await page.close();",
  ])('refuses what it cannot replay safely: %s', (code) => {
    expect(parseStatement(code)).toBeNull();
  });
});
