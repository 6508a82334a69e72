import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError } from '../../../src/simulation/browser/driver.js';
import { findBrowser, systemLookup } from '../../../src/simulation/browser/find-browser.js';
import type { BrowserLookup } from '../../../src/simulation/browser/find-browser.js';

/** A fake machine: the executables that exist and the folders' contents. */
function machine(
  executables: string[],
  options: {
    dirs?: Record<string, string[]>;
    env?: Record<string, string>;
    platform?: NodeJS.Platform;
  } = {},
): BrowserLookup {
  const present = new Set(executables);
  return {
    isExecutable: (path) => present.has(path),
    listDir: (path) => options.dirs?.[path] ?? [],
    env: { PATH: '/usr/local/bin:/usr/bin', ...options.env },
    homeDir: '/home/u',
    platform: options.platform ?? 'linux',
  };
}

const PW = '/home/u/.cache/ms-playwright';

describe('findBrowser', () => {
  it('prefers an explicit path over everything else', () => {
    const found = findBrowser('/x/my-chrome', machine(['/x/my-chrome', '/usr/bin/chromium']));
    expect(found).toEqual({ path: '/x/my-chrome', source: 'explicit' });
  });

  it('refuses a missing explicit path instead of silently using another browser', () => {
    expect(() => findBrowser('/x/nope', machine(['/usr/bin/chromium']))).toThrow(
      /No browser found\. Tried: \/x\/nope \(given with --browser/,
    );
  });

  it("prefers Playwright's newest downloaded Chromium over Chrome and Debian's chromium", () => {
    const lookup = machine(
      [
        `${PW}/chromium-1100/chrome-linux/chrome`,
        `${PW}/chromium-1200/chrome-linux64/chrome`,
        '/opt/google/chrome/chrome',
        '/usr/bin/chromium',
      ],
      {
        dirs: {
          [PW]: ['chromium-1100', 'chromium-1200', 'ffmpeg-1011', 'chromium_headless_shell-1200'],
        },
      },
    );
    expect(findBrowser(undefined, lookup)).toEqual({
      path: `${PW}/chromium-1200/chrome-linux64/chrome`,
      source: 'playwright',
    });
  });

  it('honours PLAYWRIGHT_BROWSERS_PATH', () => {
    const lookup = machine(['/pw/chromium-1/chrome-linux64/chrome'], {
      env: { PLAYWRIGHT_BROWSERS_PATH: '/pw' },
      dirs: { '/pw': ['chromium-1'] },
    });
    expect(findBrowser(undefined, lookup).path).toBe('/pw/chromium-1/chrome-linux64/chrome');
  });

  it('takes Google Chrome (fixed path, then PATH) before Chromium', () => {
    expect(
      findBrowser(undefined, machine(['/opt/google/chrome/chrome', '/usr/bin/chromium'])),
    ).toEqual({
      path: '/opt/google/chrome/chrome',
      source: 'chrome',
    });
    expect(
      findBrowser(undefined, machine(['/usr/local/bin/google-chrome', '/usr/bin/chromium'])),
    ).toEqual({ path: '/usr/local/bin/google-chrome', source: 'chrome' });
  });

  it("falls back to the distro's chromium, then chromium on PATH", () => {
    expect(findBrowser(undefined, machine(['/usr/bin/chromium-browser']))).toEqual({
      path: '/usr/bin/chromium-browser',
      source: 'chromium',
    });
    expect(findBrowser(undefined, machine(['/usr/local/bin/chromium']))).toEqual({
      path: '/usr/local/bin/chromium',
      source: 'chromium',
    });
  });

  it('finds Chrome on macOS', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser(undefined, machine([chrome], { platform: 'darwin' }))).toEqual({
      path: chrome,
      source: 'chrome',
    });
  });

  it('lists every place it looked, in order, and how to get a browser', () => {
    let error: unknown;
    try {
      findBrowser(undefined, machine([]));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BrowserNotFoundError);
    const { tried, message } = error as BrowserNotFoundError;
    expect(tried).toEqual([
      `Playwright's Chromium in ${PW}`,
      '/opt/google/chrome/chrome',
      'google-chrome-stable on PATH',
      'google-chrome on PATH',
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      'chromium on PATH',
      'chromium-browser on PATH',
    ]);
    expect(message).toContain('apt-get install chromium');
    expect(message).toContain('npx playwright install chromium');
    expect(message).toContain('--browser');
  });

  it('finds the Chromium installed on this machine', () => {
    // The real lookup: CI installs Debian's chromium (.ci/run).
    const found = findBrowser(undefined, systemLookup);
    expect(systemLookup.isExecutable(found.path)).toBe(true);
  });
});
