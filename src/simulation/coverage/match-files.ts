/**
 * Which repository file a script or a source-map source is. Only changed files matter, so a
 * candidate is looked for among them: by the script's URL path (a static server serves files by
 * their path, often from a sub-folder such as `public/`) or by a source's path.
 */
import { posix } from 'node:path';

/** File extensions of code an engine runs (directly or once compiled). */
const CODE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx|vue|svelte)$/;

/** True for a path whose changes can hold executable code. */
export function isCodeFile(path: string): boolean {
  return CODE.test(path) && !/\.d\.[cm]?ts$/.test(path);
}

/** The changed file a URL path serves (`/js/app.js` → `js/app.js` or `public/js/app.js`). */
export function fileForUrlPath(pathname: string, changed: Iterable<string>): string | null {
  let best: string | null = null;
  for (const file of changed) {
    if (!`/${file}`.endsWith(pathname)) continue;
    // The shortest match is the file the URL names most directly.
    if (best === null || file.length < best.length) best = file;
  }
  return best;
}

/**
 * The changed file an absolute source path is: under the repository root, its relative path;
 * elsewhere (a bundler's virtual root), the longest changed path it ends with.
 */
export function fileForSourcePath(
  absolute: string,
  repoRoot: string,
  changed: Iterable<string>,
): string | null {
  const root = repoRoot.endsWith('/') ? repoRoot : `${repoRoot}/`;
  const files = [...changed];
  if (absolute.startsWith(root)) {
    const relative = absolute.slice(root.length);
    return files.includes(relative) ? relative : null;
  }
  let best: string | null = null;
  for (const file of files) {
    if (!absolute.endsWith(`/${file}`)) continue;
    if (best === null || file.length > best.length) best = file;
  }
  return best;
}

/**
 * A source-map source as an absolute posix path: bundler schemes (`webpack://app/`) dropped,
 * `file://` URLs read, relative paths resolved against the map's `sourceRoot` and the folder of
 * the script's URL path.
 */
export function sourceToPath(source: string, scriptUrl: string, sourceRoot = ''): string {
  if (source.startsWith('file://')) return decodeURIComponent(new URL(source).pathname);
  const bare = source.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  const scriptDir = posix.dirname(new URL(scriptUrl).pathname);
  const root = sourceRoot.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  return posix.resolve(scriptDir, root, bare);
}
