/**
 * The bundled action (dist/) run as a GitHub runner runs it, against a fake GitHub and a real
 * fixture app with a planted bug, in real Chromium: the verdict, the artifact, the sticky comment
 * (under Node 24, as action.yml runs it), dispatch inputs and bad inputs (Node 20 and Node 24).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandsOf, runAction } from './action-runner.js';
import {
  artifactName,
  basePageName,
  parseReport,
  reportPageName,
} from '../../src/contract/index.js';
import { useDistHarness, REPO } from './dist-harness.js';
import { openReportPage } from './report-page.js';

const h = useDistHarness(100);

// The full run under Node 24, the runtime action.yml names (runs.using: node24); Node 20 runs the
// bundle in the other tests of this folder and reads its inputs below.
describe('the bundle under Node 24 (runs.using: node24)', () => {
  const index = 1;
  it('tests a PR with a planted bug: artifact with report.json, one comment, summary, outputs, exit by fail-on', async () => {
    const node = h.runtimes[index]!;
    const number = await h.openPull();
    const result = await runAction(
      h.spec(node, { runId: 5000 + index, event: h.pullEvent(number) }),
    );
    const context = `${node.label}\nstdout:\n${result.stdout.slice(-4000)}\nstderr:\n${result.stderr.slice(-2000)}`;

    // The verdict: the broken "Favourites" link is found, and fail-on: fail fails the step.
    expect(result.outputs.result, context).toBe('fail');
    expect(result.code, context).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace

    // The artifact: report.json at its root, valid against the contract.
    const [artifact] = h.gh.state
      .finalizedArtifacts('myfav-coworker-report')
      .filter((a) => a.backendRunId === `run-${5000 + index}`);
    expect(artifact, context).toBeDefined();
    const report = parseReport(h.gh.state.artifactText(artifact!, 'report.json') ?? '');
    expect(report.result).toBe('fail');
    expect(report.environment.pr?.number).toBe(number);
    expect(report.environment.changedFiles).toEqual(h.fixture.changedFiles);
    expect(report.findings.some((f) => /404/.test(f.evidence + f.title))).toBe(true);
    // compare-base is on by default for a pull_request run: the planted link is new in this PR.
    expect(report.comparison).toMatchObject({ baseRef: 'main', method: 'explore' });
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.baseline)).toContain(
      'new',
    );
    expect(result.outputs['artifact-id']).toBe(String(artifact!.id));

    // Outputs, summary, comment.
    expect(result.outputs['report-path']).toMatch(/report\.json$/);
    expect(existsSync(result.outputs['report-path']!)).toBe(true);
    expect(result.outputs.summary).toBe(report.summary);
    expect(result.summary).toContain('myfav-coworker');
    expect(h.ours(number)).toHaveLength(1);
    expect(h.ours(number)[0]?.body).toContain(`/artifacts/${artifact!.id}`);
    expect(commandsOf(result.stdout, 'error').length).toBeGreaterThan(0); // annotations

    // The report page: uploaded alone with skipArchive, the first link of comment and summary.
    const [page] = h.gh.state
      .finalizedArtifacts(reportPageName('myfav-coworker-report'))
      .filter((a) => a.backendRunId === `run-${5000 + index}`);
    expect(page, context).toBeDefined();
    expect(page!.mimeType).toBe('text/html');
    const pageUrl = `https://github.com/${REPO}/actions/runs/${5000 + index}/artifacts/${page!.id}`;
    const firstLink = (md: string) => /\]\((https:[^)]+)\)/.exec(md)?.[1];
    expect(firstLink(h.ours(number)[0]!.body)).toBe(pageUrl);
    expect(firstLink(result.summary)).toBe(pageUrl);
    // Following that link answers the page itself, which Chromium shows whole on its own.
    const onFake = (url: string) => h.gh.url + new URL(url).pathname;
    const opened = await openReportPage(onFake(pageUrl), `dist-node-${index}`, onFake);
    expect(opened.contentType).toMatch(/^text\/html/);
    expect(opened.bytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(opened.otherRequests).toEqual([]);
    expect(opened.images.total).toBeGreaterThan(0);
    expect(opened.images.broken).toBe(0);
    expect(opened.verdict).toBe('fail');
    // Its link to the base run's report opens the base run's own page, uploaded alone too.
    const [basePage] = h.gh.state
      .finalizedArtifacts(basePageName('myfav-coworker-report'))
      .filter((a) => a.backendRunId === `run-${5000 + index}`);
    expect(basePage, context).toBeDefined();
    expect(basePage!.mimeType).toBe('text/html');
    expect(opened.base?.url).toBe(
      `https://github.com/${REPO}/actions/runs/${5000 + index}/artifacts/${basePage!.id}`,
    );
    expect(opened.base?.contentType).toMatch(/^text\/html/);
    expect(opened.base?.verdict).toBe(report.comparison?.baseResult);
    expect(opened.base?.brokenImages).toBe(0);
    // It says it is the base run, not the PR's: a reader landing on it cannot mistake it.
    expect(opened.base?.side).toMatch(
      /^Base run: this tested the base branch \(main\) without the PR/,
    );
    expect(opened.base?.title).toMatch(/Base run · PR #/);
    expect(opened.side).toBeNull();
  }, 300_000);
});

describe('the bundle on a runner', () => {
  // The comparison with the base is the Node 24 run's to show: these runs are about the comment
  // and the artifact's name, and a second session on the base would only double their cost.
  const notCompared = { 'compare-base': 'false' };

  it('updates its comment on the second run of a PR with 150 other comments, with fail-on never', async () => {
    const node = h.runtimes[0]!;
    const number = await h.openPull();
    await runAction(h.spec(node, { runId: 6001, event: h.pullEvent(number), inputs: notCompared }));
    for (let i = 0; i < 150; i += 1) h.gh.state.addComment(REPO, number, `review comment ${i}`);
    const first = h.ours(number)[0];
    const second = await runAction(
      h.spec(node, {
        runId: 6002,
        event: h.pullEvent(number),
        inputs: { ...notCompared, 'fail-on': 'never' },
      }),
    );
    expect(second.outputs.result).toBe('fail');
    expect(second.code).toBe(0); // fail-on: never
    expect(h.ours(number)).toHaveLength(1);
    expect(h.ours(number)[0]?.id).toBe(first?.id);
    expect(h.ours(number)[0]!.updatedAt >= first!.updatedAt).toBe(true);
    expect(h.gh.state.commentsOn(REPO, number)).toHaveLength(151);
  }, 300_000);

  it('names the artifact after the job id of a workflow_dispatch with pr-number', async () => {
    const node = h.runtimes[1]!;
    const number = await h.openPull();
    const jobId = 'job_dispatch_0001';
    const result = await runAction(
      h.spec(node, {
        runId: 6003,
        eventName: 'workflow_dispatch',
        event: { inputs: { pr_number: String(number), job_id: jobId } },
        inputs: { ...notCompared, 'pr-number': String(number), 'job-id': jobId },
      }),
    );
    expect(result.outputs['job-id']).toBe(jobId);
    const [artifact] = h.gh.state.finalizedArtifacts(artifactName(jobId));
    expect(artifact).toBeDefined();
    const report = parseReport(h.gh.state.artifactText(artifact!, 'report.json') ?? '');
    expect(report.environment.ci?.jobId).toBe(jobId);
    expect(report.environment.pr?.number).toBe(number);
    expect(h.ours(number)).toHaveLength(1);
  }, 300_000);

  it.each([
    { index: 0, label: 'Node 20' },
    { index: 1, label: 'Node 24' },
  ])('lists every bad input in one error, without a stack trace ($label)', async ({ index }) => {
    const result = await runAction(
      h.spec(h.runtimes[index]!, {
        inputs: { url: '', 'max-steps': 'many', viewport: 'tablet', 'fail-on': 'sometimes' },
      }),
    );
    expect(result.code).toBe(1);
    const [error] = commandsOf(result.stdout, 'error');
    expect(error).toMatch(/Invalid inputs \(4\)/);
    for (const name of ['url', 'max-steps', 'viewport', 'fail-on']) expect(error).toContain(name);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });
});
