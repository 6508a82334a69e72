/**
 * Session JWTs for REST clients (the seed's `/v1/auth/github/callback` answer): HS256 with the
 * server's signing key, audience bound to the `/v1` API so an MCP client cannot use one there.
 */
import { SignJWT, jwtVerify } from 'jose';

export interface SessionClaims {
  /** The user's GitHub id (the `USER#` key). */
  sub: string;
}

/** Issues and verifies session tokens. */
export class SessionTokens {
  private readonly key: Uint8Array;

  constructor(
    signingKey: string,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly ttlSeconds: number,
    private readonly clock: () => number,
  ) {
    this.key = new TextEncoder().encode(signingKey);
  }

  async issue(githubId: number): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(this.clock() / 1000);
    const token = await new SignJWT({ typ: 'session' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(githubId))
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
    return { token, expiresIn: this.ttlSeconds };
  }

  /** The claims of a valid token, or null (bad signature, expired, other audience, …). */
  async verify(token: string): Promise<SessionClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['HS256'],
        currentDate: new Date(this.clock()),
      });
      if (payload.typ !== 'session' || typeof payload.sub !== 'string') return null;
      return { sub: payload.sub };
    } catch {
      return null;
    }
  }
}
