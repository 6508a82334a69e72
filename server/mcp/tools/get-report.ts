/** `get_report`: the full report of a completed job, as markdown or as the report.json contract. */
import { z } from 'zod';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { publicJob } from '../../jobs/model.js';
import { describeJob } from '../describe-job.js';
import { ok } from '../context.js';
import { previewContent } from '../report-images.js';
import { defineTool } from '../tool.js';
import { capStrings, capText } from '../../cap-text.js';
import { UNTRUSTED_NOTE, fenceJob, fenceUntrusted } from '../untrusted.js';
import { CARD_PICTURES_META, cardPictures, verdictCard } from '../verdict-card/card-data.js';

/** Longest string of the report (a criterion, a finding, a step) in the answer. */
export const REPORT_FIELD_CAP = 4_000;
/** Longest report text in the answer; the artifact holds the whole report. */
export const REPORT_TEXT_CAP = 200_000;

// Built once per process: the schemas are the same for every request's server.
const CONFIG = {
  title: 'Get a simulation report',
  description:
    'The full report of a completed simulation: criteria with evidence, findings, steps with their Playwright code, the link to the report page, and the pictures that decided the verdict as images. format "markdown" (default) reads well; "json" is the report.json contract. ' +
    UNTRUSTED_NOTE,
  inputSchema: {
    job_id: z.string().min(1).max(64),
    format: z.enum(['markdown', 'json']).optional(),
  },
  annotations: { readOnlyHint: true },
};

/** `get_report`, as the SDK server and the fast call path run it. */
export const getReport = defineTool('get_report', CONFIG, async ({ job_id, format }, ctx) => {
  const { job, report } = await ctx.jobs.report(ctx.user, job_id, ctx.log);
  if (!report) {
    return {
      isError: true,
      content: [{ type: 'text', text: `No report yet. ${describeJob(publicJob(job))}` }],
    };
  }
  const page = job.report_page_url
    ? `Report page (opens in a browser): ${job.report_page_url}\n`
    : '';
  const intro = `${page}Report of job ${job.job_id} (${job.pr_url}), as the run wrote it:`;
  const capped = capStrings(report, REPORT_FIELD_CAP);
  const fence = (text: string) => fenceUntrusted(capText(text, REPORT_TEXT_CAP));
  // The verdict card's data (hosts with MCP Apps render it; the text is the same for all).
  const data = { job: fenceJob(publicJob(job)), card: verdictCard(report, job.artifact_url) };
  // The deciding pictures (the failing step, the visual difference) as image content.
  const kept = await ctx.jobs.previews(job.job_id);
  const pictures = previewContent(report, kept);
  // The card's before/after pictures ride in _meta, which is not content a host gives the
  // model; an MCP Apps host hands the whole result to the card.
  const visual = cardPictures(report, kept);
  const meta = visual.some(Boolean) ? { _meta: { [CARD_PICTURES_META]: visual } } : {};
  const withPictures = (text: string) => {
    const result = { ...ok(text, data), ...meta };
    return pictures.length ? { ...result, content: [...result.content, ...pictures] } : result;
  };
  if (format === 'json') return withPictures(`${intro}\n${fence(JSON.stringify(capped, null, 2))}`);
  const markdown = renderMarkdown(capped, {
    ...(job.artifact_url ? { artifactUrl: job.artifact_url } : {}),
    ...(job.report_page_url ? { reportPageUrl: job.report_page_url } : {}),
    ...(job.run_url ? { runUrl: job.run_url } : {}),
  });
  return withPictures(`${intro}\n${fence(markdown)}`);
});
