import { createHmac } from 'node:crypto';
import type { AssertionClaim, SubjectIdentifier } from '../../shared/federation';
import type { Person } from '../directory/directory';

/**
 * What an identity-provider answer says about a person: the subject identifier the app was registered for
 * and only the claims IT chose for it. Shared by the OIDC provider, the SAML IdP and IT's preview, so all
 * three say the same thing.
 */

export type ClaimValue = string | number | string[];

/** The facts a claim can come from: a directory person and the names of their campuses. */
export interface ClaimSource {
  person: Person;
  campusNames: string[];
}

const GRADE_NAMES: Record<number, string> = { [-1]: 'PK', 0: 'KG' };
/** OneRoster grade codes: PK, KG, 01 … 12. */
export const gradeCode = (grade: number) => GRADE_NAMES[grade] ?? String(grade).padStart(2, '0');

const CLAIM_VALUES: Record<AssertionClaim, (source: ClaimSource) => ClaimValue | undefined> = {
  email: ({ person }) => person.email ?? undefined,
  username: ({ person }) => person.username,
  sis_id: ({ person }) => person.sourcedId ?? undefined,
  given_name: ({ person }) => person.givenName,
  family_name: ({ person }) => person.familyName,
  name: ({ person }) => `${person.givenName} ${person.familyName}`.trim(),
  role: ({ person }) => person.role,
  grade: ({ person }) => (person.grade === null ? undefined : gradeCode(person.grade)),
  campus: ({ campusNames }) => (campusNames.length ? campusNames : undefined),
};

/** The chosen claims that have a value for this person; a claim without one (no email on file) is left out. */
export function claimsFor(
  source: ClaimSource,
  chosen: readonly AssertionClaim[],
): Partial<Record<AssertionClaim, ClaimValue>> {
  const claims: Partial<Record<AssertionClaim, ClaimValue>> = {};
  for (const claim of chosen) {
    const value = CLAIM_VALUES[claim](source);
    if (value !== undefined) claims[claim] = value;
  }
  return claims;
}

/**
 * A per-app identifier: the same person gets the same value at one app and unrelated values at two apps,
 * so apps cannot join their records on it. HMAC-SHA256 under the district's pairwise secret.
 */
export function pairwiseSubject(secret: Buffer, appId: string, personId: string): string {
  return createHmac('sha256', secret).update(`${appId}\u0000${personId}`).digest('base64url');
}

export type SubjectResult = { ok: true; subject: string } | { ok: false; reason: 'no_email' | 'no_sis_id' };

/** The identifier the app receives (`sub` / NameID); refused when the person lacks the one it needs. */
export function subjectFor(
  person: Person,
  identifier: SubjectIdentifier,
  pairwise: { secret: Buffer; appId: string },
): SubjectResult {
  switch (identifier) {
    case 'username':
      return { ok: true, subject: person.username };
    case 'email':
      return person.email ? { ok: true, subject: person.email } : { ok: false, reason: 'no_email' };
    case 'sis_id':
      return person.sourcedId ? { ok: true, subject: person.sourcedId } : { ok: false, reason: 'no_sis_id' };
    case 'pairwise':
      return { ok: true, subject: pairwiseSubject(pairwise.secret, pairwise.appId, person.id) };
  }
}
