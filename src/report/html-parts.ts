/**
 * Small escaping and linking helpers shared by the sections of `report.html`: every string that
 * reaches the page goes through {@link escapeHtml}, and only clean images and http(s) links do.
 */

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

const MIME_BY_EXT: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** A data URL for a screenshot, or null when the value is not a clean base64 image. */
export function imageSrc(path: string, value: string | undefined): string | null {
  if (!value) return null;
  const dataUrl = /^data:(image\/(?:png|jpeg|webp|gif));base64,([A-Za-z0-9+/=\s]+)$/.exec(value);
  if (dataUrl) return `data:${dataUrl[1]};base64,${dataUrl[2]!.replace(/\s+/g, '')}`;
  if (!/^[A-Za-z0-9+/=\s]+$/.test(value)) return null;
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() ?? 'png';
  return `data:${MIME_BY_EXT[ext] ?? 'image/png'};base64,${value.replace(/\s+/g, '')}`;
}

/** An external link we render (PR, CI run): only https, never javascript: or data:. */
export function safeLink(url: string | undefined | null, text: string): string {
  if (!url) return e(text);
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') {
      return `<a href="${e(parsed.href)}" rel="noreferrer noopener">${e(text)}</a>`;
    }
  } catch {
    // fall through: shown as text
  }
  return e(text);
}

/** A link to a step of the timeline, or a dash when the item belongs to no step. */
export function stepLink(step: number | null): string {
  return step === null ? '–' : `<a href="#step-${step}">${step}</a>`;
}

/** A bulleted list (items optionally as code), or a muted "none" when empty. */
export function list(items: readonly string[], code: boolean): string {
  if (items.length === 0) return '<span class="muted">none</span>';
  return `<ul>${items.map((i) => `<li>${code ? `<code>${e(i)}</code>` : e(i)}</li>`).join('')}</ul>`;
}

/**
 * A picture a reader can open at full size without script: the figure is its own link target,
 * and the page's CSS lays a `:target` figure over the page with the picture at its own width
 * (scrollable on a phone). The picture is in the page once; the close link goes `back` to its place.
 */
export function zoomable(id: string, picture: string, back: string, caption = ''): string {
  return `<a class="zoom" href="#${e(id)}" title="Open at full size">${picture}</a><a class="close" href="#${e(back)}">✕ Close</a>${caption}`;
}
