/** What setup_repo finds wrong in a repository's workflow, on hand-written workflows. */
import { describe, expect, it } from 'vitest';
import { workflowProblems } from '../../../server/jobs/workflow-check.js';
import { workflowTemplate } from '../../../server/jobs/workflow-template.js';

const JOB = `jobs:
  simulate:
    runs-on: ubuntu-latest
    steps:
      - run: echo
`;
const INPUTS = `    inputs:
      pr_number: { type: string, required: true }
      job_id: { type: string }
      instructions: { type: string }
`;
const RUN_NAME = 'run-name: "${{ inputs.job_id }}"\n';
const PERMISSIONS = 'permissions:\n  contents: read\n  pull-requests: write\n';

describe('workflowProblems', () => {
  it('finds nothing wrong with the shipped workflow', () => {
    expect(workflowProblems(workflowTemplate())).toEqual([]);
  });

  it('a run-name cut by an unquoted " #"', () => {
    const cut = workflowTemplate().replace(/^run-name: "(.*)"$/m, 'run-name: $1');
    const problems = workflowProblems(cut);
    expect(problems.join('\n')).toContain('`run-name` has an expression cut short');
  });

  it('`on: workflow_dispatch` with no inputs: each input named', () => {
    const problems = workflowProblems(`on: workflow_dispatch\n${RUN_NAME}${PERMISSIONS}${JOB}`);
    expect(problems).toHaveLength(3);
    for (const name of ['pr_number', 'job_id', 'instructions']) {
      expect(problems.join('\n')).toContain(`does not declare the input \`${name}\``);
    }
  });

  it('a required input the server does not send', () => {
    const text = `on:\n  workflow_dispatch:\n${INPUTS}      environment: { type: string, required: true }\n${RUN_NAME}${PERMISSIONS}${JOB}`;
    expect(workflowProblems(text)).toEqual([
      expect.stringContaining('The input `environment` is required and has no default'),
    ]);
  });

  it('a run-name without the job id', () => {
    const text = `on:\n  workflow_dispatch:\n${INPUTS}run-name: QA\n${PERMISSIONS}${JOB}`;
    expect(workflowProblems(text)).toEqual([expect.stringContaining('`run-name` does not show')]);
  });

  it('permissions: read-only, none at all, job-level write, write-all', () => {
    const base = `on:\n  workflow_dispatch:\n${INPUTS}${RUN_NAME}`;
    expect(workflowProblems(`${base}permissions:\n  contents: read\n${JOB}`)).toEqual([
      expect.stringContaining('does not grant `pull-requests: write`'),
    ]);
    expect(workflowProblems(`${base}${JOB}`)).toEqual([
      expect.stringContaining('sets no `permissions`'),
    ]);
    const jobLevel = JOB.replace(
      '    runs-on: ubuntu-latest\n',
      '    runs-on: ubuntu-latest\n    permissions:\n      pull-requests: write\n',
    );
    expect(workflowProblems(`${base}permissions: {}\n${jobLevel}`)).toEqual([]);
    expect(workflowProblems(`${base}permissions: write-all\n${JOB}`)).toEqual([]);
  });

  it('a file that is not YAML says so', () => {
    expect(workflowProblems('on: [push\njobs: {')[0]).toContain('The file is not valid YAML');
  });
});
