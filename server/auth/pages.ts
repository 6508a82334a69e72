/**
 * The small HTML pages of the login flows (consent, done, errors) and the headers every one of
 * them carries. Everything interpolated is escaped.
 */
import type { Context } from 'hono';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/**
 * A CSP source for where a form on our page may lead: the origin of an http(s) URL, or the
 * scheme of an app's own (`vscode:`). Chromium applies `form-action` to every redirect that
 * follows the POST, so the consent form must list exactly the places its answer goes.
 */
export function formTarget(url: string): string {
  const u = new URL(url);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : u.protocol;
}

/**
 * Sends one of our pages: nothing loads from anywhere, nothing frames it, no referrer leaves it
 * (its URL carries login state), no cache keeps it. `formActions` lists the origins the page's
 * form (and the redirects after its POST) may reach besides our own.
 */
export function sendPage(
  c: Context,
  html: string,
  status: 200 | 400 | 403 | 404 | 502 = 200,
  formActions: string[] = [],
): Response {
  const actions = ["'self'", ...new Set(formActions)].join(' ');
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'unsafe-inline'; form-action ${actions}; frame-ancestors 'none'; base-uri 'none'`,
  );
  c.header('X-Frame-Options', 'DENY');
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cache-Control', 'no-store');
  return c.html(html, status);
}

/** The consent page shown before a client gets access for the first time (per client). */
export function consentPage(args: {
  clientName: string;
  /** Who is asking, as a person can check it: the host of the client id or redirect URI. */
  clientHost: string;
  redirectHost: string;
  requestId: string;
  csrf: string;
}): string {
  const name = escapeHtml(args.clientName);
  return page(
    'Allow access to myfav-coworker',
    `<h1>Allow ${name}?</h1>
<p><strong>${name}</strong> from <code>${escapeHtml(args.clientHost)}</code> (returning to <code>${escapeHtml(args.redirectHost)}</code>) asks to use myfav-coworker as you: start QA runs of pull requests in repositories you can write to, and read their results.</p>
<p>You will sign in with GitHub next. Your GitHub token stays on this server; the app only gets a myfav-coworker token.</p>
<form method="post" action="/oauth/consent">
<input type="hidden" name="request_id" value="${escapeHtml(args.requestId)}">
<input type="hidden" name="csrf" value="${escapeHtml(args.csrf)}">
<button name="decision" value="approve" type="submit">Allow and sign in with GitHub</button>
<button name="decision" value="deny" type="submit">Deny</button>
</form>`,
  );
}

/** The page that ends a flow with nothing to hand back (e.g. an added GitHub scope). */
export function donePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

/** An error page for problems that cannot (or must not) be redirected back to the client. */
export function errorPage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
