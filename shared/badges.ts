// What the badge API answers, shared by the server and the web pages.

/** Badge layouts a sheet can be printed in: 2-inch square labels (12 per Letter page) or wallet-sized cards. */
export const BADGE_LAYOUTS = ['labels', 'cards'] as const;
export type BadgeLayout = (typeof BADGE_LAYOUTS)[number];

/** Why a badge stopped working. */
export const BADGE_VOID_REASONS = ['voided', 'regenerated', 'class', 'year_end', 'deactivated'] as const;
export type BadgeVoidReason = (typeof BADGE_VOID_REASONS)[number];

/**
 * The picture a non-reader recognises as theirs, printed beside the QR with its colour; chosen per badge,
 * different for neighbours on one sheet where the class is small enough.
 */
export const BADGE_PICTURES = [
  'cat',
  'dog',
  'fish',
  'bird',
  'sun',
  'moon',
  'star',
  'tree',
  'flower',
  'apple',
  'car',
  'boat',
  'house',
  'heart',
  'ball',
  'kite',
] as const;
export type BadgePicture = (typeof BADGE_PICTURES)[number];

/** A person's badge as a helper sees it: never the secret. */
export interface BadgeState {
  /** `none`: never printed, or the last one was voided; `active`: works today; `expired`: past its end. */
  status: 'none' | 'active' | 'expired';
  issuedAt: number | null;
  expiresAt: number | null;
  picture: BadgePicture | null;
  lastUsedAt: number | null;
  /**
   * The two pictures the child picks after the scan, for the teacher to teach them; null when the district
   * does not ask this child for pictures or there is no badge.
   */
  secretPictures: [BadgePicture, BadgePicture] | null;
}

/** One student on the badges page. */
export interface BadgeStudent {
  id: string;
  username: string;
  displayName: string;
  grade: number | null;
  /** False when the district's policy gives this student no badge (grade, flags); shown, never printable. */
  eligible: boolean;
  badge: BadgeState;
}

/** A class (or a campus) the viewer may print badges for. */
export interface BadgeGroup {
  kind: 'class' | 'campus';
  id: string;
  title: string;
  campusName: string;
  /** The end of the class's current term (`YYYY-MM-DD`), offered as the badges' expiry; null when none. */
  termEndsOn: string | null;
  eligibleCount: number;
}

export interface BadgeGroupsResponse {
  groups: BadgeGroup[];
  /** IT and district admins may void every badge at year end. */
  mayVoidAll: boolean;
}

export interface BadgeGroupResponse {
  group: BadgeGroup;
  students: BadgeStudent[];
}

/** `POST /api/badges/print`: one of classId, campusId, userId. */
export interface BadgePrintRequest {
  classId?: string;
  campusId?: string;
  userId?: string;
  layout: BadgeLayout;
  /** Print only students who have no working badge (their badges stay as they are). */
  onlyMissing?: boolean;
  /** `YYYY-MM-DD`: the badges stop working at the end of that day (the district's time zone). */
  expiresOn?: string | null;
  /** The language of the few printed words; English by default. */
  language?: 'en' | 'es';
}

/** `POST /api/auth/badge` */
export interface BadgeSignInRequest {
  badge: string;
}

/** `POST /api/auth/badge/pictures`: the two pictures picked, with the challenge the scan answered. */
export interface BadgePicturesRequest {
  challenge: string;
  pictures: BadgePicture[];
}

/** What a scan (or a pick) answers: signed in, or the grid to pick two pictures from within two minutes. */
export type BadgeSignInResponse =
  | { user: { id: string; username: string; displayName: string; role: string; grade: number | null } }
  | { next: 'pictures'; challenge: string; choices: BadgePicture[] };
