/**
 * Our OAuth tokens for MCP clients: opaque random strings, stored only as SHA-256 hashes, each
 * bound to a client, a user and a resource (audience). Refresh tokens rotate on every use.
 */
import { z } from 'zod';
import type { Store } from '../store/store.js';
import { hashToken, randomToken } from './crypto.js';

export const TokenRecordSchema = z.object({
  github_id: z.number().int(),
  client_id: z.string(),
  resource: z.string(),
  scope: z.string(),
  /** One login's chain of refresh tokens; replaying a used one revokes the whole chain. */
  family: z.string(),
  expires_at: z.number(),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

export interface IssuedTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

const AT = (hash: string) => `AT#${hash}`;
const RT = (hash: string) => `RT#${hash}`;
const RT_USED = (hash: string) => `RTUSED#${hash}`;
const FAMILY_REVOKED = (family: string) => `FAMREVOKED#${family}`;

export class OAuthTokens {
  constructor(
    private readonly store: Store,
    private readonly ttl: { accessToken: number; refreshToken: number },
    private readonly clock: () => number,
  ) {}

  /** Issues an access token and a refresh token for one grant. */
  async issue(grant: Omit<TokenRecord, 'expires_at'>): Promise<IssuedTokens> {
    const access = randomToken('mfc_at_');
    const refresh = randomToken('mfc_rt_');
    const now = this.clock();
    await this.store.setRecord(
      AT(hashToken(access)),
      JSON.stringify({ ...grant, expires_at: now + this.ttl.accessToken * 1000 }),
      this.ttl.accessToken,
    );
    await this.store.setRecord(
      RT(hashToken(refresh)),
      JSON.stringify({ ...grant, expires_at: now + this.ttl.refreshToken * 1000 }),
      this.ttl.refreshToken,
    );
    return {
      access_token: access,
      token_type: 'Bearer',
      expires_in: this.ttl.accessToken,
      refresh_token: refresh,
      scope: grant.scope,
    };
  }

  /** The grant of a live access token, or null. */
  async resolveAccess(token: string): Promise<TokenRecord | null> {
    return this.live(this.read(await this.store.getRecord(AT(hashToken(token)))));
  }

  /** The grant of a live refresh token, without consuming it, or null. */
  async peekRefresh(token: string): Promise<TokenRecord | null> {
    return this.live(this.read(await this.store.getRecord(RT(hashToken(token)))));
  }

  /**
   * Consumes a refresh token (single use: rotation), returning its grant or null. A refresh
   * token presented twice means it leaked: the whole family (every token of that login) is
   * revoked, as OAuth 2.1 recommends.
   */
  async takeRefresh(token: string): Promise<TokenRecord | null> {
    const hash = hashToken(token);
    const grant = this.read(await this.store.takeRecord(RT(hash)));
    if (!grant) {
      const family = await this.store.getRecord(RT_USED(hash));
      if (family) await this.revokeFamily(family);
      return null;
    }
    await this.store.setRecord(RT_USED(hash), grant.family, this.ttl.refreshToken);
    return this.live(grant);
  }

  private async live(grant: TokenRecord | null): Promise<TokenRecord | null> {
    if (!grant) return null;
    return (await this.store.getRecord(FAMILY_REVOKED(grant.family))) ? null : grant;
  }

  /** Ends every token of one login (a replayed code or refresh token means it leaked). */
  async revokeFamily(family: string): Promise<void> {
    await this.store.setRecord(FAMILY_REVOKED(family), '1', this.ttl.refreshToken);
  }

  /**
   * Revokes an access or refresh token of `clientId` (RFC 7009: unknown tokens are not an
   * error); revoking a refresh token ends its whole login. Returns false, revoking nothing,
   * when the token belongs to another client.
   */
  async revoke(token: string, clientId: string): Promise<boolean> {
    const hash = hashToken(token);
    const access = this.parse(await this.store.getRecord(AT(hash)));
    const refresh = this.parse(await this.store.getRecord(RT(hash)));
    const grant = access ?? refresh;
    if (grant && grant.client_id !== clientId) return false;
    await this.store.deleteRecord(AT(hash));
    await this.store.deleteRecord(RT(hash));
    if (refresh) await this.revokeFamily(refresh.family);
    return true;
  }

  private parse(raw: string | null): TokenRecord | null {
    if (!raw) return null;
    const parsed = TokenRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  private read(raw: string | null): TokenRecord | null {
    const grant = this.parse(raw);
    return grant && grant.expires_at > this.clock() ? grant : null;
  }
}
