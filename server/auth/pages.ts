/** The small HTML pages of the login flow (consent, errors). Everything interpolated is escaped. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem}';

/** The consent page shown before a client gets access for the first time (per client). */
export function consentPage(args: {
  clientName: string;
  redirectHost: string;
  requestId: string;
  csrf: string;
}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Allow access to myfav-coworker</title><style>${STYLE}</style></head><body>
<h1>Allow ${escapeHtml(args.clientName)}?</h1>
<p><strong>${escapeHtml(args.clientName)}</strong> (returning to <code>${escapeHtml(args.redirectHost)}</code>) asks to use myfav-coworker as you: start QA runs of pull requests in repositories you can write to, and read their results.</p>
<p>You will sign in with GitHub next. Your GitHub token stays on this server; the app only gets a myfav-coworker token.</p>
<form method="post" action="/oauth/consent">
<input type="hidden" name="request_id" value="${escapeHtml(args.requestId)}">
<input type="hidden" name="csrf" value="${escapeHtml(args.csrf)}">
<button name="decision" value="approve" type="submit">Allow and sign in with GitHub</button>
<button name="decision" value="deny" type="submit">Deny</button>
</form></body></html>`;
}

/** An error page for problems that cannot be redirected back to the client. */
export function errorPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}
