import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// What a badge's QR holds: `G1:<badge id>:<secret>`. Upper-case hex only, so the QR is encoded in alphanumeric
// mode: fewer, bigger modules than byte mode, which a cheap classroom webcam reads from further away.

const VERSION = 'G1';
const ID_BYTES = 8;
/** 160 bits: far past guessing, and a hash of it (not a password KDF) is enough to store. */
const SECRET_BYTES = 20;
const BADGE_TEXT = new RegExp(`^${VERSION}:([0-9A-F]{${ID_BYTES * 2}}):([0-9A-F]{${SECRET_BYTES * 2}})$`);

export interface BadgeCode {
  /** Not secret: the row is looked up by it. */
  badgeId: string;
  secret: string;
  /** What the QR holds. */
  text: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();

export function makeBadgeCode(): BadgeCode {
  const badgeId = hex(ID_BYTES);
  const secret = hex(SECRET_BYTES);
  return { badgeId, secret, text: `${VERSION}:${badgeId}:${secret}` };
}

/** The id and secret a scanned text carries, or undefined when it is no badge of this version. */
export function readBadgeText(text: string): { badgeId: string; secret: string } | undefined {
  const match = BADGE_TEXT.exec(text.trim());
  return match ? { badgeId: match[1]!, secret: match[2]! } : undefined;
}

export const hashBadgeSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** Constant-time: how much of a guess matched says nothing. */
export function badgeSecretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashBadgeSecret(secret));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}
