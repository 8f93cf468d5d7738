import { generate, generateSecret, generateURI } from 'otplib';
import { sameText } from '../auth/same-text';

/** RFC 6238's default step. */
export const TOTP_STEP_SECONDS = 30;

/** A new authenticator key: 160 random bits (SECURITY.md's minimum), as the base32 text apps take. */
export const newTotpSecret = (): string => generateSecret();

/** The `otpauth://` URI the QR carries: the app shows the issuer and the account name beside the codes. */
export const totpUri = (secret: string, accountName: string, issuer: string): string =>
  generateURI({ issuer, label: accountName, secret });

/** The 30-second step a moment falls in. */
export const totpStepAt = (at: number) => Math.floor(at / 1000 / TOTP_STEP_SECONDS);

/** The six-digit code for one step. */
export const totpCodeFor = (secret: string, step: number): Promise<string> =>
  generate({ secret, epoch: step * TOTP_STEP_SECONDS });

/**
 * The step a typed code belongs to, among the current one and one step back only (a code typed just as it
 * changed), or null. Whether that step was already used is the caller's compare-and-set.
 */
export async function matchingTotpStep(secret: string, typed: string, at: number): Promise<number | null> {
  const code = typed.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStepAt(at);
  for (const step of [current, current - 1]) {
    if (sameText(await totpCodeFor(secret, step), code)) return step;
  }
  return null;
}
