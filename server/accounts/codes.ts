import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

/** Letters and digits nobody confuses on paper or screen: no 0/O, 1/I/L, U (a read-aloud code stays clean). */
const READABLE = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `count` characters of READABLE in groups of four joined by dashes: `7KQ4-M9XD-2HPT`. */
function readableCode(count: number): string {
  const characters = Array.from({ length: count }, () => READABLE[randomInt(READABLE.length)]);
  return characters.join('').replace(/(.{4})(?!$)/g, '$1-');
}

/** A claim code: 12 characters, ~59 bits (SECURITY.md asks ≥ 50), single use, printed on a claim letter. */
export const newClaimCode = () => readableCode(12);

/** A one-time recovery code for staff who lost their authenticator app: 12 characters, ~59 bits. */
export const newRecoveryCode = () => readableCode(12);

/**
 * A temporary password a helper reads out or writes down: 12 readable characters (~59 bits), lower case so it
 * is typed as read. Works once, then its owner chooses their own.
 */
export const newTemporaryPassword = () => readableCode(12).toLowerCase();

/** What a person typed from a letter, as it was printed: spaces and dashes dropped, upper case. */
export const normaliseCode = (typed: string) => typed.replace(/[\s-]+/g, '').toUpperCase();

/** Whether a typed code has the printed shape (so a six-digit authenticator code is never taken for one). */
export const looksLikeReadableCode = (typed: string) => new RegExp(`^[${READABLE}]{12}$`).test(normaliseCode(typed));

/**
 * Hashes of codes as stored. SHA-256 suffices for ~59 random bits (an offline search of a stolen database costs
 * GPU-years per code, and claim codes expire in days); unlike a key derived from the vault's, it survives a key
 * rotation, which must not void every staff member's recovery codes. The person's id is part of the hashed
 * text, so a code is worth nothing on another account.
 */
export function codeHasher() {
  const hash = (userId: string, code: string) =>
    createHash('sha256')
      .update(`${userId}:${normaliseCode(code)}`)
      .digest('base64url');
  return {
    hash,
    matches: (userId: string, code: string, stored: string) => {
      const expected = Buffer.from(stored);
      const actual = Buffer.from(hash(userId, code));
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
export type CodeHasher = ReturnType<typeof codeHasher>;
