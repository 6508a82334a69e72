/**
 * Secret redaction for everything a run writes: snapshots, logs, reports, the trace. Known
 * secret values (from the environment, inputs, the action's secrets) are replaced by `***`,
 * in the forms they usually take when they leak: as is, URL-encoded (a token in a query string),
 * base64 (a `Basic` auth header, a data URL), JSON- and HTML-escaped.
 */

/** What a secret is replaced by (the same mask GitHub Actions uses in logs). */
export const REDACTED = '***';

/**
 * Values shorter than this are not redacted. A 1–3 character "secret" (`1`, `true`, `dev`,
 * a port number) also occurs all over ordinary text: masking it would shred every snapshot and
 * log (and the pattern of `***` would itself reveal the value), while such a value protects
 * nothing anyway. GitHub Actions makes the same trade-off for its log masking.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Base64 fragments shorter than this are not used to match a secret embedded at an offset
 * inside a larger base64 text: a short fragment could match by chance inside an embedded
 * screenshot and corrupt it.
 */
const MIN_BASE64_FRAGMENT = 8;

/** A function that returns `text` with every known secret masked. */
export type Redactor = (text: string) => string;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64Url(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The base64 forms of `secret`: standalone (with and without padding, standard and URL-safe),
 * and the fragments that appear when the secret sits inside a longer encoded value (e.g.
 * `base64("user:" + token)` in a Basic auth header). Base64 encodes 3 bytes as 4 characters, so
 * depending on where the secret starts (offset 0, 1 or 2 modulo 3) a different but predictable
 * run of characters encodes only secret bytes; the characters mixed with neighbouring bytes are
 * left out.
 */
function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const forms: string[] = [];
  const full = toBase64(bytes);
  forms.push(full, full.replace(/=+$/, ''), base64Url(full));
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    const encoded = toBase64(padded);
    const start = offset === 0 ? 0 : 4;
    const end = 4 * Math.floor((offset + bytes.length) / 3);
    const fragment = encoded.slice(start, end);
    if (fragment.length >= MIN_BASE64_FRAGMENT) forms.push(fragment, base64Url(fragment));
  }
  return forms;
}

function htmlEscaped(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Every form of one secret worth looking for. */
function formsOf(secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
  ];
  forms.push(JSON.stringify(secret).slice(1, -1), htmlEscaped(secret));
  forms.push(...base64Forms(secret));
  return forms;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a redactor for `secrets`. Values shorter than {@link MIN_SECRET_LENGTH} are ignored
 * (see there why). All forms are matched in one pass, longest first, so a secret that contains
 * another secret is masked whole and `***` is never itself re-matched.
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const patterns = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string') continue;
    for (const candidate of new Set([secret, secret.trim()])) {
      if (candidate.length < MIN_SECRET_LENGTH) continue;
      for (const form of formsOf(candidate)) {
        if (form.length >= MIN_SECRET_LENGTH) patterns.add(form);
      }
    }
  }
  if (patterns.size === 0) return (text) => text;
  // Regex alternation takes the first alternative that matches at a position: longest first.
  const sorted = [...patterns].sort((a, b) => b.length - a.length);
  const regex = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return (text) => (typeof text === 'string' ? text.replace(regex, REDACTED) : text);
}

/**
 * Applies `redact` to every string inside a JSON-able value (objects, arrays, strings), returning
 * a new value of the same shape. Object keys are kept as they are: they are schema field names,
 * and changing one would make the value invalid instead of safe.
 */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out[key] = redactDeep(item, redact);
    }
    return out as T;
  }
  return value;
}
