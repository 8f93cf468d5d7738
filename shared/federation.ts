import { z } from 'zod';

/**
 * Gatehouse as the district's identity provider: what IT registers for an app of sign-in kind `sso`
 * (an OIDC client or a SAML service provider) and what such an app receives. Shared by the admin API, the
 * CLI's file and the Apps page.
 */

/** What an app may receive about a person, beyond its subject identifier; each app gets only those IT chose. */
export const ASSERTION_CLAIMS = [
  'email',
  'username',
  'sis_id',
  'given_name',
  'family_name',
  'name',
  'role',
  'grade',
  'campus',
] as const;
export type AssertionClaim = (typeof ASSERTION_CLAIMS)[number];

/** Which identifier the app receives as OIDC `sub` / SAML NameID. `pairwise` is stable per app and person only. */
export const SUBJECT_IDENTIFIERS = ['username', 'email', 'sis_id', 'pairwise'] as const;
export type SubjectIdentifier = (typeof SUBJECT_IDENTIFIERS)[number];

export const NAME_ID_FORMATS = {
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
} as const;
export type NameIdFormat = keyof typeof NAME_ID_FORMATS;

/** An assertion consumer service read from SP metadata. */
export interface SamlEndpoint {
  binding: 'post' | 'redirect';
  location: string;
  index?: number;
  isDefault?: boolean;
}

/** Redirect URIs: https, or http on loopback and `*.test` where development http is allowed (checked by the server). */
const uri = z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters');
const uris = (max: number) => z.array(uri).max(max, `may list at most ${max} addresses`);
const claims = z.array(z.enum(ASSERTION_CLAIMS)).max(ASSERTION_CLAIMS.length);

export const oidcRegistrationBody = z.strictObject({
  protocol: z.literal('oidc'),
  redirectUris: uris(10).min(1, 'needs at least one redirect URI'),
  postLogoutRedirectUris: uris(10).default([]),
  /** A public client has no secret and must use PKCE (a browser or mobile app). */
  publicClient: z.boolean().default(false),
  subject: z.enum(SUBJECT_IDENTIFIERS),
  claims: claims.default([]),
});

export const samlRegistrationBody = z.strictObject({
  protocol: z.literal('saml'),
  /** The SP's metadata XML as uploaded or pasted. */
  metadata: z.string().trim().min(1, 'is required').max(200_000, 'must be at most 200 kB'),
  subject: z.enum(SUBJECT_IDENTIFIERS),
  nameIdFormat: z.enum(Object.keys(NAME_ID_FORMATS) as [NameIdFormat, ...NameIdFormat[]]).default('unspecified'),
  claims: claims.default([]),
  attributeNames: z.partialRecord(z.enum(ASSERTION_CLAIMS), z.string().trim().min(1).max(200)).default({}),
});

export const ssoRegistrationBody = z.discriminatedUnion('protocol', [oidcRegistrationBody, samlRegistrationBody]);
export type SsoRegistrationBody = z.infer<typeof ssoRegistrationBody>;

/** A registration as the admin API shows it: never a secret (a new client secret is shown once, beside it). */
export interface SsoRegistrationView {
  appId: string;
  protocol: 'oidc' | 'saml';
  version: number;
  subject: SubjectIdentifier;
  claims: AssertionClaim[];
  updatedAt: number;
  oidc?: { clientId: string; publicClient: boolean; redirectUris: string[]; postLogoutRedirectUris: string[] };
  saml?: {
    entityId: string;
    acsEndpoints: SamlEndpoint[];
    nameIdFormat: NameIdFormat;
    attributeNames: Partial<Record<AssertionClaim, string>>;
  };
}

/**
 * Where the portal's sign-in page may send a person back to once signed in (`?continue=`): only the
 * identity provider's own steps, as a path on the portal itself.
 */
export const CONTINUE_PREFIXES = ['/oidc/', '/saml/', '/sso/'] as const;
export function isContinuePath(path: string): boolean {
  return (
    path.length <= 4000 &&
    CONTINUE_PREFIXES.some((prefix) => path.startsWith(prefix)) &&
    !/[\\\s]/.test(path) &&
    !path.includes('//')
  );
}
