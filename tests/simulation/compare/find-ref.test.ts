/**
 * Finding a recorded locator's element in the page tree (Playwright's `ariaSnapshotJSON`), checked
 * against Playwright itself: the element behind the ref we pick must be the one Playwright's own
 * locator resolves to, on a page whose names hold quotes, colons and `#`.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS } from '../../../src/simulation/browser/playwright-launch.js';
import { findRef } from '../../../src/simulation/compare/find-ref.js';
import { parseStatement } from '../../../src/simulation/compare/locator-code.js';
import { toPageTree, type PageTree } from '../../../src/simulation/page/index.js';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', ...CHROMIUM_FLAGS],
  });
  page = await browser.newPage();
  await page.setContent(`
    <nav><a href="#a">Home</a> <a href="#b">Issue #42</a> <a href="#c">Notes: all of them</a></nav>
    <main>
      <button>Save</button> <button>Save draft</button> <button>It's "quoted"</button> <button>Save {draft} \`now\`</button>
      <label for="t">Title</label><input id="t">
      <input placeholder="Search notes" aria-label="Search">
      <label><input type="checkbox"> Email me a weekly digest</label>
      <ul><li><button>Delete</button></li><li><button>Delete</button></li></ul>
    </main>`);
});

afterAll(async () => {
  await browser?.close();
});

describe('findRef', () => {
  it.each([
    "await page.getByRole('link', { name: 'Issue #42' }).click();",
    "await page.getByRole('link', { name: 'Notes: all of them' }).click();",
    "await page.getByRole('button', { name: 'Save', exact: true }).click();",
    "await page.getByRole('button', { name: 'Save draft' }).click();",
    "await page.getByRole('button', { name: 'It\\'s \"quoted\"' }).click();",
    "await page.getByLabel('Title').fill('x');",
    "await page.getByPlaceholder('Search notes').fill('x');",
    "await page.getByRole('button', { name: 'Save {draft} `now`' }).click();",
    "await page.getByRole('checkbox', { name: 'Email me a weekly digest' }).check();",
    "await page.getByRole('button', { name: 'Delete' }).nth(1).click();",
  ])('picks the element Playwright resolves for %s', async (code) => {
    const statement = parseStatement(code);
    if (statement?.kind !== 'target') throw new Error(`not a target statement: ${code}`);
    const ref = findRef(await tree(), statement.locator);
    expect(ref).not.toBeNull();
    // Playwright's own reading of the same locator is the oracle.
    const locatorCode = code
      .replace(/^await page\./, '')
      .replace(/\.(click|fill|check)\([^)]*\);$/, '');
    const theirs = await resolveWithPlaywright(locatorCode);
    const ours = page.locator(`aria-ref=${ref}`);
    expect(await ours.evaluate((node, other) => node === other, await theirs.elementHandle())).toBe(
      true,
    );
  });

  it('finds nothing for a name that is not on the page', async () => {
    const statement = parseStatement(
      "await page.getByRole('button', { name: 'Publish' }).click();",
    );
    if (statement?.kind !== 'target') throw new Error('not a target');
    expect(findRef(await tree(), statement.locator)).toBeNull();
  });
});

async function tree(): Promise<PageTree> {
  return toPageTree(await page.ariaSnapshotJSON({ mode: 'ai' }));
}

/** The same locator built with Playwright's API, from the hand-written table above. */
function resolveWithPlaywright(code: string) {
  const table: Record<string, () => ReturnType<Page['getByRole']>> = {
    "getByRole('link', { name: 'Issue #42' })": () => page.getByRole('link', { name: 'Issue #42' }),
    "getByRole('link', { name: 'Notes: all of them' })": () =>
      page.getByRole('link', { name: 'Notes: all of them' }),
    "getByRole('button', { name: 'Save', exact: true })": () =>
      page.getByRole('button', { name: 'Save', exact: true }),
    "getByRole('button', { name: 'Save draft' })": () =>
      page.getByRole('button', { name: 'Save draft' }),
    "getByRole('button', { name: 'It\\'s \"quoted\"' })": () =>
      page.getByRole('button', { name: 'It\'s "quoted"' }),
    "getByLabel('Title')": () => page.getByLabel('Title'),
    "getByPlaceholder('Search notes')": () => page.getByPlaceholder('Search notes'),
    "getByRole('button', { name: 'Save {draft} `now`' })": () =>
      page.getByRole('button', { name: 'Save {draft} `now`' }),
    "getByRole('checkbox', { name: 'Email me a weekly digest' })": () =>
      page.getByRole('checkbox', { name: 'Email me a weekly digest' }),
    "getByRole('button', { name: 'Delete' }).nth(1)": () =>
      page.getByRole('button', { name: 'Delete' }).nth(1),
  };
  const make = table[code];
  if (!make) throw new Error(`no Playwright locator for ${code}`);
  return make();
}
