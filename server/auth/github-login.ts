/**
 * The upstream login: GitHub's OAuth web flow. The server exchanges GitHub's code with its
 * client secret, reads the user, and stores the GitHub token sealed (AES-256-GCM), with the
 * scopes it carries and, for a GitHub App's expiring token, its sealed refresh token
 * (`github-token-refresh.ts`). The token never leaves the server.
 */
import type { Config } from '../config.js';
import { UpstreamError } from '../errors.js';
import type { GitHubClientFactory } from '../github/github-api.js';
import type { User } from '../jobs/model.js';
import type { Store } from '../store/store.js';
import { seal } from './crypto.js';
import { exchangeWithGitHub, type GitHubTokens } from './github-token-exchange.js';
import { saveRefreshState, tokenExpiry } from './github-token-refresh.js';

/** Scopes of the normal login: `repo` to dispatch workflows and read artifacts. */
export const GITHUB_SCOPES = 'repo';
/** Scopes of the second authorization `setup_repo` needs to commit a workflow file. */
export const GITHUB_WORKFLOW_SCOPES = 'repo workflow';

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

  /** GitHub's authorize URL for `state`, asking for `scopes`. */
  authorizeUrl(state: string, scopes: string = GITHUB_SCOPES): string {
    const url = new URL(`${this.config.github.webUrl}/login/oauth/authorize`);
    url.searchParams.set('client_id', this.config.github.clientId);
    url.searchParams.set('redirect_uri', this.callbackUrl);
    url.searchParams.set('scope', scopes);
    url.searchParams.set('state', state);
    url.searchParams.set('allow_signup', 'false');
    return url.toString();
  }

  /** Exchanges GitHub's code, then creates or updates the user. */
  async complete(code: string): Promise<User> {
    const tokens = await exchangeWithGitHub(this.config, {
      code,
      redirect_uri: this.callbackUrl,
    });
    return this.storeTokens(tokens);
  }

  /** Reads who the token belongs to and stores it (and its refresh token) for that user. */
  async storeTokens(tokens: GitHubTokens): Promise<User> {
    const viewer = await this.github(tokens.access_token)
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
      encrypted_github_token: seal(this.config.encryptionKey, tokens.access_token),
      // GitHub lists them in the token answer and in X-OAuth-Scopes (classic OAuth apps).
      scopes: [...new Set([...tokens.scopes, ...viewer.scopes])],
      github_token_expires_at: tokenExpiry(this.clock, tokens),
      created_at: existing?.created_at ?? now,
      last_login_at: now,
    };
    await this.store.putUser(user);
    await saveRefreshState(this.config, this.store, this.clock, viewer.id, tokens);
    return user;
  }
}
