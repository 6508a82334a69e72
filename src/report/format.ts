/**
 * Small formatting helpers shared by the renderers: durations, byte sizes, money, counts, and
 * text shortening. Pure and locale-independent, so a report reads the same on every runner.
 */

/** `1,234,567`: thousands separators without relying on the runtime's ICU data. */
export function formatCount(n: number): string {
  const [whole = '0', fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `n thing` / `n things` (the plural is `thing + s` unless given). */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** `850 ms`, `3.2 s`, `1m 12s`, `1h 03m`: short enough for a table cell, precise enough to compare. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
}

/** `512 B`, `4.0 KiB`, `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * `$1.23`, `$0.052`, `$0.0031`: runs usually cost cents, so small amounts keep enough digits to
 * tell two runs apart.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) return '–';
  if (usd === 0) return '$0.00';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(4)}`;
}

/** UTF-8 size of a string (comment limits are in bytes; emoji and accents count more than 1). */
export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}

/**
 * Shortens `text` to at most `max` characters (code points), ending with `…` when cut.
 * Cuts on code points so an emoji or accented letter is never split in half.
 */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Collapses runs of whitespace (newlines included) to single spaces and trims. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The last `n` lines of `text` (a log tail). */
export function lastLines(text: string, n: number): string {
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  return lines.slice(Math.max(0, lines.length - n)).join('\n');
}

/** A URL shown to a person: its path for same-origin pages keeps tables narrow. */
export function shortUrl(url: string, baseUrl?: string): string {
  if (!baseUrl) return url;
  try {
    const u = new URL(url);
    const base = new URL(baseUrl);
    if (u.origin === base.origin) return `${u.pathname}${u.search}${u.hash}` || '/';
  } catch {
    // Not a URL (a step that never loaded a page): show it as recorded.
  }
  return url;
}
