/**
 * Caps on text that came from a repository's run. A workflow anyone can edit writes the report,
 * so any of its fields can be megabytes long; what the server keeps or hands to a chat model is
 * cut to a known length, and the cut is said in the text itself so a reader knows it is partial.
 */

/** `text` cut to `max` characters (a surrogate pair is never split), the cut and the cap said. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}\n[cut: ${text.length - end} more characters; this field is capped at ${max}]`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** A copy of a JSON value with every string in it (object keys included) cut by `capText`. */
export function capStrings<T>(value: T, max: number): T {
  return capValue(value, max) as T;
}

function capValue(value: unknown, max: number): unknown {
  if (typeof value === 'string') return capText(value, max);
  if (Array.isArray(value)) return value.map((item) => capValue(item, max));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [capText(key, max), capValue(item, max)]),
    );
  }
  return value;
}
