/** setup_repo hands out exactly the workflow this repository ships for users to copy. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKFLOW_FILE, runNameFor } from '../../../src/contract/index.js';
import { workflowTemplate } from '../../../server/jobs/workflow-template.js';

describe('workflowTemplate', () => {
  it('is the shipped .github/workflows file, with the dispatch inputs the server sends', () => {
    const shipped = readFileSync(
      new URL(`../../../.github/workflows/${DEFAULT_WORKFLOW_FILE}`, import.meta.url),
      'utf8',
    );
    expect(workflowTemplate()).toBe(shipped);
    for (const input of ['pr_number:', 'job_id:', 'instructions:', 'workflow_dispatch:']) {
      expect(workflowTemplate()).toContain(input);
    }
    // The run-name format matches what the server searches for.
    expect(runNameFor('abc123')).toBe('myfav-coworker job abc123');
    expect(workflowTemplate()).toContain("format('myfav-coworker job {0}', inputs.job_id)");
  });
});
