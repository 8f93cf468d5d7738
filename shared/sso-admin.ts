import { z } from 'zod';
import { ssoRegistrationBody, type AssertionClaim, type SsoRegistrationView } from './federation';

/**
 * IT's SSO registration API (`/api/admin/sso`): its request bodies and answers, shared by the server, the CLI's
 * tests and the Apps page. shared/federation.ts holds the registration itself.
 */

/** Create (`version: 0`) or edit (the version the editor started from): a save over a newer one is a 409. */
export const ssoSaveBody = z.strictObject({
  registration: ssoRegistrationBody,
  version: z.number().int().min(0),
});
export type SsoSaveBody = z.input<typeof ssoSaveBody>;

/** Remove and rotate may name the version seen; absent, they act on whatever is saved. */
export const ssoVersionBody = z.strictObject({ version: z.number().int().min(1).optional() });

/** "Sign in as a test person": a person's id or username. */
export const ssoPreviewBody = z.strictObject({ person: z.string().trim().min(1, 'is required').max(200) });

/** A save's answer; `clientSecret` only when one was just made (a new confidential client, or a rotation). */
export interface SsoSaveAnswer {
  registration: SsoRegistrationView;
  /** Shown once: the server keeps only a sealed copy and never shows it again. */
  clientSecret?: string;
}

export interface SsoHistoryEntry {
  version: number;
  change: 'created' | 'edited' | 'secret_rotated' | 'removed';
  /** Who saved it, by name (their id when they have left; null for the CLI). */
  changedBy: string | null;
  changedAt: number;
  /** As saved. History keeps no secret, so it cannot say whether an OIDC client was public. */
  registration: Omit<SsoRegistrationView, 'oidc'> & {
    oidc?: Omit<NonNullable<SsoRegistrationView['oidc']>, 'publicClient'>;
  };
}

/** One claim as the app would receive it: our name, the name on the wire, and the value. */
export interface PreviewClaim {
  claim: AssertionClaim;
  /** The OIDC claim name, or the SAML attribute name IT chose (the claim's own name by default). */
  name: string;
  value: string | number | string[];
}

export interface SsoPreview {
  person: { id: string; username: string; displayName: string };
  /** Whether the access rules give this person the app; when not, why (the explain-access words). */
  entitled: boolean;
  explanation?: { summary: string; reasons: string[] };
  /** Absent when the person lacks what the app's identifier needs (`no_identifier`). */
  assertion?: {
    protocol: 'oidc' | 'saml';
    subject: string;
    claims: PreviewClaim[];
    /** OIDC: the ID token's payload as it would be signed (times shown for now). */
    idToken?: Record<string, unknown>;
    /** SAML: the assertion as XML, unsigned here (the IdP signs what it sends). */
    samlAssertion?: string;
  };
  problem?: 'no_identifier';
}

/** The identity provider's own facts, for IT to type into an app's settings. */
export interface IdpFacts {
  issuer: string;
  discoveryUrl: string;
  samlMetadataUrl: string;
  samlEntityId: string;
  samlSsoUrl: string;
  samlSignOutUrl: string;
  oidcSignOutUrl: string;
  /** SHA-256 fingerprints of the SAML signing certificates published now; null when not available. */
  samlCertificates: { fingerprint: string; pem: string }[] | null;
}
