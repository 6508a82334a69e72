/**
 * Secrets at rest: the user's GitHub token is sealed with AES-256-GCM (random 96-bit IV, auth
 * tag checked on open); our own tokens and codes are stored only as SHA-256 hashes, so a copy
 * of the database is not a set of working credentials.
 */
import * as nodeCrypto from 'node:crypto';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Node's one-shot digest (Node 20.12 and later), about twice as fast as a Hash object on the
 * per-request token lookup; a runtime whose `node:crypto` lacks it uses the Hash object.
 */
const oneShot = (
  nodeCrypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }
).hash;

const VERSION = 'v1';

/** Encrypts `plaintext` with the 32-byte `key`: `v1.<iv>.<tag>.<ciphertext>` (base64url). */
export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

/** Decrypts a `seal` output; throws when it was tampered with or sealed with another key. */
export function open(key: Buffer, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new Error('sealed value has an unknown format');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}

/** SHA-256 hex of a token: the only form in which our tokens and codes are stored. */
export function hashToken(token: string): string {
  if (oneShot) return oneShot('sha256', token, 'hex');
  return createHash('sha256').update(token).digest('hex');
}

/** A random token with a readable prefix (`mfc_at_…`), 256 bits of entropy. */
export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** The PKCE S256 challenge of a verifier (RFC 7636). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
