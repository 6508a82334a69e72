/**
 * Verdicts are checked, not believed. A model's pass counts only when every piece of its evidence
 * is in the snapshot recorded at the step it cites, and no error was recorded from that step on.
 * Peers that take the model's word produce false passes; here the harness has the last word.
 */
import type { Criterion, Evidence, Finding } from '../../contract/index.js';
import type { RecordedStep } from '../recording.js';
import { parseSnapshot } from './perception.js';
import type { ClaimedEvidence, ClaimedVerdict, PlannedCriterion } from './tools/tool.js';

/** Collapses whitespace, drops a trailing ellipsis (the compact view cuts long text with one). */
export function normalizeText(text: string): string {
  return text
    .replace(/\\"/g, '"')
    .replace(/[\u00a0\s]+/g, ' ')
    .replace(/…$/, '')
    .trim();
}

/** Is this evidence in the snapshot recorded at its step? */
export function evidenceFound(evidence: ClaimedEvidence, steps: RecordedStep[]): boolean {
  const recorded = steps[evidence.step - 1];
  if (!recorded || recorded.step.index !== evidence.step) return false;
  const snapshot = recorded.observation.snapshot;
  if (evidence.quote !== undefined) {
    const quote = normalizeText(evidence.quote);
    // Too short a quote ("OK", "a") proves nothing.
    if (quote.length < 2) return false;
    if (!textOfSnapshot(snapshot).includes(quote)) return false;
  }
  if (evidence.role !== undefined) {
    const role = evidence.role.trim().toLowerCase();
    const name = evidence.name !== undefined ? normalizeText(evidence.name) : null;
    const present = parseSnapshot(snapshot).some(
      (n) =>
        n.role.toLowerCase() === role && (name === null || normalizeText(n.name ?? '') === name),
    );
    if (!present) return false;
  }
  return evidence.quote !== undefined || evidence.role !== undefined;
}

/** The snapshot as searchable text: every line, plus each node's name and text on their own. */
function textOfSnapshot(snapshot: string): string {
  const parts: string[] = [normalizeText(snapshot)];
  for (const node of parseSnapshot(snapshot)) {
    if (node.name) parts.push(normalizeText(node.name));
    if (node.text) parts.push(normalizeText(node.text));
  }
  return parts.join('\n');
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
 * - each criterion owns a window of steps: from the step after the previous verdict's last
 *   evidence step (step 1 for the first) to the end of the run. Errors recorded in it happened
 *   while exercising it, or after the step it relies on;
 * - a claimed pass with an error finding (page error, HTTP 5xx, …) in its window is `fail`,
 *   naming the findings, whatever the model said;
 * - a claimed pass without evidence, or with evidence not found in the recorded snapshot of the
 *   step it cites, is `untested` ("evidence not found in step N");
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
  const windowStart = new Map<string, number>();
  let next = 1;
  for (const v of verdicts) {
    windowStart.set(v.id, next);
    const steps = v.evidence.map((e) => e.step);
    if (steps.length) next = Math.max(next, Math.max(...steps) + 1);
  }
  const inWindow = (id: string, severities: string[]) =>
    input.findings.filter(
      (f) =>
        severities.includes(f.severity) && f.step !== null && f.step >= (windowStart.get(id) ?? 1),
    );
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
    const evidence: Evidence[] = verdict.evidence.map((e) => ({
      step: e.step,
      ...(e.quote !== undefined ? { quote: e.quote } : {}),
      ...(e.role !== undefined ? { role: e.role } : {}),
      ...(e.name !== undefined ? { name: e.name } : {}),
      verified: evidenceFound(e, input.steps),
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
    const missing = evidence.find((e) => !e.verified);
    if (missing) {
      const what =
        missing.quote !== undefined
          ? JSON.stringify(missing.quote)
          : `${missing.role} ${JSON.stringify(missing.name ?? '')}`;
      return {
        ...base,
        status: 'untested',
        reason: `Claimed pass not accepted: evidence not found in step ${missing.step} (${what}).`,
      };
    }
    return { ...base, status: 'pass', ...(verdict.reason ? { reason: verdict.reason } : {}) };
  });
}
