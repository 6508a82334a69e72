/**
 * Images that finished loading with no pixels. The app's own missing asset is an error (users see
 * a broken picture); a third-party one is a warning (a CDN or an offline runner may be at fault).
 * Each src is reported once. An error page's images are not judged (see `isErrorPage`).
 */
import { isErrorPage, type Check, type CheckFinding } from './types.js';

export const brokenImages: Check = (steps, context) => {
  const allowed = new Set(context.allowedOrigins.map(originOf));
  const seen = new Set<string>();
  const findings: CheckFinding[] = [];
  for (const { step, observation } of steps) {
    if (isErrorPage(observation)) continue;
    for (const image of observation.images) {
      if (!image.broken || seen.has(image.src)) continue;
      seen.add(image.src);
      const own = image.src.startsWith('data:') || allowed.has(originOf(image.src));
      findings.push({
        check: 'broken-image',
        severity: own ? 'error' : 'warning',
        title: `Broken image${image.alt ? ` "${image.alt}"` : ''}: ${shortSrc(image.src)}`,
        step: step.index,
        url: observation.url,
        evidence: `<img src="${image.src}"${image.alt !== null ? ` alt="${image.alt}"` : ''}> loaded with no pixels`,
      });
    }
  }
  return findings;
};

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function shortSrc(src: string): string {
  return src.length <= 80 ? src : `${src.slice(0, 79)}…`;
}
