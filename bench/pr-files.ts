/**
 * The PR the benchmarks give a third-party app when they measure change coverage: one that adds
 * one of the app's own scripts, so every line of it counts as changed. Apps whose code ships only
 * as a large bundle have none.
 */
import { readFile } from 'node:fs/promises';
import type { AppName } from '../third-party/apps.js';

/** Per app, a script of its own (path in this repository) that the PR adds. */
export const PR_FILES: Partial<Record<AppName, string>> = {
  'todomvc-backbone': 'node_modules/todomvc/examples/backbone/js/views/app-view.js',
  'todomvc-vue': 'node_modules/todomvc/examples/vue/js/app.js',
  reveal: 'node_modules/reveal.js/dist/reveal.js',
};

/** A unified diff that adds `path` (relative to this repository) with its current text. */
export async function addedFileDiff(path: string): Promise<string> {
  const lines = (await readFile(path, 'utf8')).replace(/\n$/, '').split('\n');
  return [
    `diff --git a/${path} b/${path}`,
    'new file mode 100644',
    '--- /dev/null',
    `+++ b/${path}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map((line) => `+${line}`),
    '',
  ].join('\n');
}
