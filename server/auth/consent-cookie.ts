/** The signed cookie listing the clients this browser approved (so consent is asked once). */
import type { Context } from 'hono';
import { getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { Config } from '../config.js';

const NAME = 'mfc_consent';
const secret = (config: Config) => `${config.signingKey}:consent`;

/** The client ids this browser approved. */
export async function consentedClients(c: Context, config: Config): Promise<string[]> {
  const value = await getSignedCookie(c, secret(config), NAME);
  return value ? value.split(' ').filter(Boolean) : [];
}

/** Adds `clientId` to this browser's approvals (the 20 most recent are kept). */
export async function rememberConsent(c: Context, config: Config, clientId: string) {
  const approved = new Set(await consentedClients(c, config));
  approved.delete(clientId);
  approved.add(clientId);
  await setSignedCookie(c, NAME, [...approved].slice(-20).join(' '), secret(config), {
    httpOnly: true,
    secure: config.publicUrl.startsWith('https://'),
    sameSite: 'Lax',
    path: '/oauth',
    maxAge: 180 * 24 * 3600,
  });
}
