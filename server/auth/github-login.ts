/**
 * The upstream login: GitHub's OAuth web flow. The server exchanges GitHub's code with its
 * client secret, reads the user, and stores the GitHub token sealed (AES-256-GCM). The token
 * never leaves the server.
 */
import type { Config } from '../config.js';
import { UpstreamError, ValidationError } from '../errors.js';
import type { GitHubClientFactory } from '../github/github-api.js';
import type { User } from '../jobs/model.js';
import type { Store } from '../store/store.js';
import { seal } from './crypto.js';

/** Scopes asked of GitHub: `repo` to dispatch workflows and read artifacts. */
export const GITHUB_SCOPES = 'repo';

export class GitHubLogin {
  constructor(
    private readonly config: Config,
    private readonly store: Store,
    private readonly github: GitHubClientFactory,
    private readonly clock: () => number,
  ) {}

  /** The one callback URL to register in the GitHub OAuth app. */
  get callbackUrl(): string {
    return `${this.config.publicUrl}/v1/auth/github/callback`;
  }

  /** GitHub's authorize URL for `state`. */
  authorizeUrl(state: string): string {
    const url = new URL(`${this.config.github.webUrl}/login/oauth/authorize`);
    url.searchParams.set('client_id', this.config.github.clientId);
    url.searchParams.set('redirect_uri', this.callbackUrl);
    url.searchParams.set('scope', GITHUB_SCOPES);
    url.searchParams.set('state', state);
    url.searchParams.set('allow_signup', 'false');
    return url.toString();
  }

  /** Exchanges GitHub's code, then creates or updates the user. */
  async complete(code: string): Promise<User> {
    let res: Response;
    try {
      res = await fetch(`${this.config.github.webUrl}/login/oauth/access_token`, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          client_id: this.config.github.clientId,
          client_secret: this.config.github.clientSecret,
          code,
          redirect_uri: this.callbackUrl,
        }).toString(),
        signal: AbortSignal.timeout(this.config.github.timeoutMs),
      });
    } catch (error) {
      throw new UpstreamError(`GitHub login is unreachable: ${(error as Error).message}`);
    }
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      error?: string;
      error_description?: string;
    };
    if (!res.ok && !body.error) throw new UpstreamError(`GitHub login answered ${res.status}`);
    if (!body.access_token) {
      throw new ValidationError(
        `GitHub refused the authorization code (${body.error ?? 'no token'}): it is wrong, expired or was already used. Start the login again.`,
        'invalid_grant',
      );
    }
    const viewer = await this.github(body.access_token)
      .getViewer()
      .catch((error: unknown) => {
        throw new UpstreamError(`Could not read your GitHub profile: ${(error as Error).message}`);
      });
    const now = new Date(this.clock()).toISOString();
    const existing = await this.store.getUser(viewer.id);
    const user: User = {
      user_id: String(viewer.id),
      github_id: viewer.id,
      github_username: viewer.login,
      encrypted_github_token: seal(this.config.encryptionKey, body.access_token),
      scopes: viewer.scopes,
      created_at: existing?.created_at ?? now,
      last_login_at: now,
    };
    await this.store.putUser(user);
    return user;
  }
}
