/**
 * Finds a Chromium-family browser to drive, in the order a CI runner or a developer machine most
 * likely has one: an explicit path, Playwright's own download, Google Chrome, then the distro's
 * Chromium. It never downloads anything (the machine may have no network) and it does not import
 * Playwright, so its order and its error text are testable with a fake filesystem.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { BrowserNotFoundError } from './driver.js';
import type { BrowserSource } from './driver.js';

/** The few system lookups browser discovery needs; injectable so tests can fake the machine. */
export interface BrowserLookup {
  /** True when `path` is an executable file. */
  isExecutable(path: string): boolean;
  /** Entry names in a folder, or [] when it does not exist. */
  listDir(path: string): string[];
  env: Record<string, string | undefined>;
  homeDir: string;
  platform: NodeJS.Platform;
}

export interface FoundBrowser {
  path: string;
  source: BrowserSource;
}

/** The real machine. */
export const systemLookup: BrowserLookup = {
  isExecutable(path) {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
  env: process.env,
  homeDir: homedir(),
  platform: process.platform,
};

/**
 * Resolves a browser executable. An explicit path that is not executable is an error on its own:
 * silently falling back to another browser would hide a misconfigured `--browser` / `browser-path`.
 * @throws BrowserNotFoundError listing every place tried.
 */
export function findBrowser(
  explicitPath: string | undefined,
  lookup: BrowserLookup = systemLookup,
): FoundBrowser {
  if (explicitPath) {
    if (lookup.isExecutable(explicitPath)) return { path: explicitPath, source: 'explicit' };
    throw new BrowserNotFoundError([`${explicitPath} (given with --browser / browser-path)`]);
  }
  const tried: string[] = [];
  for (const candidate of candidates(lookup)) {
    tried.push(candidate.label);
    const path = candidate.resolve();
    if (path) return { path, source: candidate.source };
  }
  throw new BrowserNotFoundError(tried);
}

interface Candidate {
  source: BrowserSource;
  label: string;
  resolve(): string | null;
}

function candidates(lookup: BrowserLookup): Candidate[] {
  const fixed = (source: BrowserSource, path: string): Candidate => ({
    source,
    label: path,
    resolve: () => (lookup.isExecutable(path) ? path : null),
  });
  const onPath = (source: BrowserSource, name: string): Candidate => ({
    source,
    label: `${name} on PATH`,
    resolve: () => which(name, lookup),
  });
  const mac = lookup.platform === 'darwin';
  const win = lookup.platform === 'win32';
  const programFiles = lookup.env.PROGRAMFILES ?? 'C:\\Program Files';

  const playwrightRoot = playwrightBrowsersRoot(lookup);
  const list: Candidate[] = [
    {
      source: 'playwright',
      label: `Playwright's Chromium in ${playwrightRoot}`,
      resolve: () => playwrightChromium(playwrightRoot, lookup),
    },
  ];
  if (mac) {
    list.push(fixed('chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'));
    list.push(fixed('chromium', '/Applications/Chromium.app/Contents/MacOS/Chromium'));
  } else if (win) {
    list.push(fixed('chrome', join(programFiles, 'Google', 'Chrome', 'Application', 'chrome.exe')));
  } else {
    list.push(
      fixed('chrome', '/opt/google/chrome/chrome'),
      onPath('chrome', 'google-chrome-stable'),
      onPath('chrome', 'google-chrome'),
      fixed('chromium', '/usr/bin/chromium'),
      fixed('chromium', '/usr/bin/chromium-browser'),
      onPath('chromium', 'chromium'),
      onPath('chromium', 'chromium-browser'),
    );
  }
  return list;
}

/** Where `npx playwright install` puts browsers (PLAYWRIGHT_BROWSERS_PATH wins; `0` means in node_modules, not supported here). */
function playwrightBrowsersRoot(lookup: BrowserLookup): string {
  const configured = lookup.env.PLAYWRIGHT_BROWSERS_PATH;
  if (configured && configured !== '0') return configured;
  if (lookup.platform === 'darwin')
    return join(lookup.homeDir, 'Library', 'Caches', 'ms-playwright');
  if (lookup.platform === 'win32') {
    return join(
      lookup.env.LOCALAPPDATA ?? join(lookup.homeDir, 'AppData', 'Local'),
      'ms-playwright',
    );
  }
  return join(lookup.env.XDG_CACHE_HOME ?? join(lookup.homeDir, '.cache'), 'ms-playwright');
}

/** Relative paths of the browser binary inside a `chromium-<rev>` folder, across layouts and OSes. */
const PLAYWRIGHT_BINARIES = [
  ['chrome-linux64', 'chrome'],
  ['chrome-linux', 'chrome'],
  [
    'chrome-mac-arm64',
    'Google Chrome for Testing.app',
    'Contents',
    'MacOS',
    'Google Chrome for Testing',
  ],
  [
    'chrome-mac-x64',
    'Google Chrome for Testing.app',
    'Contents',
    'MacOS',
    'Google Chrome for Testing',
  ],
  ['chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'],
  ['chrome-win64', 'chrome.exe'],
  ['chrome-win', 'chrome.exe'],
];

/** The newest revision first: a stale older download is the worse choice. */
function playwrightChromium(root: string, lookup: BrowserLookup): string | null {
  const revisions = lookup
    .listDir(root)
    .map((name) => /^chromium-(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const match of revisions) {
    for (const parts of PLAYWRIGHT_BINARIES) {
      const path = join(root, match[0], ...parts);
      if (lookup.isExecutable(path)) return path;
    }
  }
  return null;
}

/** `which name`: the first executable of that name on PATH. */
function which(name: string, lookup: BrowserLookup): string | null {
  const dirs = (lookup.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    const path = join(dir, name);
    if (lookup.isExecutable(path)) return path;
  }
  return null;
}
