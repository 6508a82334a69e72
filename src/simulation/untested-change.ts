/**
 * A change the session never met. Changed code is held to change coverage (the diff's executable
 * lines must run); what has no executable line (documentation, repository housekeeping) can only
 * be met by being served. A PR that edits only such files, none of which the app served in the
 * session, was not tested by it, however clean the app looked: that is inconclusive, not a pass.
 * A docs site that serves its Markdown (docsify fetches `/guide.md`) is tested as any app.
 *
 * The rule is kept narrow on purpose: only documentation and repository files, which no build
 * consumes by default, and a file counts as served when any URL the app answered has its file
 * name (a `docs/` folder is often served at the root). Styles, images and configuration are
 * built into bundles under other names, so they never make a run inconclusive here.
 */
import { posix } from 'node:path';

/** Documentation and repository files: read by people and tools, not built into the app. */
const NOT_BUILT =
  /(^|\/)\.(github|gitlab|circleci|husky|vscode|idea|devcontainer)\/|(^|\/)(readme|changelog|changes|history|licen[cs]e|copying|contributing|code_of_conduct|security|authors|notice|codeowners)(\.[a-z]+)?$|\.(md|markdown|mdown|txt|rst|adoc|asciidoc)$|(^|\/)\.(gitignore|gitattributes|editorconfig|npmignore|prettierignore|eslintignore|nvmrc|node-version|mailmap)$/i;

/**
 * Why the session did not test the change, or null when it may have: every changed file is
 * documentation or a repository file and none of them was served (`servedPaths`: the URL paths
 * the app answered in the session).
 */
export function untestedChange(
  changedFiles: readonly string[],
  servedPaths: Iterable<string>,
): string | null {
  if (changedFiles.length === 0 || !changedFiles.every((file) => NOT_BUILT.test(file))) {
    return null;
  }
  const served = new Set<string>();
  for (const path of servedPaths) served.add(posix.basename(safeDecode(path)).toLowerCase());
  if (changedFiles.some((file) => served.has(posix.basename(file).toLowerCase()))) return null;
  const shown = changedFiles.slice(0, 3).join(', ');
  const more = changedFiles.length > 3 ? ` and ${changedFiles.length - 3} more` : '';
  return (
    `the change touches only documentation or repository files (${shown}${more}), none of ` +
    'which the app served in this session, so nothing it changed was tested'
  );
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
