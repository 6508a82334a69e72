/**
 * The fake GitHub refuses a dispatch the way GitHub does, because it reads the workflow file
 * with GitHub's own parser and expression engine. Expected messages are GitHub's, written out
 * by hand (REST docs and the answers users report).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW_FILE } from '../../src/contract/index.js';
import { workflowTemplate } from '../../server/jobs/workflow-template.js';
import { createFakeGitHub, type FakeGitHub } from '../../fakes/github/server.js';
import { evaluateExpression, isTruthy } from '../../fakes/github/workflow-file.js';

const PATH = `.github/workflows/${DEFAULT_WORKFLOW_FILE}`;
const TOKEN = 'gho_dispatcher';
let github: FakeGitHub;

beforeAll(async () => {
  github = await createFakeGitHub();
  github.state.addToken(TOKEN, 'alice');
});

afterAll(async () => {
  await github?.close();
});

async function dispatch(repo: string, body: Record<string, unknown>) {
  const res = await fetch(
    `${github.url}/repos/${repo}/actions/workflows/${DEFAULT_WORKFLOW_FILE}/dispatches`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
  );
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const INPUTS = { pr_number: '5', job_id: 'job_abc' };

describe('dispatching the user workflow on the fake', () => {
  it('names the run by evaluating the file’s run-name with GitHub’s expression engine', async () => {
    github.state.addFile('acme/ok', PATH, workflowTemplate());
    const res = await dispatch('acme/ok', {
      ref: 'main',
      inputs: INPUTS,
      return_run_details: true,
    });
    expect(res.status).toBe(200);
    const run = github.state.findRun(res.body.workflow_run_id as number);
    expect(run?.name).toBe('myfav-coworker job job_abc');

    // The name comes from the file: another run-name gives another name.
    github.state.addFile(
      'acme/named',
      PATH,
      workflowTemplate().replace(/^run-name: .*$/m, 'run-name: "QA of #${{ inputs.pr_number }}"'),
    );
    const other = await dispatch('acme/named', {
      ref: 'main',
      inputs: INPUTS,
      return_run_details: true,
    });
    expect(github.state.findRun(other.body.workflow_run_id as number)?.name).toBe('QA of #5');
  });

  it('a cut run-name expression: the run fails at once with GitHub’s parse error', async () => {
    const cut = workflowTemplate().replace(/^run-name: "(.*)"$/m, 'run-name: $1');
    github.state.addFile('acme/cut', PATH, cut);
    const res = await dispatch('acme/cut', {
      ref: 'main',
      inputs: INPUTS,
      return_run_details: true,
    });
    const run = github.state.findRun(res.body.workflow_run_id as number);
    expect(run?.status).toBe('completed');
    expect(run?.conclusion).toBe('failure');
    expect(run?.error).toContain(`Invalid workflow file: ${PATH}`);
    expect(run?.error).toContain('The expression is not closed');
  });

  it('an input the workflow does not declare: 422 Unexpected inputs provided', async () => {
    github.state.addFile('acme/inputs', PATH, workflowTemplate());
    const res = await dispatch('acme/inputs', {
      ref: 'main',
      inputs: { ...INPUTS, browser: 'firefox' },
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('Unexpected inputs provided: ["browser"]');
    expect(github.state.runs.filter((r) => r.repo === 'acme/inputs')).toHaveLength(0);
  });

  it('a required input left out: 422 naming it', async () => {
    github.state.addFile('acme/required', PATH, workflowTemplate());
    const res = await dispatch('acme/required', { ref: 'main', inputs: { job_id: 'x' } });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("Required input 'pr_number' not provided");
  });

  it('a workflow without workflow_dispatch: 422 with GitHub’s message', async () => {
    github.state.addFile(
      'acme/push',
      PATH,
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
    );
    const res = await dispatch('acme/push', { ref: 'main', inputs: INPUTS });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe("Workflow does not have 'workflow_dispatch' trigger");
  });

  it('GHES mode: 422 for return_run_details, 204 without it', async () => {
    github.state.addFile('acme/ghes', PATH, workflowTemplate());
    github.state.dispatchMode = 'ghes';
    try {
      const refused = await dispatch('acme/ghes', {
        ref: 'main',
        inputs: INPUTS,
        return_run_details: true,
      });
      expect(refused.status).toBe(422);
      expect(refused.body.message).toContain('return_run_details');
      const accepted = await dispatch('acme/ghes', { ref: 'main', inputs: INPUTS });
      expect(accepted.status).toBe(204);
    } finally {
      github.state.dispatchMode = 'run-details';
    }
  });
});

describe('the user workflow’s expressions, by GitHub’s engine', () => {
  const checkoutRef = /ref: \$\{\{ (.*) \}\}/.exec(workflowTemplate())?.[1] ?? '';

  it('checks out refs/pull/N/head on a dispatch, and the event’s merge commit on a PR', () => {
    expect(checkoutRef).toContain('workflow_dispatch');
    const dispatch = { github: { event_name: 'workflow_dispatch' }, inputs: { pr_number: '5' } };
    expect(evaluateExpression(checkoutRef, dispatch).coerceString()).toBe('refs/pull/5/head');
    const pr = { github: { event_name: 'pull_request' }, inputs: {} };
    expect(evaluateExpression(checkoutRef, pr).coerceString()).toBe('');
  });

  it('a step’s if: follows the job status functions', () => {
    const ctx = { github: { event_name: 'pull_request' } };
    expect(isTruthy(evaluateExpression('success()', ctx, false))).toBe(true);
    expect(isTruthy(evaluateExpression('success()', ctx, true))).toBe(false);
    expect(isTruthy(evaluateExpression('always()', ctx, true))).toBe(true);
    expect(
      isTruthy(evaluateExpression("failure() && github.event_name == 'pull_request'", ctx, true)),
    ).toBe(true);
  });
});
