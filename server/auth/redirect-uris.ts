/** Which redirect URIs a client may register, and when a requested one matches a registered one. */

const LOOPBACK_HOSTS = ['127.0.0.1', '[::1]', 'localhost'];

/** Redirect URIs we accept: https anywhere, http only to loopback, or an app's own scheme. */
export function acceptableRedirect(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.includes(url.hostname);
  return (
    /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) &&
    !['javascript:', 'data:', 'file:', 'vbscript:', 'blob:', 'about:'].includes(url.protocol)
  );
}

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname);
}

/**
 * True when `requested` is one of `registered`: the exact string, or for an http loopback URI
 * the same host, path and query on any port, because a native app listens on whatever port the
 * system gives it (RFC 8252 §7.3).
 */
export function redirectMatches(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  let want: URL;
  try {
    want = new URL(requested);
  } catch {
    return false;
  }
  if (!isLoopbackHttp(want) || want.hash || want.username || want.password) return false;
  return registered.some((uri) => {
    const have = new URL(uri);
    return (
      isLoopbackHttp(have) &&
      have.hostname === want.hostname &&
      have.pathname === want.pathname &&
      have.search === want.search
    );
  });
}
