/**
 * The PR comment / job summary: a markdown rendering of a report that always fits GitHub's
 * comment limit, whatever the size of the run, and that page text can never inject markup into.
 */
import { changeCoverageSentence } from './change-coverage-text.js';
import type { Criterion, Evidence, Finding, Report, Result, Step } from '../contract/index.js';
import {
  formatCount,
  formatDuration,
  formatUsd,
  oneLine,
  plural,
  shortUrl,
  truncate,
  utf8Bytes,
} from './format.js';
import { appOutputMarkdown } from './app-output.js';
import { comparisonMarkdown, isAside } from './comparison-markdown.js';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /** Where the artifact (HTML report, screenshots, trace) can be downloaded. */
  artifactUrl?: string;
  /** The report page itself (a single-file artifact the browser opens): the first link. */
  reportPageUrl?: string;
  /** The workflow run; defaults to `environment.ci.runUrl`. */
  runUrl?: string;
  /** Hard limit in UTF-8 bytes. GitHub comments stop at 64 KiB; the default leaves headroom. */
  maxBytes?: number;
  /**
   * A hidden marker put first, to find the sticky comment again: an HTML comment as is
   * (`<!-- myfav-coworker -->`), or a word that gets wrapped in one.
   */
  marker?: string;
}

/** The default size limit: 60 KiB, under GitHub's 65,536-character comment limit. */
export const DEFAULT_MAX_MARKDOWN_BYTES = 60 * 1024;

export const RESULT_EMOJI: Record<Result, string> = {
  pass: '✅',
  fail: '❌',
  inconclusive: '⚠️',
  error: '💥',
};

const RESULT_LABEL: Record<Result, string> = {
  pass: 'Pass',
  fail: 'Fail',
  inconclusive: 'Inconclusive',
  error: 'Error',
};

const CRITERION_EMOJI: Record<Criterion['status'], string> = {
  pass: '✅',
  fail: '❌',
  blocked: '⛔',
  untested: '➖',
};

const SEVERITY_EMOJI: Record<Finding['severity'], string> = {
  error: '🔴',
  warning: '🟠',
  info: '🔵',
};

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Per-field caps: one long field must not eat the whole comment. */
const MAX_DESCRIPTION = 200;
const MAX_URL = 120;
const MAX_CODE = 300;
const MAX_SUMMARY = 1000;
const MAX_LISTED_PAGES = 20;
/** Evidence lengths tried in turn when even the shortest list of steps and findings is too long. */
const EVIDENCE_LEVELS = [300, 120, 40, 0];

/**
 * Untrusted text (page text, model output, URLs) made inert for GitHub markdown, on one line:
 * markdown punctuation is backslash-escaped, `<`, `>` and `&` become entities (so no HTML tag
 * or entity survives), `@` is followed by a zero-width space so a page cannot mention people,
 * and bare URLs are kept from becoming links.
 */
export function escapeMarkdown(text: string): string {
  return (
    oneLine(text)
      .replace(/&/g, '&amp;')
      .replace(/[\\`*_{}[\]()#+\-!|~]/g, '\\$&')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/@/g, '@\u200b')
      // GitHub turns bare `https://…` and `www.…` into links; escaping `:` and `.` there keeps
      // page text from planting clickable links in the comment.
      .replace(/:\/\//g, '\\://')
      .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/**
 * Untrusted text as an inline code span on one line. The fence is one backtick longer than the
 * longest run of backticks inside, so the text cannot close it; in a table cell `|` is escaped
 * (GitHub splits cells before parsing code spans). Inside a table, text holding a backslash
 * falls back to {@link escapeMarkdown}, because `\|` in a code span there cannot be told apart.
 */
export function markdownCode(text: string, inTable = false): string {
  const body = oneLine(text);
  if (!body) return '';
  if (inTable && body.includes('\\')) return escapeMarkdown(body);
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  const inner = inTable ? body.replace(/\|/g, '\\|') : body;
  return `${fence}${pad}${inner}${pad}${fence}`;
}

/** A link target we put in the comment: only http(s), with characters that end a link encoded. */
function safeHref(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return parsed.href.replace(
      /[()<>\s"'`]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
    );
  } catch {
    return null;
  }
}

interface Limits {
  steps: number;
  findings: number;
  criteria: number;
  evidenceChars: number;
}

function formatEvidence(evidence: readonly Evidence[], maxChars: number): string {
  if (evidence.length === 0) return '–';
  return evidence
    .slice(0, 3)
    .map((e) => {
      let text = `step ${e.step}`;
      if (e.quote && maxChars > 0)
        text += `: “${escapeMarkdown(truncate(oneLine(e.quote), maxChars))}”`;
      if ((e.role || e.name) && maxChars > 0) {
        const target = [e.role, e.name ? `“${truncate(oneLine(e.name), 60)}”` : '']
          .filter(Boolean)
          .join(' ');
        text += ` (${escapeMarkdown(target)})`;
      }
      return text + (e.verified ? ' ✓ verified' : ' — not verified');
    })
    .concat(evidence.length > 3 ? [`… ${evidence.length - 3} more`] : [])
    .join('<br>');
}

function criterionRow(c: Criterion, evidenceChars: number): string {
  const reason =
    c.reason && evidenceChars > 0
      ? `<br>_${escapeMarkdown(truncate(c.reason, evidenceChars))}_`
      : '';
  return `| ${CRITERION_EMOJI[c.status]} ${c.status} | ${escapeMarkdown(truncate(c.description, MAX_DESCRIPTION))}${reason} | ${formatEvidence(c.evidence, evidenceChars)} |`;
}

function findingRow(f: Finding, baseUrl: string, evidenceChars: number): string {
  const count = f.count > 1 ? ` (×${formatCount(f.count)})` : '';
  const url = f.url ? markdownCode(truncate(shortUrl(f.url, baseUrl), MAX_URL), true) : '–';
  const evidence =
    evidenceChars > 0 && f.evidence
      ? markdownCode(truncate(oneLine(f.evidence), evidenceChars), true)
      : '–';
  return `| ${SEVERITY_EMOJI[f.severity]} ${f.severity} | ${escapeMarkdown(truncate(f.title, MAX_DESCRIPTION))}${count} | ${markdownCode(f.check, true)} | ${f.step ?? '–'} | ${url} | ${evidence} |`;
}

function stepLine(s: Step, baseUrl: string): string {
  const mark = s.outcome === 'error' ? '❌ ' : '';
  const url = markdownCode(truncate(shortUrl(s.url, baseUrl), MAX_URL));
  let line = `- ${mark}**${s.index}.** ${escapeMarkdown(truncate(s.description, MAX_DESCRIPTION))} · ${url} · ${formatDuration(s.durationMs)}`;
  if (s.error) line += `<br>${escapeMarkdown(truncate(s.error, MAX_DESCRIPTION))}`;
  if (s.code) line += `<br>${markdownCode(truncate(s.code, MAX_CODE))}`;
  return line;
}

function pageList(items: readonly string[], baseUrl: string, asCode: boolean): string {
  const shown = items
    .slice(0, MAX_LISTED_PAGES)
    .map((item) =>
      asCode
        ? markdownCode(truncate(shortUrl(item, baseUrl), MAX_URL))
        : escapeMarkdown(truncate(item, MAX_DESCRIPTION)),
    );
  const more =
    items.length > MAX_LISTED_PAGES
      ? ` and ${formatCount(items.length - MAX_LISTED_PAGES)} more`
      : '';
  return `${shown.join(asCode ? ', ' : '; ')}${more}`;
}

function usageLine(report: Report): string {
  const u = report.usage;
  if (!u.model) return '**Usage:** no model (exploration mode)';
  const cache =
    u.cacheReadTokens > 0 || u.cacheWriteTokens > 0
      ? ` (cache: ${formatCount(u.cacheReadTokens)} read, ${formatCount(u.cacheWriteTokens)} written)`
      : '';
  const cost =
    u.costUsd === null
      ? 'cost unknown (no price for this model)'
      : `≈ ${formatUsd(u.costUsd)}${u.priceTable ? ` (price table: ${escapeMarkdown(u.priceTable)})` : ''}`;
  return `**Usage:** ${markdownCode(u.model)} · ${formatCount(u.inputTokens)} input + ${formatCount(u.outputTokens)} output tokens${cache} · ${cost}`;
}

function timingsLine(report: Report): string {
  const t = report.timings;
  return `**Timings:** total ${formatDuration(t.totalMs)} · app start ${formatDuration(t.appStartMs)} · browser launch ${formatDuration(t.browserLaunchMs)} · steps ${formatDuration(t.stepsMs)} · report ${formatDuration(t.reportMs)}`;
}

const STOP_WORDS: Record<Report['budget']['stoppedBy'], string> = {
  finished: 'finished',
  steps: 'step budget reached',
  turns: 'model-turn budget reached',
  time: 'time budget reached',
  tokens: 'token budget reached',
  cost: 'cost budget reached',
  loop: 'stopped: repeating itself',
  error: 'stopped by an error',
};

function markerLine(marker: string | undefined): string | null {
  if (!marker) return null;
  if (/^<!--[\s\S]*-->$/.test(marker) && !marker.slice(4, -3).includes('--')) return marker;
  return `<!-- ${marker.replace(/-{2,}|[<>]/g, '')} -->`;
}

const FINDINGS_HEADER =
  '| Severity | Finding | Check | Step | URL | Evidence |\n| --- | --- | --- | --- | --- | --- |';

/** The pieces of the comment; built once, assembled under different limits. */
class MarkdownParts {
  readonly findings: Finding[];
  /** Preexisting and flaky findings: listed collapsed, after the PR's own. */
  readonly aside: Finding[];
  readonly stepLines: string[];
  private readonly rowsByEvidence = new Map<number, { criteria: string[]; findings: string[] }>();

  constructor(
    readonly report: Report,
    readonly options: MarkdownOptions,
  ) {
    const baseUrl = report.environment.url;
    const sorted = report.findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
      .map(({ f }) => f);
    this.findings = sorted.filter((f) => !isAside(f));
    this.aside = sorted.filter(isAside);
    this.stepLines = report.steps.map((s) => stepLine(s, baseUrl));
  }

  rows(evidenceChars: number): { criteria: string[]; findings: string[] } {
    let rows = this.rowsByEvidence.get(evidenceChars);
    if (!rows) {
      const baseUrl = this.report.environment.url;
      rows = {
        criteria: this.report.criteria.map((c) => criterionRow(c, evidenceChars)),
        findings: this.findings.map((f) => findingRow(f, baseUrl, evidenceChars)),
      };
      this.rowsByEvidence.set(evidenceChars, rows);
    }
    return rows;
  }

  render(limits: Limits): string {
    const { report, options } = this;
    const baseUrl = report.environment.url;
    const rows = this.rows(limits.evidenceChars);
    const out: string[] = [];
    const marker = markerLine(options.marker);
    if (marker) out.push(marker);

    out.push(
      `### ${RESULT_EMOJI[report.result]} myfav-coworker: **${RESULT_LABEL[report.result]}**`,
    );
    out.push(
      `> ${escapeMarkdown(truncate(report.summary, MAX_SUMMARY)) || RESULT_LABEL[report.result]}`,
    );

    const env = report.environment;
    const meta = [
      env.pr ? `PR #${env.pr.number}` : null,
      `${env.mode === 'agent' ? 'agent' : 'exploration'} mode`,
      env.viewport,
      plural(report.steps.length, 'step'),
      plural(report.coverage.visited.length, 'page'),
      formatDuration(report.timings.totalMs),
      STOP_WORDS[report.budget.stoppedBy],
    ].filter((x): x is string => x !== null);
    out.push(meta.join(' · '));
    // Names in the note come from the PR's code: escaped like any other text from it.
    if (report.budget.stopNote) out.push('', `Stopped: ${escapeMarkdown(report.budget.stopNote)}`);

    const artifact = safeHref(options.artifactUrl);
    const page = safeHref(options.reportPageUrl);
    const run = safeHref(options.runUrl ?? env.ci?.runUrl);
    const links = [
      page ? `🔎 [Open the report](${page})` : null,
      artifact
        ? page
          ? `📦 [Everything (zip): trace, full-size screenshots, logs](${artifact})`
          : `📦 [Full report: HTML with screenshots, trace](${artifact})`
        : null,
      run ? `[Workflow run](${run})` : null,
    ].filter((x): x is string => x !== null);
    if (links.length > 0) out.push(links.join(' · '));
    if (report.changeCoverage) {
      out.push(`**${escapeMarkdown(changeCoverageSentence(report.changeCoverage))}**`);
    }

    // Why the run broke is usually in the app's own words (e.g. npm's "Missing script").
    const appOutput =
      report.result === 'error' ? appOutputMarkdown(report.appLogTail, report.appExit) : '';
    if (appOutput) out.push(appOutput);

    if (report.criteria.length > 0) {
      const shown = rows.criteria.slice(0, limits.criteria);
      out.push(
        `#### Acceptance criteria\n\n| Status | Criterion | Evidence |\n| --- | --- | --- |\n${shown.join('\n')}`,
      );
      const hidden = report.criteria.length - shown.length;
      if (hidden > 0)
        out.push(`_… ${plural(hidden, 'more criterion', 'more criteria')} in the HTML report._`);
    }

    if (this.findings.length > 0) {
      const shown = rows.findings.slice(0, limits.findings);
      if (shown.length > 0) {
        out.push(
          `#### Findings (${formatCount(this.findings.length)})\n\n${FINDINGS_HEADER}\n${shown.join('\n')}`,
        );
      } else {
        out.push(`#### Findings (${formatCount(this.findings.length)})`);
      }
      const hidden = this.findings.length - shown.length;
      if (hidden > 0) out.push(`_… ${plural(hidden, 'more finding')} in the HTML report._`);
    } else if (this.aside.length > 0) {
      out.push(
        '#### Findings\n\nNone new: what was recorded was already on the base, or flaky (below).',
      );
    } else {
      out.push(
        '#### Findings\n\nNone: no console errors, page errors or failed requests were recorded.',
      );
    }

    out.push(
      ...comparisonMarkdown(report, this.aside.slice(0, limits.findings), {
        escape: escapeMarkdown,
        code: (text) => markdownCode(text),
        row: (f) => findingRow(f, baseUrl, limits.evidenceChars),
        header: FINDINGS_HEADER,
        artifact: page ?? artifact,
      }),
    );

    out.push(usageLine(report));

    if (report.steps.length > 0) {
      const shown = this.stepLines.slice(0, limits.steps);
      const hidden = report.steps.length - shown.length;
      const note = hidden > 0 ? `\n\n_… ${plural(hidden, 'more step')} in the HTML report._` : '';
      out.push(
        `<details><summary>Steps (${formatCount(report.steps.length)})</summary>\n\n${shown.join('\n')}${note}\n\n</details>`,
      );
    }

    const coverage = [
      `**Visited (${formatCount(report.coverage.visited.length)}):** ${report.coverage.visited.length > 0 ? pageList(report.coverage.visited, baseUrl, true) : 'none'}`,
    ];
    const { ratio, interactive, exercised, floor } = report.coverage;
    if (ratio !== undefined && interactive !== undefined && exercised !== undefined) {
      const under = floor !== undefined && ratio < floor ? ', under the floor of ' : ', floor ';
      coverage.push(
        `**Coverage:** ${Math.floor(ratio * 100)}% (${formatCount(exercised)} of ${formatCount(interactive)} pages and controls seen were exercised${floor !== undefined ? `${under}${Math.floor(floor * 100)}%` : ''})`,
      );
    }
    if (report.coverage.notCovered.length > 0) {
      coverage.push(
        `**Not covered (${formatCount(report.coverage.notCovered.length)}):** ${pageList(report.coverage.notCovered, baseUrl, false)}`,
      );
    }
    out.push(coverage.join('<br>\n'));

    out.push(timingsLine(report));
    out.push(
      `<sub>myfav-coworker ${escapeMarkdown(report.tool.version)} · report schema v${report.schemaVersion}</sub>`,
    );
    return `${out.join('\n\n')}\n`;
  }
}

/** The largest n in [0, max] whose rendering fits, given that n = max does not; null if none. */
function largestFitting(
  max: number,
  build: (n: number) => string,
  fits: (s: string) => boolean,
): string | null {
  const zero = build(0);
  if (!fits(zero)) return null;
  let lo = 0;
  let best = zero;
  let hi = max;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const text = build(mid);
    if (fits(text)) {
      lo = mid;
      best = text;
    } else {
      hi = mid;
    }
  }
  return best;
}

/** Cuts `text` to `maxBytes` on a line boundary, never splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  const note = '\n\n_… the rest of this report is in the HTML report._\n';
  const budget = Math.max(0, maxBytes - utf8Bytes(note));
  const bytes = new TextEncoder().encode(text).slice(0, budget);
  const decoded = new TextDecoder().decode(bytes).replace(/\uFFFD+$/, '');
  const lastBreak = decoded.lastIndexOf('\n');
  return (lastBreak > 0 ? decoded.slice(0, lastBreak) : decoded) + note;
}

/**
 * Renders the report as markdown for a PR comment or the job summary: verdict line, summary,
 * criteria and findings tables, usage and cost, the steps (collapsed), coverage, links, timings.
 *
 * It always fits in `maxBytes` (UTF-8): when it would not, it shows fewer steps first, then
 * fewer findings (errors are kept first), then shorter evidence, then fewer criteria, each time
 * saying how many more are in the HTML report. Every string from the page or the model is
 * escaped (see {@link escapeMarkdown}, {@link markdownCode}).
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MARKDOWN_BYTES;
  const fits = (text: string): boolean => utf8Bytes(text) <= maxBytes;
  const parts = new MarkdownParts(report, options);
  const all: Limits = {
    steps: report.steps.length,
    findings: report.findings.length,
    criteria: report.criteria.length,
    evidenceChars: EVIDENCE_LEVELS[0]!,
  };

  const full = parts.render(all);
  if (fits(full)) return full;

  const fewerSteps = largestFitting(all.steps, (n) => parts.render({ ...all, steps: n }), fits);
  if (fewerSteps !== null) return fewerSteps;

  const noSteps = { ...all, steps: 0 };
  const fewerFindings = largestFitting(
    all.findings,
    (n) => parts.render({ ...noSteps, findings: n }),
    fits,
  );
  if (fewerFindings !== null) return fewerFindings;

  for (const evidenceChars of EVIDENCE_LEVELS.slice(1)) {
    const limits = { ...noSteps, findings: 0, evidenceChars };
    const text = parts.render(limits);
    if (fits(text)) return text;
  }

  const last = { ...noSteps, findings: 0, evidenceChars: 0 };
  const fewerCriteria = largestFitting(
    all.criteria,
    (n) => parts.render({ ...last, criteria: n }),
    fits,
  );
  if (fewerCriteria !== null) return fewerCriteria;

  // Only a tiny maxBytes gets here; the verdict and summary come first, so they survive the cut.
  return cutToBytes(parts.render({ ...last, criteria: 0 }), maxBytes);
}
