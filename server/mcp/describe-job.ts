/** Turns a job into the sentence a chat user reads first; the run's own text comes fenced. */
import type { PublicJob } from '../jobs/model.js';
import { FIELD_CAP, fenceCapped } from './untrusted.js';

export function describeJob(job: PublicJob): string {
  const lines = [`Job ${job.job_id} for ${job.pr_url}: ${job.status}.`];
  if (job.report) {
    lines.push(`Verdict: ${job.report.result.toUpperCase()}. Summary from the run:`);
    lines.push(fenceCapped(job.report.summary, FIELD_CAP));
    lines.push(
      `Criteria: ${job.report.criteria.pass} passed, ${job.report.criteria.fail} failed, ${job.report.criteria.other} other; ${job.report.findings} finding(s).`,
    );
  }
  // The reason can quote the run (a report the server could not read), so it is fenced too.
  if (job.error) lines.push(`Reason:\n${fenceCapped(job.error, FIELD_CAP)}`);
  if (job.report_page_url) lines.push(`Report page (opens in a browser): ${job.report_page_url}`);
  if (job.run_url) lines.push(`Run: ${job.run_url}`);
  if (job.artifact_url)
    lines.push(`Artifact (HTML report, screenshots, trace): ${job.artifact_url}`);
  if (job.status === 'pending' || job.status === 'running') {
    lines.push(
      'Call get_simulation again (with wait_seconds) to get the verdict when the run ends.',
    );
  }
  return lines.join('\n');
}
