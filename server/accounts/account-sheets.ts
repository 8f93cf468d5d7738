import type { Locale } from '../../shared/i18n';

/** One child's line on a class's credentials sheet. `password` null: they chose their own (not printed). */
export interface CredentialsRow {
  displayName: string;
  username: string;
  password: string | null;
  classTitle: string | null;
  campusName: string;
}

/** One person's claim letter: what they need to claim their account, once. */
export interface ClaimLetter {
  displayName: string;
  username: string;
  claimCode: string;
  expiresAt: number;
  classTitle: string | null;
  campusName: string;
}

export interface SheetOptions {
  /** Where people sign in, printed on every sheet. */
  portalUrl: string;
  language: Locale;
  /** The sheet's heading: the class or campus, e.g. "Room 4 — Kindergarten". */
  title: string;
}

/** A class's credentials sheet (PDF): name, username and password for each child, large enough to copy. */
export async function renderCredentialsSheet(
  rows: readonly CredentialsRow[],
  options: SheetOptions,
): Promise<Uint8Array> {
  void rows;
  void options;
  throw new Error('not yet written');
}

/** Claim letters (PDF), one per person, to hand out and keep private: username, claim code, where and by when. */
export async function renderClaimLetters(letters: readonly ClaimLetter[], options: SheetOptions): Promise<Uint8Array> {
  void letters;
  void options;
  throw new Error('not yet written');
}
