/**
 * Verdicts are checked, not believed. A model's pass counts only when every piece of its evidence
 * is in the page tree recorded at the step it cites, and no error was recorded in its steps.
 * Peers that take the model's word produce false passes; here the harness has the last word.
 */
import type { Criterion, Evidence, Finding } from '../../contract/index.js';
import {
  nodesWithRole,
  nodeWithText,
  normalizeText,
  type PageNode,
  type PageTree,
} from '../page/index.js';
import type { RecordedStep } from '../recording.js';
import type { ClaimedEvidence, ClaimedVerdict, PlannedCriterion } from './tools/tool.js';

/** A quote shorter than this (normalised) proves nothing: "OK" is on every other page. */
export const MIN_QUOTE_CHARS = 4;

/**
 * Words of the view's own markup, not of the page: roles, state and attribute names. A quote made
 * only of them ("button", "link [checked]") would be found on almost any page.
 */
const MARKUP_WORDS = new Set(
  (
    'alert alertdialog article banner blockquote button caption cell checkbox code columnheader ' +
    'combobox complementary contentinfo definition deletion dialog document emphasis feed figure ' +
    'form generic grid gridcell group heading img insertion link list listbox listitem log main ' +
    'mark marquee math menu menubar menuitem menuitemcheckbox menuitemradio meter navigation none ' +
    'note option paragraph presentation progressbar radio radiogroup region row rowgroup ' +
    'rowheader scrollbar search searchbox separator slider spinbutton status strong subscript ' +
    'superscript switch tab table tablist tabpanel term textbox time timer toolbar tooltip tree ' +
    'treegrid treeitem iframe text ref url cursor pointer checked disabled expanded active level ' +
    'pressed selected placeholder aria-hidden invalid mixed true false'
  ).split(' '),
);

/** What checking one piece of evidence found: the element it points at, or why it was refused. */
export type EvidenceCheck =
  { ok: true; node: PageNode; tree: PageTree } | { ok: false; reason: string };

/** Why `quote` cannot be evidence whatever the page shows, or null when it may be. */
export function quoteProblem(quote: string): string | null {
  const text = normalizeText(quote);
  if (/\bref=|^\[?(f\d+)?e\d+\]?$/.test(text))
    return `${JSON.stringify(quote)} is a ref, not text the page shows: quote the words a person reads there.`;
  const words = text
    .replace(/[[\]=:"()]/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !/^\d+$/.test(w));
  if (words.length > 0 && words.every((w) => MARKUP_WORDS.has(w)))
    return `${JSON.stringify(quote)} names a role or attribute of the view, not text the page shows: quote the element's label or the sentence itself.`;
  if (text.length < MIN_QUOTE_CHARS)
    return `${JSON.stringify(quote)} is too short to prove anything (at least ${MIN_QUOTE_CHARS} characters): quote the whole label or sentence.`;
  return null;
}

/**
 * Checks one piece of evidence against the tree recorded at its step: a quote must be in an
 * element's name or text content there (normalised; it may span adjacent elements), a role must
 * come with the element's name and match an element of that step.
 */
export function checkEvidence(evidence: ClaimedEvidence, steps: RecordedStep[]): EvidenceCheck {
  const recorded = steps[evidence.step - 1];
  if (!recorded || recorded.step.index !== evidence.step)
    return {
      ok: false,
      reason: `step ${evidence.step} does not exist (steps 1 to ${steps.length} were recorded).`,
    };
  const tree = recorded.observation.tree;
  let node: PageNode | null = null;
  if (evidence.quote !== undefined) {
    const problem = quoteProblem(evidence.quote);
    if (problem) return { ok: false, reason: problem };
    node = nodeWithText(tree, evidence.quote);
    if (!node)
      return {
        ok: false,
        reason: `${JSON.stringify(evidence.quote)} is not in the page of step ${evidence.step}: copy it from that step's view.`,
      };
  }
  if (evidence.role !== undefined) {
    if (!evidence.name?.trim())
      return {
        ok: false,
        reason: `role evidence needs the element's name (a bare "${evidence.role}" is on almost any page).`,
      };
    const [match] = nodesWithRole(tree, evidence.role, evidence.name);
    if (!match)
      return {
        ok: false,
        reason: `no ${evidence.role} named ${JSON.stringify(evidence.name)} in the page of step ${evidence.step}.`,
      };
    node ??= match;
  }
  if (!node) return { ok: false, reason: 'evidence needs a quote, or a role and name.' };
  return { ok: true, node, tree };
}

export interface VerifyInput {
  plan: PlannedCriterion[];
  verdicts: ClaimedVerdict[] | null;
  steps: RecordedStep[];
  findings: Finding[];
  /** Why the run ended early (steps, time, …), for criteria left without a verdict. */
  stoppedEarly?: string;
}

/**
 * Turns the model's claims into checked criteria. Rules:
 * - a criterion the model gave no verdict for is `untested` (with why, when the run stopped early);
 * - each criterion owns the window of steps it was exercised in (`criterionWindows`): errors
 *   recorded there are attributed to it, never to a criterion tested elsewhere;
 * - a claimed pass with an error finding (page error, HTTP 5xx, …) in its window is `fail`,
 *   naming the findings, whatever the model said;
 * - a claimed pass without evidence, or with evidence refused by `checkEvidence`, is `untested`
 *   with the reason;
 * - a fail or blocked verdict stands, and names the findings (errors, warnings) in its window.
 */
export function verifyCriteria(input: VerifyInput): Criterion[] {
  const verdicts = input.verdicts ?? [];
  const byId = new Map(verdicts.map((v) => [v.id, v]));
  const planned: PlannedCriterion[] = [...input.plan];
  // Verdicts for criteria the plan did not list are kept: the model found more to check.
  for (const v of verdicts) {
    if (!planned.some((p) => p.id === v.id))
      planned.push({ id: v.id, description: v.description ?? v.reason ?? v.id });
  }
  const windows = criterionWindows(verdicts);
  const inWindow = (id: string, severities: string[]) => {
    const window = windows.get(id);
    return input.findings.filter(
      (f) =>
        window !== undefined &&
        severities.includes(f.severity) &&
        f.step !== null &&
        f.step >= window.from &&
        f.step <= window.to,
    );
  };
  const name = (findings: Finding[]) =>
    findings
      .slice(0, 3)
      .map((f) => `${f.id} ${f.check} at step ${f.step}: ${f.title}`)
      .join('; ');

  return planned.map((criterion): Criterion => {
    const verdict = byId.get(criterion.id);
    if (!verdict) {
      return {
        id: criterion.id,
        description: criterion.description,
        status: 'untested',
        evidence: [],
        reason: input.stoppedEarly
          ? `Not tested: the run stopped early (${input.stoppedEarly}).`
          : 'Not tested: the model gave no verdict for it.',
      };
    }
    const checks = verdict.evidence.map((e) => checkEvidence(e, input.steps));
    const evidence: Evidence[] = verdict.evidence.map((e, i) => ({
      step: e.step,
      ...(e.quote !== undefined ? { quote: e.quote } : {}),
      ...(e.role !== undefined ? { role: e.role } : {}),
      ...(e.name !== undefined ? { name: e.name } : {}),
      verified: (checks[i] as EvidenceCheck).ok,
    }));
    const base = { id: criterion.id, description: criterion.description, evidence };
    if (verdict.status !== 'pass') {
      const related = inWindow(criterion.id, ['error', 'warning']);
      const reason = [verdict.reason, related.length ? `Findings: ${name(related)}.` : '']
        .filter(Boolean)
        .join(' ');
      return { ...base, status: verdict.status, ...(reason ? { reason } : {}) };
    }
    const errors = inWindow(criterion.id, ['error']);
    if (errors.length > 0) {
      return {
        ...base,
        status: 'fail',
        reason: `The model claimed pass, but errors were recorded while testing it: ${name(errors)}.`,
      };
    }
    if (evidence.length === 0) {
      return {
        ...base,
        status: 'untested',
        reason: 'Claimed pass without evidence; not accepted.',
      };
    }
    const refused = checks.find((c): c is { ok: false; reason: string } => !c.ok);
    if (refused) {
      return {
        ...base,
        status: 'untested',
        reason: `Claimed pass not accepted: ${refused.reason}`,
      };
    }
    return { ...base, status: 'pass', ...(verdict.reason ? { reason: verdict.reason } : {}) };
  });
}

/**
 * The steps each criterion was exercised in: up to its last evidence step, from the step after
 * the nearest earlier evidence step of any other criterion. Errors found in those steps are the
 * criterion's, whatever order the model listed its verdicts in. A criterion without evidence
 * has no window.
 */
export function criterionWindows(
  verdicts: ClaimedVerdict[],
): Map<string, { from: number; to: number }> {
  const windows = new Map<string, { from: number; to: number }>();
  for (const v of verdicts) {
    const own = v.evidence.map((e) => e.step);
    if (own.length === 0) continue;
    const first = Math.min(...own);
    const earlier = verdicts
      .filter((other) => other.id !== v.id)
      .flatMap((other) => other.evidence.map((e) => e.step))
      .filter((step) => step < first);
    windows.set(v.id, {
      from: earlier.length ? Math.max(...earlier) + 1 : 1,
      to: Math.max(...own),
    });
  }
  return windows;
}
