import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS } from '../../src/action/inputs.js';
import { OUTPUT_NAMES } from '../../src/action/outputs.js';
import { DispatchInputsSchema, runNameFor } from '../../src/contract/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = async (file: string) =>
  parse(await readFile(path.join(ROOT, file), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('action.yml', () => {
  it('declares exactly the inputs the code reads, with the same defaults', async () => {
    const action = await load('action.yml');
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort());
    for (const [name, spec] of Object.entries<{ default?: string; description: string }>(
      action.inputs,
    )) {
      expect(spec.description, name).toBeTruthy();
      if (name === 'github-token') expect(spec.default).toBe('${{ github.token }}');
      else
        expect(spec.default ?? '', name).toBe(INPUT_DEFAULTS[name as keyof typeof INPUT_DEFAULTS]);
    }
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post.js' });
    expect(action.branding).toBeDefined();
  });
});

describe('the workflow users copy (and the server dispatches)', () => {
  it('takes the dispatch inputs of the contract, names the run after the job id, least permissions', async () => {
    const wf = await load('.github/workflows/myfav-coworker.yml');
    const dispatch = wf.on.workflow_dispatch.inputs;
    expect(Object.keys(dispatch).sort()).toEqual(Object.keys(DispatchInputsSchema.shape).sort());
    expect(wf.on).toHaveProperty('pull_request');
    expect(wf.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    // run-name: format('myfav-coworker job {0}', inputs.job_id) must equal runNameFor(jobId).
    const format = /format\('([^']*\{0\}[^']*)', inputs\.job_id\)/.exec(wf['run-name'])?.[1];
    expect(format?.replace('{0}', 'job_123456')).toBe(runNameFor('job_123456'));
    const steps = wf.jobs.simulate.steps as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const checkout = steps.find((s) => String(s.uses).startsWith('actions/checkout'));
    expect(checkout?.with.ref).toContain("format('refs/pull/{0}/head', inputs.pr_number)");
    const action = steps.find((s) => String(s.uses).includes('myfav-coworker'));
    expect(action?.with).toMatchObject({
      'pr-number': '${{ inputs.pr_number }}',
      'job-id': '${{ inputs.job_id }}',
      instructions: '${{ inputs.instructions }}',
    });
  });
});
