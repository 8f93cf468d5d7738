import { z } from 'zod';
import { DELEGATE_RIGHTS, GRANT_KINDS, type DelegateRight, type GrantKind } from './rights';

// The API of `/api/grants` (the Delegation page and the `grants` CLI). Times are epoch milliseconds.

/** A grant as the Delegation page lists it. */
export interface GrantView {
  id: string;
  kind: GrantKind;
  person: { id: string; username: string; displayName: string; role: string };
  /** The campus it is over; null for a district grant. */
  campus: { id: string; name: string } | null;
  /** A delegate's named rights; empty for other kinds. */
  rights: DelegateRight[];
  /** Null: given on the command line. */
  grantedBy: { id: string; displayName: string } | null;
  grantedAt: number;
  /** Null: until revoked. */
  expiresAt: number | null;
  state: 'in_force' | 'expired' | 'revoked';
  revokedAt: number | null;
  revokedBy: { id: string; displayName: string } | null;
}

/** `GET /api/grants?campusId=…&includeEnded=true`: the grants the viewer may see and manage. */
export interface GrantsResponse {
  grants: GrantView[];
  /** The campuses the viewer may give delegates on (a principal's own; every one for IT). */
  campuses: { id: string; name: string }[];
  /** Whether the viewer may give district grants (IT, help desk, district admin) and principal grants. */
  mayGiveDistrict: boolean;
  /** The default expiry offered: the last day of the school year, `YYYY-MM-DD`. */
  defaultExpiresOn: string;
}

/** `GET /api/grants/candidates?campusId=…&q=…`: staff the viewer may delegate to on that campus. */
export interface GrantCandidatesResponse {
  people: { id: string; username: string; displayName: string; role: string }[];
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-06-30');

/** `POST /api/grants`: give one grant. `expiresOn` null: no expiry (district kinds only); absent: end of the school year. */
export const giveGrantBody = z.strictObject({
  userId: z.string().min(1).max(200),
  kind: z.enum(GRANT_KINDS),
  campusId: z.string().min(1).max(200).nullable().optional(),
  rights: z.array(z.enum(DELEGATE_RIGHTS)).max(DELEGATE_RIGHTS.length).optional(),
  expiresOn: day.nullable().optional(),
});
export type GiveGrantRequest = z.infer<typeof giveGrantBody>;
