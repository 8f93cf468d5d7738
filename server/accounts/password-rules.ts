import { createRequire } from 'node:module';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordProblem } from '../../shared/accounts';

// NIST SP 800-63B 5.1.1.2: a length range checked whole, no composition rules, and a blocklist of passwords that
// are common or hold words an attacker who knows the person would try first. The reason is shown, so a person
// can pick another one without guessing what was wrong.

/** The words a password must not contain: the person's own names and username, their schools', the district's. */
export interface PasswordContext {
  username: string;
  givenName: string;
  familyName: string;
  campusNames: string[];
  districtName: string;
}

/** Why this new password is refused, or null when it is fine. */
export function passwordProblem(password: string, context: PasswordContext): PasswordProblem | null {
  const composed = password.normalize('NFC');
  // Code points, so an emoji or an accented letter counts once (String.length counts UTF-16 units).
  const length = Array.from(composed).length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  const folded = fold(composed);
  if (containsAny(folded, nameWords(context))) return 'contains_name';
  if (containsAny(folded, usernameWords(context.username))) return 'contains_username';
  if (containsAny(folded, context.campusNames.flatMap(placeWords))) return 'contains_school';
  if (containsAny(folded, placeWords(context.districtName))) return 'contains_district';
  if (isCommon(composed)) return 'common';
  return null;
}

/**
 * Lower case without accents, so José matches "jose" and Nguyễn matches "NGUYEN": the letters a person types when
 * a keyboard makes accents awkward. A few letters that carry no separate accent mark are spelled out by hand.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[đðøłßæœı]/g, (letter) => FOLDED_LETTERS[letter] ?? letter);
}

const FOLDED_LETTERS: Record<string, string> = {
  đ: 'd',
  ð: 'd',
  ø: 'o',
  ł: 'l',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
};

const containsAny = (folded: string, words: readonly string[]) => words.some((word) => folded.includes(word));

/** Runs of letters (any script) in a folded text. */
const letterRuns = (text: string) => fold(text).match(/\p{L}+/gu) ?? [];

/** The parts of a given or family name long enough to mean the person: "Ana María de la Cruz" → ana, maria, cruz. */
const nameWords = ({ givenName, familyName }: PasswordContext) =>
  [givenName, familyName].flatMap(letterRuns).filter((part) => Array.from(part).length >= 3);

/**
 * The username and its parts: `ana.ortiz-2031` → ana.ortiz-2031, ana, ortiz, 2031. Parts shorter than 3
 * characters (an initial, a grade such as "g4") are too short to mean anything on their own; an email address's
 * domain is the district's, not the person's (the district's words have their own check).
 */
function usernameWords(username: string): string[] {
  const whole = fold(username.trim());
  const parts = whole.split('@')[0]!.split(/[._\-\s]+/u);
  const runs = parts.flatMap((part) => part.match(/\p{L}+|\p{N}+/gu) ?? []);
  return [...new Set([whole, ...parts, ...runs])].filter((part) => Array.from(part).length >= 3);
}

/**
 * Words that say what kind of place it is, not which one: "Lakeside Middle School" is "lakeside". A password
 * holding "school" or "elementary" is not refused for it (the common-password list still catches the obvious ones).
 */
const PLACE_FILLER_WORDS = new Set([
  'school',
  'schools',
  'elementary',
  'primary',
  'middle',
  'junior',
  'senior',
  'high',
  'secondary',
  'intermediate',
  'early',
  'childhood',
  'learning',
  'center',
  'centre',
  'campus',
  'academy',
  'charter',
  'magnet',
  'preparatory',
  'prep',
  'montessori',
  'district',
  'independent',
  'unified',
  'consolidated',
  'public',
  'county',
  'city',
  'community',
  'regional',
  'union',
  'township',
  'the',
  'of',
  'and',
  'for',
  'isd',
  'cisd',
  'usd',
  'escuela',
  'colegio',
  'distrito',
]);

/** The words of 4+ letters that name a campus or the district. */
const placeWords = (name: string) =>
  letterRuns(name).filter((word) => Array.from(word).length >= 4 && !PLACE_FILLER_WORDS.has(word));

let commonPasswords: Set<string> | undefined;

/**
 * zxcvbn-ts's ~49,000 most common passwords (already lower case). Read on first use: decompressing the list takes
 * a few tens of milliseconds that a process which never checks a password should not pay.
 */
function commonPasswordSet(): Set<string> {
  if (!commonPasswords) {
    const require = createRequire(import.meta.url);
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    commonPasswords = new Set(dictionary['passwords-common'].map((entry) => entry.toLowerCase()));
  }
  return commonPasswords;
}

/** In the list as typed, or once the digits and punctuation people add at the end are taken off (`Password123!`). */
function isCommon(password: string): boolean {
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\p{N}\p{P}\p{S}\s]+$/u, '');
  const common = commonPasswordSet();
  return common.has(lower) || (stem.length > 0 && common.has(stem));
}
