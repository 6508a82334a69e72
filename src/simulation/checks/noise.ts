/**
 * Where a console message or an uncaught error comes from, so noise the PR's author cannot fix
 * does not fail the PR: a script from another origin (analytics, a widget, an ad) or a
 * framework's development-mode warning, or a dependency's code (by the file that logged, through
 * its source map when the script serves one). The app's own errors stay errors.
 */
import type { StackFrame } from '../browser/driver.js';

/** Development-mode warnings that frameworks print with console.error. */
const DEV_WARNINGS: readonly { pattern: RegExp; framework: string }[] = [
  { pattern: /^Warning: /, framework: 'React' },
  { pattern: /^(Download the React DevTools|React does not recognize the)/, framework: 'React' },
  { pattern: /^\[Vue warn\]/, framework: 'Vue' },
  { pattern: /^NG0\d+/, framework: 'Angular' },
  { pattern: /^\[svelte\]|^\[HMR\]|^\[hmr\]/, framework: 'Svelte' },
  { pattern: /^\[vite\]/, framework: 'Vite' },
  { pattern: /^\[Fast Refresh\]|^\[webpack-dev-server\]/, framework: 'the dev server' },
];

/** The framework whose development-mode warning `text` is, or null. */
export function devWarningOf(text: string): string | null {
  const trimmed = text.trimStart();
  return DEV_WARNINGS.find(({ pattern }) => pattern.test(trimmed))?.framework ?? null;
}

/** `http://cdn.example:8080/a.js:12` (a console location) → its origin, or null. */
export function originOfLocation(location: string | undefined): string | null {
  if (!location) return null;
  const url = location.replace(/(:\d+){1,2}$/, '');
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The script URL in the first `at …` frame of a V8 stack: where the error was thrown. */
export function originOfStack(stack: string | undefined): string | null {
  if (!stack) return null;
  const frame = stack
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.startsWith('at '));
  const url = frame ? /(https?:\/\/[^\s)]+)/.exec(frame)?.[1] : undefined;
  return url ? originOfLocation(url) : null;
}

/** Why a message from `origin` is a third party's, or null when it is the app's own (or unknown). */
export function thirdPartyReason(
  origin: string | null,
  allowedOrigins: readonly string[],
): string | null {
  if (!origin || allowedOrigins.some((allowed) => sameOrigin(allowed, origin))) return null;
  return `thrown by a script from ${origin}, not the app's own code`;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return a === b;
  }
}

/**
 * Paths that hold someone else's code: installed packages, vendored copies, bundlers' vendor
 * chunks and pre-bundled dependencies, minified library builds.
 */
const DEPENDENCY_PATH =
  /\/(node_modules|bower_components|jspm_packages|web_modules|vendors?|third[-_]party|\.vite\/deps)\/|\/(chunk-)?vendors?[-.~][^/]*\.m?js$|\.min\.m?js$/i;

/**
 * Why the script at `location` (a console message's `url:line`) is a dependency's rather than
 * the app's own code, or null. A file the change itself touched is the app's own, wherever it
 * lies.
 */
export function dependencyReason(
  location: string | undefined,
  changedFiles: readonly string[] = [],
): string | null {
  if (!location) return null;
  let path: string;
  try {
    path = new URL(location.replace(/(:\d+){1,2}$/, '')).pathname;
  } catch {
    return null;
  }
  return isDependencyPath(decodeURIComponent(path), changedFiles)
    ? `logged by ${path}, a dependency's or vendored file, not the app's own code`
    : null;
}

/** True when `path` (starting with `/`) holds someone else's code the change did not touch. */
function isDependencyPath(path: string, changedFiles: readonly string[]): boolean {
  if (!DEPENDENCY_PATH.test(path)) return false;
  const file = path.replace(/^\/+/, '');
  return !changedFiles.some((changed) => changed === file || changed.endsWith(`/${file}`));
}

/**
 * Functions that only pass a message on to the console: React's own `printWarning`/`error`, a
 * logger's `error`/`warn`, a console hook installed as `console.error` by an error tracker.
 * The code that called them is who logged the message.
 */
const LOGGING_WRAPPER =
  /(?:^|\.)(?:console\.\w+|(?:log|print|report|emit|capture)?(?:errors?|warn|warning|warnings)|log|logger)$/i;

/**
 * The frame that wrote a console message: the first one, from the top, that is not a logging
 * wrapper (the top frame when they all are). A wrapper is a function named for logging, or a
 * dependency's anonymous function the app's code called directly: what an error tracker installs
 * as `console.error` (`console.error = function (...args) {…}` wrapped once more is anonymous).
 */
export function authorFrame(
  stack: readonly StackFrame[],
  changedFiles: readonly string[] = [],
): StackFrame | undefined {
  const isDependency = (frame: StackFrame): boolean => {
    const path = framePath(frame);
    return path !== null && isDependencyPath(path, changedFiles);
  };
  const author = stack.find((frame, index) => {
    if (LOGGING_WRAPPER.test(frame.functionName)) return false;
    const caller = stack[index + 1];
    const hook =
      frame.functionName === '' && caller && isDependency(frame) && !isDependency(caller);
    return !hook;
  });
  return author ?? stack[0];
}

/**
 * Why the code at `frame` (resolved through its script's source map when it serves one) is a
 * dependency's rather than the app's own, or null. A file the change touched is the app's own.
 */
export function frameDependencyReason(
  frame: StackFrame,
  changedFiles: readonly string[] = [],
): string | null {
  const path = framePath(frame);
  if (!path || !isDependencyPath(path, changedFiles)) return null;
  const script = framePath({ url: frame.url });
  const mapped = frame.source && script !== path ? ` (in ${script}, through its source map)` : '';
  return `logged by ${path}${mapped}, a dependency's or vendored file, not the app's own code`;
}

/**
 * The path a frame's code came from: its original file when a source map named one (a URL's
 * path, or the map's own name such as `webpack://app/./src/x.js` → `/./src/x.js`), else the
 * script URL's path. Always starts with `/`.
 */
export function framePath(frame: Pick<StackFrame, 'url' | 'source'>): string | null {
  const where = frame.source ?? frame.url;
  let path: string;
  try {
    path = decodeURIComponent(new URL(where).pathname);
  } catch {
    if (!frame.source) return null;
    path = frame.source;
  }
  return path.startsWith('/') ? path : `/${path}`;
}
