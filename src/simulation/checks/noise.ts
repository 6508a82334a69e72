/**
 * Where a console message or an uncaught error comes from, so noise the PR's author cannot fix
 * does not fail the PR: a script from another origin (analytics, a widget, an ad) or a
 * framework's development-mode warning. The app's own errors stay errors.
 */

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
  if (!DEPENDENCY_PATH.test(path)) return null;
  const file = decodeURIComponent(path).replace(/^\/+/, '');
  if (changedFiles.some((changed) => changed === file || changed.endsWith(`/${file}`))) {
    return null;
  }
  return `logged by ${path}, a dependency's or vendored file, not the app's own code`;
}
