/**
 * GitHub's token endpoint (`/login/oauth/access_token`), for a code or a refresh token. GitHub
 * answers errors with HTTP 200 and an `error` field; each is mapped to what it means for us:
 * the server's own OAuth app settings are wrong (the operator must fix them), or the person's
 * code or refresh token is spent (they must log in again).
 */
import type { Config } from '../config.js';
import { AppError, UpstreamError, ValidationError } from '../errors.js';

/** GitHub's answer: classic OAuth apps give no expiry; GitHub Apps' user tokens expire. */
export interface GitHubTokens {
  access_token: string;
  /** Scopes granted, as GitHub lists them in `scope` (comma-separated). */
  scopes: string[];
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

/** The server's GitHub OAuth app is set up wrong (502: only the operator can fix it). */
export class GitHubMisconfiguredError extends AppError {
  constructor(message: string) {
    super('github_oauth_misconfigured', message, 502);
  }
}

const MISCONFIGURED: Record<string, string> = {
  incorrect_client_credentials: 'GITHUB_CLIENT_ID / GITHUB_CLIENT_SECRET are wrong',
  redirect_uri_mismatch:
    "the app's callback URL is not <PUBLIC_URL>/v1/auth/github/callback (or PUBLIC_URL is wrong)",
  unsupported_grant_type: 'the GitHub app does not issue refresh tokens',
};

/** Posts `params` (plus the app's credentials) to GitHub's token endpoint. */
export async function exchangeWithGitHub(
  config: Config,
  params: Record<string, string>,
): Promise<GitHubTokens> {
  let res: Response;
  try {
    res = await fetch(`${config.github.webUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: config.github.clientId,
        client_secret: config.github.clientSecret,
        ...params,
      }).toString(),
      signal: AbortSignal.timeout(config.github.timeoutMs),
    });
  } catch (error) {
    throw new UpstreamError(`GitHub login is unreachable: ${(error as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  const error = typeof body.error === 'string' ? body.error : null;
  if (error && MISCONFIGURED[error]) {
    throw new GitHubMisconfiguredError(
      `The server's GitHub OAuth app is misconfigured: GitHub answered ${error} (${MISCONFIGURED[error]}). Tell the server's operator.`,
    );
  }
  if (error === 'bad_verification_code' || error === 'bad_refresh_token') {
    throw new ValidationError(
      `GitHub refused the ${error === 'bad_refresh_token' ? 'refresh token' : 'authorization code'} (${error}): it is expired or was already used. Log in again.`,
      'invalid_grant',
    );
  }
  if (error || !res.ok || typeof body.access_token !== 'string') {
    throw new UpstreamError(`GitHub login failed: ${error ?? `HTTP ${res.status}, no token`}`);
  }
  const num = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
  const scopes = typeof body.scope === 'string' ? body.scope.split(/[\s,]+/).filter(Boolean) : [];
  const expiresIn = num(body.expires_in);
  const refreshIn = num(body.refresh_token_expires_in);
  return {
    access_token: body.access_token,
    scopes,
    ...(expiresIn ? { expires_in: expiresIn } : {}),
    ...(typeof body.refresh_token === 'string' ? { refresh_token: body.refresh_token } : {}),
    ...(refreshIn ? { refresh_token_expires_in: refreshIn } : {}),
  };
}
