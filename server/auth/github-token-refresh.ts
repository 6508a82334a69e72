/**
 * GitHub App user tokens expire (8 h) and come with a refresh token (6 months). We keep the
 * refresh token sealed beside the user and renew the access token shortly before it expires;
 * when GitHub refuses the renewal, the person must log in again, and is told so.
 */
import { z } from 'zod';
import type { Config } from '../config.js';
import { UnauthorizedError, ValidationError } from '../errors.js';
import type { User } from '../jobs/model.js';
import type { Store } from '../store/store.js';
import { hashToken, open, seal } from './crypto.js';
import { exchangeWithGitHub, type GitHubTokens } from './github-token-exchange.js';

/** Renew when less than this is left, so a call started now does not outlive the token. */
export const REFRESH_MARGIN_SECONDS = 300;
const DEFAULT_REFRESH_LIFETIME = 180 * 24 * 3600;

const RefreshStateSchema = z.object({
  sealed_refresh_token: z.string(),
  expires_at: z.number(),
});
const REFRESH = (githubId: number) => `GHREFRESH#${githubId}`;
/** Set when a renewal failed: our own refresh tokens of that user stop working too. */
const RELOGIN = (githubId: number) => `GHRELOGIN#${githubId}`;

/** Keeps (or clears, for a token that does not expire) the refresh state of a new token. */
export async function saveRefreshState(
  config: Config,
  store: Store,
  clock: () => number,
  githubId: number,
  tokens: GitHubTokens,
): Promise<void> {
  await store.deleteRecord(RELOGIN(githubId));
  if (!tokens.expires_in || !tokens.refresh_token) {
    await store.deleteRecord(REFRESH(githubId));
    return;
  }
  const state = {
    sealed_refresh_token: seal(config.encryptionKey, tokens.refresh_token),
    expires_at: clock() + tokens.expires_in * 1000,
  };
  const ttl = tokens.refresh_token_expires_in ?? DEFAULT_REFRESH_LIFETIME;
  await store.setRecord(REFRESH(githubId), JSON.stringify(state), ttl);
}

/** When a token from GitHub expires (ms since the epoch), or null when it never does. */
export function tokenExpiry(clock: () => number, tokens: GitHubTokens): number | null {
  return tokens.expires_in && tokens.refresh_token ? clock() + tokens.expires_in * 1000 : null;
}

/** True when the user's GitHub renewal failed and only a new login can fix it. */
export async function needsRelogin(store: Store, githubId: number): Promise<boolean> {
  return (await store.getRecord(RELOGIN(githubId))) !== null;
}

const reloginError = () =>
  new UnauthorizedError(
    'Your GitHub authorization expired and GitHub refused to renew it: log in again (your MCP client opens the login; REST clients go to /v1/auth/github).',
    'github_login_expired',
  );

/** Polls until another instance's renewal of `githubId`'s token lands (or gives up). */
async function awaitRenewal(store: Store, githubId: number, raw: string): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if ((await store.getRecord(REFRESH(githubId))) !== raw) return true;
    if (await needsRelogin(store, githubId)) return false;
  }
  return false;
}

/**
 * False when the user record alone shows its GitHub token is good for more than the margin (or
 * never expires). The (cached) record knows when its token expires, so such reads cost no store
 * round trip; a renewal can only have failed near expiry, so nothing is missed.
 */
export function mayNeedRenewal(user: User, clock: () => number): boolean {
  const expiresAt = user.github_token_expires_at;
  if (expiresAt === null) return false;
  return expiresAt === undefined || expiresAt - clock() <= REFRESH_MARGIN_SECONDS * 1000;
}

/** The user with a GitHub token that is valid for at least a few more minutes. */
export async function ensureFreshGitHubToken(
  deps: { config: Config; store: Store; clock: () => number },
  user: User,
): Promise<User> {
  const { store, clock } = deps;
  if (!mayNeedRenewal(user, clock)) return user;
  if (await needsRelogin(store, user.github_id)) throw reloginError();
  const raw = await store.getRecord(REFRESH(user.github_id));
  const state = raw ? RefreshStateSchema.safeParse(JSON.parse(raw)) : null;
  if (!raw || !state?.success || state.data.expires_at - clock() > REFRESH_MARGIN_SECONDS * 1000) {
    return user;
  }
  // Refresh tokens are single use: one renewal of a given refresh token, across instances.
  const lock = `GHREFRESHLOCK#${user.github_id}#${hashToken(raw)}`;
  if ((await store.increment(lock, 30)) > 1) {
    const renewed = await awaitRenewal(store, user.github_id, raw);
    if (await needsRelogin(store, user.github_id)) throw reloginError();
    if (renewed) return (await store.getUser(user.github_id)) ?? user;
    if (state.data.expires_at > clock()) return user;
  }
  return renew(deps, user, state.data);
}

async function renew(
  deps: { config: Config; store: Store; clock: () => number },
  user: User,
  state: z.infer<typeof RefreshStateSchema>,
): Promise<User> {
  const { config, store, clock } = deps;
  let tokens: GitHubTokens;
  try {
    tokens = await exchangeWithGitHub(config, {
      grant_type: 'refresh_token',
      refresh_token: open(config.encryptionKey, state.sealed_refresh_token),
    });
  } catch (error) {
    // Only a refused refresh token needs a new login; an outage or a misconfiguration does not.
    if (!(error instanceof ValidationError)) {
      if (state.expires_at > clock()) return user;
      throw error;
    }
    await store.setRecord(RELOGIN(user.github_id), '1', DEFAULT_REFRESH_LIFETIME);
    throw reloginError();
  }
  const renewed: User = {
    ...user,
    encrypted_github_token: seal(config.encryptionKey, tokens.access_token),
    scopes: tokens.scopes.length ? tokens.scopes : user.scopes,
    github_token_expires_at: tokenExpiry(clock, tokens),
  };
  await store.putUser(renewed);
  await saveRefreshState(config, store, clock, user.github_id, tokens);
  return renewed;
}
