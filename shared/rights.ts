/**
 * Rights as Gatehouse checks them. Roles from the SIS describe a person; grants from the portal give rights.
 * A right is held over a scope: the whole district, one campus, or (for a teacher) their own current students.
 */
export const RIGHTS = [
  /** See a person's page, "why can't they get in?", their apps and why. */
  'view_people',
  /** Print and void QR badges, the credentials cards of the youngest, and claim letters for unclaimed accounts. */
  'print_badges',
  /** Reset passwords: a temporary password, a new fixed password, or a new claim code (a claimed account's too). */
  'reset_passwords',
  /** Release a held sign-in throttle, confirm a stored sign-in the lockout guard held. */
  'unblock_sign_in',
  /** Give and revoke campus delegates. */
  'manage_delegates',
  /** Give and revoke district grants (IT, help desk, district admin), reset a second factor, void every badge. */
  'manage_district',
  /** Add, edit and retire apps and their access rules. */
  'manage_catalog',
] as const;
export type Right = (typeof RIGHTS)[number];

/** The rights a principal may hand to a campus delegate. */
export const DELEGATE_RIGHTS = ['print_badges', 'reset_passwords'] as const satisfies readonly Right[];
export type DelegateRight = (typeof DELEGATE_RIGHTS)[number];

/** Kinds of grant: three over the district, two over a campus. */
export const GRANT_KINDS = ['district_admin', 'it', 'help_desk', 'principal', 'delegate'] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];
export const DISTRICT_GRANT_KINDS = ['district_admin', 'it', 'help_desk'] as const satisfies readonly GrantKind[];
export const CAMPUS_GRANT_KINDS = ['principal', 'delegate'] as const satisfies readonly GrantKind[];

/** What each kind of grant gives; a delegate's rights are named on the grant (plus `view_people` to act at all). */
export const RIGHTS_OF_KIND: Record<Exclude<GrantKind, 'delegate'>, readonly Right[]> = {
  district_admin: RIGHTS,
  it: RIGHTS,
  help_desk: ['view_people', 'print_badges', 'reset_passwords', 'unblock_sign_in'],
  principal: ['view_people', 'print_badges', 'reset_passwords', 'unblock_sign_in', 'manage_delegates'],
};

/** What a teacher may do for the students of their own current classes (resets only where the district allows). */
export const TEACHER_RIGHTS: readonly Right[] = ['view_people', 'print_badges', 'reset_passwords'];

/** The signed-in person's rights, as `/api/auth/me` tells the page (which links to show); the server checks anew. */
export interface ViewerRights {
  /** Rights over the whole district. */
  district: Right[];
  /** Rights over single campuses (a principal's, a delegate's). */
  campuses: { campusId: string; campusName: string; rights: Right[] }[];
  /** Rights over the students of their own current classes; empty for someone who teaches none. */
  ownStudents: Right[];
}

/** Whether the rights hold `right` anywhere at all (for showing a page's link). */
export const holdsAnywhere = (rights: ViewerRights, right: Right) =>
  rights.district.includes(right) ||
  rights.campuses.some((campus) => campus.rights.includes(right)) ||
  rights.ownStudents.includes(right);
