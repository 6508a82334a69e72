/**
 * Stack frames read through a bundle's source map, as esbuild writes it: a frame in the bundle
 * maps back to the file it came from (the library's or the app's); a map the script names but
 * that cannot be read is said, not taken for "no map". Expected files written by hand.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackFrame } from '../../../src/simulation/browser/driver.js';
import { FrameSources } from '../../../src/simulation/checks/frame-sources.js';

const ORIGIN = 'http://127.0.0.1:4000';
let project = '';
let files: Record<string, string> = {};

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), 'frame-sources-'));
  await mkdir(join(project, 'node_modules', 'greet'), { recursive: true });
  await mkdir(join(project, 'src'));
  await writeFile(
    join(project, 'node_modules', 'greet', 'index.js'),
    'export function greet(name) {\n  console.error("greet: no name");\n  return "hi " + name;\n}\n',
  );
  await writeFile(
    join(project, 'src', 'main.js'),
    'import { greet } from "greet";\nconsole.error("main: starting");\ngreet("x");\n',
  );
  await build({
    entryPoints: [join(project, 'src', 'main.js')],
    outfile: join(project, 'dist', 'app.js'),
    bundle: true,
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  files = {
    [`${ORIGIN}/app.js`]: await readFile(join(project, 'dist', 'app.js'), 'utf8'),
    [`${ORIGIN}/app.js.map`]: await readFile(join(project, 'dist', 'app.js.map'), 'utf8'),
  };
});
afterAll(() => rm(project, { recursive: true, force: true }));

/** The 1-based position of the `n`th `console.error` call in the bundle. */
function callAt(n: number): { line: number; column: number } {
  const lines = files[`${ORIGIN}/app.js`]!.split('\n');
  let seen = 0;
  for (const [index, text] of lines.entries()) {
    const column = text.indexOf('console.error');
    if (column >= 0 && ++seen === n) return { line: index + 1, column: column + 1 };
  }
  throw new Error('no such call');
}

describe('FrameSources', () => {
  it("maps each frame of a bundle to the library's file or the app's", async () => {
    const fetchText = async (url: string) => {
      const text = files[url];
      if (text === undefined) throw new Error(`${url} answered 404`);
      return text;
    };
    const frames: StackFrame[] = [
      { url: `${ORIGIN}/app.js`, ...callAt(1), functionName: 'greet' },
      { url: `${ORIGIN}/app.js`, ...callAt(2), functionName: '' },
    ];
    await new FrameSources(fetchText).resolve(frames);
    expect(frames.map((f) => new URL(f.source!).pathname)).toEqual([
      '/node_modules/greet/index.js',
      '/src/main.js',
    ]);
  });

  it('says why when the named map cannot be read', async () => {
    const fetchText = async (url: string) => {
      if (url.endsWith('.map')) throw new Error(`${url} answered 404`);
      return files[url]!;
    };
    const frame: StackFrame = { url: `${ORIGIN}/app.js`, ...callAt(1), functionName: 'greet' };
    await new FrameSources(fetchText).resolve([frame]);
    expect(frame.source).toBeUndefined();
    expect(frame.sourceMapError).toBe(`${ORIGIN}/app.js.map answered 404`);
  });
});
