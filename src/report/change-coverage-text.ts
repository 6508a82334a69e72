/**
 * Change coverage in one sentence, for the PR comment and the job summary:
 * `Change coverage: 9 of 12 changed lines ran; never ran: exportCsv (src/export.js).`
 */
import type { ChangeCoverage } from '../contract/index.js';
import { plural } from './format.js';

/** Function names shown before "and N more". */
const MAX_NAMES = 3;

/** The sentence (plain text, to be escaped by the caller); see the module comment. */
export function changeCoverageSentence(coverage: ChangeCoverage): string {
  const { changedLines, ranLines } = coverage.totals;
  const parts: string[] = [];
  if (changedLines === 0) {
    parts.push('Change coverage: the diff changes no executable line');
  } else {
    parts.push(`Change coverage: ${ranLines} of ${plural(changedLines, 'changed line')} ran`);
    const names = coverage.functionsNotRun;
    if (names.length > 0) {
      const more = names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : '';
      parts.push(`never ran: ${names.slice(0, MAX_NAMES).join(', ')}${more}`);
    }
  }
  if (coverage.unmapped.length > 0) {
    parts.push(`${plural(coverage.unmapped.length, 'changed code file')} not measured`);
  }
  if (!coverage.browser.measured) parts.push('browser side not measured');
  return `${parts.join('; ')}.`;
}
