/**
 * What the verdict card shows of a report, for `get_report`'s structured content: the verdict,
 * the criteria, the findings by where they come from (new in the PR, already on the base,
 * fixed by the PR), the pages that look different from the base, and the link to the full
 * report. Every text the run wrote is capped and fenced, as in the tools' text.
 */
import type { Report } from '../../../src/contract/index.js';
import { fenceCapped } from '../untrusted.js';

/** Longest run-written text per line of the card, and most lines per list. */
const LINE_CAP = 300;
const MAX_ITEMS = 30;

/** The card's data. */
export interface VerdictCardData {
  verdict: Report['result'];
  summary: string;
  criteria: { description: string; status: string }[];
  /** `new`, `preexisting` or `flaky` when the run was compared with the base, else `found`. */
  findings: { title: string; severity: string; kind: string }[];
  fixed: { title: string; severity: string }[];
  /** Pages whose screenshots differ from the base: share of pixels changed, 0..1. */
  visual: { page: string; ratio: number; expected: boolean }[];
  /** Lines left out of each list (over `MAX_ITEMS`). */
  more: { criteria: number; findings: number; fixed: number; visual: number };
  report_url: string | null;
}

const line = (text: string) => fenceCapped(text, LINE_CAP);

/** The card of `report`; `reportUrl` is where the full report is (the run's artifact). */
export function verdictCard(report: Report, reportUrl: string | null): VerdictCardData {
  const fixed = report.comparison?.fixed ?? [];
  const visual = report.comparison?.visual ?? [];
  return {
    verdict: report.result,
    summary: fenceCapped(report.summary, 2_000),
    criteria: report.criteria.slice(0, MAX_ITEMS).map((c) => ({
      description: line(c.description),
      status: c.status,
    })),
    findings: report.findings.slice(0, MAX_ITEMS).map((f) => ({
      title: line(f.title),
      severity: f.severity,
      kind: f.baseline ?? 'found',
    })),
    fixed: fixed.slice(0, MAX_ITEMS).map((f) => ({ title: line(f.title), severity: f.severity })),
    visual: visual.slice(0, MAX_ITEMS).map((v) => ({
      page: line(v.page),
      ratio: v.ratio,
      expected: v.expected,
    })),
    more: {
      criteria: Math.max(0, report.criteria.length - MAX_ITEMS),
      findings: Math.max(0, report.findings.length - MAX_ITEMS),
      fixed: Math.max(0, fixed.length - MAX_ITEMS),
      visual: Math.max(0, visual.length - MAX_ITEMS),
    },
    report_url: reportUrl,
  };
}

/** Where a `get_report` result carries the card's pictures: for the card, not the model. */
export const CARD_PICTURES_META = 'myfav-coworker/visual-pictures';

/** The base's and the PR's picture of one visual change, as `data:image/jpeg` URLs. */
export interface CardPictures {
  before: string | null;
  after: string | null;
}

/** A kept JPEG as a data URL, or null when it is missing or not a JPEG. */
function jpegUrl(data: Uint8Array | undefined): string | null {
  if (!data || data[0] !== 0xff || data[1] !== 0xd8 || data[2] !== 0xff) return null;
  return `data:image/jpeg;base64,${Buffer.from(data).toString('base64')}`;
}

/**
 * The before/after pictures of the card's visual changes, by the change's position in the
 * card's list, from the pictures the server kept of the artifact (each already capped there).
 */
export function cardPictures(
  report: Report,
  kept: ReadonlyMap<string, Uint8Array>,
): (CardPictures | null)[] {
  const visual = (report.comparison?.visual ?? []).slice(0, MAX_ITEMS);
  const written = report.files.visualPreviews ?? [];
  return visual.map((_, change) => {
    const files = written.find((w) => w.change === change);
    if (!files) return null;
    const before = files.before ? jpegUrl(kept.get(files.before)) : null;
    const after = files.after ? jpegUrl(kept.get(files.after)) : null;
    return before || after ? { before, after } : null;
  });
}
