/**
 * Publishing a finished report: the artifact, annotations, the job summary, the sticky PR
 * comment, the step's outputs and status. Each part may fail alone and only ever warns: the
 * report is on disk already, and its verdict decides the exit status whatever happens here.
 */
import { REPORT_FILE, basePageName, reportPageName, type Report } from '../contract/index.js';
import { emitAnnotations } from '../github/annotations.js';
import {
  artifactServiceMissing,
  type ArtifactUploader,
  type FileUploader,
} from '../github/artifact-uploader.js';
import { writeJobSummary } from '../github/job-summary.js';
import type { Octokit } from '../github/octokit.js';
import { messageOf, type PrContext } from '../github/pr-context.js';
import { COMMENT_MARKER, upsertStickyComment } from '../github/sticky-comment.js';
import {
  baseReportFile,
  relinkBaseReport,
  renderMarkdown,
  type BaseReportLink,
} from '../report/index.js';
import type { ActionInputs } from './inputs.js';
import { outputsOf, setOutputs, shouldFail } from './outputs.js';
import type { ActionRuntime } from './runtime.js';
import type { ActionSettings } from './settings.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** What publishing needs. */
export interface PublishInput {
  runtime: ActionRuntime;
  env: NodeJS.ProcessEnv;
  uploadArtifact: ArtifactUploader;
  /** Uploads `report.html` alone, unzipped, for the browser to open; none: no page link. */
  uploadPage?: FileUploader;
  inputs: ActionInputs;
  context: PrContext;
  octokit: Octokit | null;
  settings: ActionSettings;
  report: Report;
  files: string[];
  /** Notes shown above the report in the comment and the summary. */
  notes: string[];
  redact: (text: string) => string;
}

/** Publishes `report` everywhere it goes; see the module comment. */
export async function publish(input: PublishInput): Promise<void> {
  const { runtime, report, settings, redact } = input;
  const warn = (message: string): void => runtime.warning(redact(message));
  const reportPath = path.join(settings.outDir, REPORT_FILE);
  runtime.info(`Result: ${report.result}. ${redact(report.summary)}`);
  runtime.info(`Report: ${reportPath}`);

  const artifactId = await publishArtifact(input, warn);
  const pageId = artifactId !== null ? await publishPages(input, artifactId, warn) : null;
  const artifactUrl = artifactLink(settings, artifactId);
  const reportPageUrl = artifactLink(settings, pageId);
  const options = {
    ...(artifactUrl ? { artifactUrl } : {}),
    ...(reportPageUrl ? { reportPageUrl } : {}),
    ...(settings.runUrl ? { runUrl: settings.runUrl } : {}),
  };
  const notesMd = input.notes.map((n) => `> [!NOTE]\n> ${n}\n\n`).join('');
  try {
    emitAnnotations(
      {
        error: (m, t) => runtime.error(redact(m), t),
        warning: (m, t) => runtime.warning(redact(m), t),
        notice: (m, t) => runtime.notice(redact(m), t),
      },
      report,
    );
  } catch (error) {
    warn(`Could not write annotations: ${messageOf(error)}`);
  }
  try {
    await writeJobSummary(
      (md) => runtime.appendSummary(md),
      redact(notesMd + renderMarkdown(report, { ...options, maxBytes: 900 * 1024 })),
    );
  } catch (error) {
    warn(`Could not write the job summary: ${messageOf(error)}`);
  }
  const maxBytes = 60 * 1024 - Buffer.byteLength(notesMd);
  const comment =
    notesMd + renderMarkdown(report, { ...options, marker: COMMENT_MARKER, maxBytes });
  await publishComment(input, redact(comment), warn);

  setOutputs(runtime, outputsOf(report, reportPath, artifactId, settings.jobId));
  if (shouldFail(report.result, input.inputs['fail-on'])) {
    runtime.setFailed(
      redact(
        `myfav-coworker: ${report.result} (fail-on: ${input.inputs['fail-on']}). ${report.summary}`,
      ),
    );
  }
}

async function publishArtifact(
  input: PublishInput,
  warn: (message: string) => void,
): Promise<number | null> {
  const { settings } = input;
  const missing = artifactServiceMissing(input.env);
  if (missing) {
    warn(`Report artifact not uploaded: ${missing}. The report is at ${settings.outDir}.`);
    return null;
  }
  try {
    const uploaded = await input.uploadArtifact(
      settings.artifactName,
      settings.outDir,
      input.files,
    );
    input.runtime.info(`Uploaded artifact ${uploaded.name} (id ${uploaded.id}).`);
    return uploaded.id;
  } catch (error) {
    warn(
      `Could not upload the report artifact ${settings.artifactName}: ${messageOf(error)}. The report is at ${settings.outDir}.`,
    );
    return null;
  }
}

/** Where a person opens artifact `id` of this run (the run page's link), when known. */
function artifactLink(settings: ActionSettings, id: number | null): string | undefined {
  return id !== null && settings.runUrl ? `${settings.runUrl}/artifacts/${id}` : undefined;
}

/** `file` (relative to the report folder) when the run wrote it, else null. */
function writtenFile(input: PublishInput, file: string): string | null {
  const full = path.resolve(input.settings.outDir, file);
  return input.files.some((f) => path.resolve(f) === full) ? full : null;
}

/**
 * Uploads the report page, and the base run's page before it, each as a single file: served
 * alone, the report page cannot reach `base/report.html` beside it, so its link to the base
 * run's report points to that page's own artifact (or to the zip when it could not be
 * uploaded). The report page's id, or null (with a warning) when it was not uploaded.
 */
async function publishPages(
  input: PublishInput,
  artifactId: number,
  warn: (message: string) => void,
): Promise<number | null> {
  const { settings, report, uploadPage } = input;
  const page = writtenFile(input, 'report.html');
  if (!uploadPage || !page) return null;
  const baseFile = baseReportFile(report);
  if (!baseFile) return uploadOne(input, reportPageName(settings.artifactName), page, warn);
  const basePage = writtenFile(input, baseFile);
  const baseId = basePage
    ? await uploadOne(input, basePageName(settings.artifactName), basePage, warn)
    : null;
  const baseUrl = artifactLink(settings, baseId);
  const link: BaseReportLink = baseUrl
    ? { where: 'page', url: baseUrl }
    : { where: 'zip', url: artifactLink(settings, artifactId) ?? null };
  const html = relinkBaseReport(await readFile(page, 'utf8'), report, link);
  return uploadOne(input, reportPageName(settings.artifactName), page, warn, html);
}

/** Uploads one page as a single file; its id, or null (with a warning) when it failed. */
async function uploadOne(
  input: PublishInput,
  name: string,
  file: string,
  warn: (message: string) => void,
  content?: string,
): Promise<number | null> {
  try {
    const uploaded = await input.uploadPage!(name, file, content);
    input.runtime.info(`Uploaded the page ${uploaded.name} (id ${uploaded.id}).`);
    return uploaded.id;
  } catch (error) {
    warn(
      `Could not upload the page ${name}: ${messageOf(error)}. It is in the artifact ${input.settings.artifactName}.`,
    );
    return null;
  }
}

async function publishComment(
  input: PublishInput,
  markdown: string,
  warn: (message: string) => void,
): Promise<void> {
  const { context, octokit, runtime } = input;
  if (!input.inputs.comment) return;
  if (!context.pr || !context.repository) {
    runtime.info('No pull request: no PR comment (the job summary has the report).');
    return;
  }
  if (!octokit) {
    warn('No github-token: the PR comment was not posted.');
    return;
  }
  const [owner = '', repo = ''] = context.repository.split('/');
  try {
    const result = await upsertStickyComment(
      octokit,
      { owner, repo, issueNumber: context.pr.number },
      markdown,
    );
    runtime.info(`PR comment ${result.action}: ${result.url}`);
  } catch (error) {
    const hint =
      (error as { status?: number }).status === 403
        ? ' (the token cannot write here: a fork PR\'s token is read-only, or the workflow lacks "pull-requests: write")'
        : '';
    warn(`Could not post the PR comment: ${messageOf(error)}${hint}`);
  }
}
