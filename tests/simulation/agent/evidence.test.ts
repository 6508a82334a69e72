/**
 * Evidence that means something: quotes are looked for in the names and text of the tree
 * recorded at the cited step (never in the view's markup), role evidence needs a name, and
 * errors count against the criterion whose steps they happened in. Expected outcomes are written
 * out by hand from the sample pages.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/contract/index.js';
import { exportSpec } from '../../../src/simulation/agent/spec-export.js';
import { checkEvidence, verifyCriteria } from '../../../src/simulation/agent/verify.js';
import { toPageTree } from '../../../src/simulation/page/index.js';
import { samplePage, stepWith } from './sample-page.js';

const toast = toPageTree([
  {
    role: 'main',
    ref: 'e1',
    children: [
      { role: 'heading', name: 'Don’t lose your notes', level: 1, ref: 'e2' },
      {
        role: 'paragraph',
        ref: 'e3',
        children: [{ role: 'strong', ref: 'e4', text: 'Saved' }, ' to your favourites — 3 items'],
      },
    ],
  },
]);
const steps = [stepWith(1, samplePage()), stepWith(2, samplePage('Saved')), stepWith(3, toast)];
const plan = [
  { id: 'C1', description: 'Saving confirms' },
  { id: 'C2', description: 'The page opens' },
];

function finding(step: number): Finding {
  return {
    id: 'F1',
    check: 'page-error',
    severity: 'error',
    title: 'Uncaught TypeError',
    step,
    url: null,
    evidence: 'TypeError',
    count: 1,
  };
}

describe('evidence', () => {
  it.each([
    ['a role word', 'button'],
    ['a role and attribute', 'checkbox [checked]'],
    ['a ref', 'e11'],
    ['a ref attribute', 'ref=e6'],
    ['an attribute name', 'cursor=pointer'],
    ['a two-letter quote', 'Sa'],
  ])('refuses %s, with a reason the model can act on', (_what, quote) => {
    const check = checkEvidence({ step: 1, quote }, steps);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(/quote the/);
  });

  it('refuses role evidence without a name, and a name not on that step', () => {
    expect(checkEvidence({ step: 2, role: 'status' }, steps)).toMatchObject({ ok: false });
    expect(checkEvidence({ step: 1, role: 'button', name: 'Delete' }, steps)).toMatchObject({
      ok: false,
    });
    expect(checkEvidence({ step: 1, role: 'button', name: 'add to favourites' }, steps).ok).toBe(
      true,
    );
  });

  it('accepts curly quotes, case, dashes and text split over adjacent elements', () => {
    for (const quote of [
      "don't lose your NOTES",
      'Saved to your favourites - 3 items',
      'saved   to your favourites',
    ])
      expect(checkEvidence({ step: 3, quote }, steps), quote).toMatchObject({ ok: true });
  });

  it('accepts a quote only at the step that showed it', () => {
    expect(checkEvidence({ step: 2, quote: 'Saved' }, steps).ok).toBe(true);
    const [c] = verifyCriteria({
      plan: [plan[0]!],
      verdicts: [{ id: 'C1', status: 'pass', evidence: [{ step: 1, quote: 'Saved' }] }],
      steps,
      findings: [],
    });
    expect(c).toMatchObject({
      status: 'untested',
      reason: expect.stringContaining('not in the page of step 1'),
    });
  });

  it('fails the criterion whose steps the error happened in, whatever the order of verdicts', () => {
    const criteria = verifyCriteria({
      plan,
      verdicts: [
        { id: 'C1', status: 'pass', evidence: [{ step: 3, quote: 'Saved to your favourites' }] },
        { id: 'C2', status: 'pass', evidence: [{ step: 1, role: 'heading', name: 'Groceries' }] },
      ],
      steps,
      findings: [finding(1)],
    });
    expect(criteria.map((c) => [c.id, c.status])).toEqual([
      ['C1', 'pass'],
      ['C2', 'fail'],
    ]);
    expect(criteria[1]?.reason).toContain('F1 page-error at step 1');
  });

  it('exports assertions on the element the evidence was found in, never on a role word', () => {
    const criteria = verifyCriteria({
      plan,
      verdicts: [
        { id: 'C1', status: 'pass', evidence: [{ step: 3, quote: 'Saved to your favourites' }] },
        { id: 'C2', status: 'pass', evidence: [{ step: 1, role: 'heading', name: 'Groceries' }] },
      ],
      steps,
      findings: [],
    });
    const spec = exportSpec({ title: 't', origin: 'http://127.0.0.1', steps, criteria });
    expect(spec).toContain(
      "await expect(page.getByRole('heading', { name: 'Groceries', exact: true }).first()).toBeVisible(); // C2",
    );
    expect(spec).toContain(
      "await expect(page.getByText('Saved to your favourites — 3 items').first()).toBeVisible(); // C1",
    );
    expect(spec).not.toMatch(/getByText\('(button|heading|status)'\)/);
  });
});
