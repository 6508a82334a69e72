/**
 * What to type into a field, chosen from its role and name so that a form validates: an email
 * field gets an address, a number field a number. Fixed values keep runs repeatable.
 */
import type { PageElement } from './elements.js';

const BY_NAME: Array<[RegExp, string]> = [
  // An address-shaped placeholder (`you@example.org`) says email as clearly as a label.
  [/e-?mail|\w@\w/i, 'test@example.com'],
  [/phone|mobile|\btel\b|telephone/i, '+1 555 0100'],
  [/\burl\b|website|homepage|\blink\b/i, 'https://example.com'],
  [/password|passcode|\bpin\b/i, 'Sample-passw0rd'],
  [/\bzip\b|postal|postcode/i, '10001'],
  [/\bdate\b|birthday|\bdob\b/i, '2026-01-15'],
  [/\btime\b/i, '10:30'],
  [/\b(age|qty|quantity|amount|number|count|price|total|year)\b/i, '42'],
  [/first ?name|given name/i, 'Ada'],
  [/last ?name|surname|family name/i, 'Lovelace'],
  [/\bname\b/i, 'Ada Lovelace'],
  [/\bcity\b|town/i, 'Springfield'],
  [/\bcountry\b/i, 'Canada'],
  [/tags?\b/i, 'sample, test'],
];

const SEARCH = /search|query|filter|find/i;

/**
 * The sample value for a fillable element. A search box gets a word the page itself shows
 * (`pageWords`, in document order), so the search finds something whose result can be opened.
 */
export function sampleValue(
  element: Pick<PageElement, 'role' | 'name' | 'placeholder'>,
  pageWords: readonly string[] = [],
): string {
  if (element.role === 'spinbutton') return '42';
  const label = `${element.name} ${element.placeholder ?? ''}`;
  if (element.role === 'searchbox' || SEARCH.test(label)) {
    const own = label.toLowerCase();
    return pageWords.find((word) => !own.includes(word.toLowerCase())) ?? 'test';
  }
  for (const [pattern, value] of BY_NAME) if (pattern.test(label)) return value;
  return 'Sample text';
}
