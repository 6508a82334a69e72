import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { END, renderActionDocs, START } from '../../scripts/action-docs.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('README', () => {
  it('documents exactly the inputs and outputs of action.yml (run npm run docs:action)', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    const expected = await renderActionDocs(await readFile(join(ROOT, 'action.yml'), 'utf8'));
    expect(block).toBe(expected);
    expect(expected).toMatch(/\| `start-command` +\|/);
    expect(expected).toMatch(/\| `result` +\|/);
  });

  it('keeps the quick start commands that CI runs', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const ci = await readFile(join(ROOT, '.ci', 'run'), 'utf8');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm test');
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm run demo/m);
  });
});
