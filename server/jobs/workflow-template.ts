/**
 * The workflow a repo needs so the server can dispatch simulations: the same text as the
 * repository's `.github/workflows/myfav-coworker.yml` (the file users copy; a test keeps the two
 * equal). Its `run-name` carries the job id, which is how the server finds the run when GitHub
 * answers a dispatch with 204 instead of the run's id.
 */

/** The YAML of `.github/workflows/<file>`. */
export function workflowTemplate(): string {
  return WORKFLOW_YAML;
}

const WORKFLOW_YAML = `# Copy this file to .github/workflows/myfav-coworker.yml in your repository.
# It tests every pull request, and it is also the workflow the myfav-coworker server dispatches
# (with pr_number and job_id) when someone asks for a run from their chat client.
name: myfav-coworker

# The server finds the run it dispatched by this name: keep the job id in it. Quoted: an
# unquoted " #" would start a YAML comment and cut the expression.
run-name: "\${{ inputs.job_id && format('myfav-coworker job {0}', inputs.job_id) || format('myfav-coworker PR #{0}', github.event.pull_request.number || inputs.pr_number) }}"

on:
  pull_request:
  workflow_dispatch:
    inputs:
      pr_number:
        description: Pull request number to test
        required: true
        type: string
      job_id:
        description: Set by the myfav-coworker server
        required: false
        type: string
      instructions:
        description: What to test, on top of the PR's description
        required: false
        type: string

# Least privilege: read the code, write the PR comment.
permissions:
  contents: read
  pull-requests: write

concurrency:
  group: myfav-coworker-\${{ github.event.pull_request.number || inputs.pr_number }}-\${{ inputs.job_id || 'pr' }}
  cancel-in-progress: \${{ github.event_name == 'pull_request' }}

jobs:
  simulate:
    runs-on: ubuntu-latest
    timeout-minutes: 20
    steps:
      - uses: actions/checkout@v6
        with:
          # A dispatch has no PR in its context: check out the PR's head explicitly.
          ref: \${{ github.event_name == 'workflow_dispatch' && format('refs/pull/{0}/head', inputs.pr_number) || '' }}
          persist-credentials: false
          # The whole history, so the run can be compared with the PR's true merge base.
          fetch-depth: 0

      - uses: actions/setup-node@v6
        with:
          node-version: 24
          cache: npm

      - run: npm ci

      - uses: myfav-coworker/myfav-coworker@v1
        with:
          start-command: npm start
          url: http://localhost:3000
          pr-number: \${{ inputs.pr_number }}
          job-id: \${{ inputs.job_id }}
          instructions: \${{ inputs.instructions }}
          anthropic-api-key: \${{ secrets.ANTHROPIC_API_KEY }}
`;
