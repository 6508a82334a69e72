import { describe, expect, it } from 'vitest';
import { templateOf } from '../../../src/simulation/browser/playwright-driver.js';

describe('templateOf (accessibility is checked once per page template)', () => {
  it('folds id-like segments so /notes/1 and /notes/2 are one page', () => {
    expect(templateOf('/notes/1')).toBe('/notes/:id');
    expect(templateOf('/notes/2')).toBe(templateOf('/notes/1'));
    expect(templateOf('/u/3f2a9c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/edit')).toBe('/u/:id/edit');
  });

  it('keeps named segments apart', () => {
    expect(templateOf('/notes/new')).toBe('/notes/new');
    expect(templateOf('/settings')).not.toBe(templateOf('/about'));
  });
});
