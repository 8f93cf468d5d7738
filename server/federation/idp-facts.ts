import { createHash, X509Certificate } from 'node:crypto';
import type { IdpFacts } from '../../shared/sso-admin';

/**
 * The identity provider's own facts, as IT types them into an app's settings (Google's SSO profile, an
 * LMS's SAML page). The addresses follow from the portal's URL; the signing certificates come from whoever
 * keeps the SAML keys, through this one small interface, and are "not available" when nothing supplies them.
 */

export interface IdpFactSources {
  /** The SAML signing certificates published now (PEM), newest first; during a rollover there are two. */
  samlCertificates?: () => Promise<string[]> | string[];
  /** Where the IdP's routes live, when they differ from the defaults below. */
  paths?: Partial<typeof DEFAULT_PATHS>;
}

export const DEFAULT_PATHS = {
  discovery: '/.well-known/openid-configuration',
  oidcSignOut: '/oidc/session/end',
  samlMetadata: '/saml/metadata',
  samlSso: '/saml/sso',
  samlSignOut: '/saml/logout',
};

export async function idpFacts(publicUrl: string, sources: IdpFactSources = {}): Promise<IdpFacts> {
  const paths = { ...DEFAULT_PATHS, ...sources.paths };
  return {
    issuer: publicUrl,
    discoveryUrl: `${publicUrl}${paths.discovery}`,
    samlMetadataUrl: `${publicUrl}${paths.samlMetadata}`,
    samlEntityId: `${publicUrl}${paths.samlMetadata}`,
    samlSsoUrl: `${publicUrl}${paths.samlSso}`,
    samlSignOutUrl: `${publicUrl}${paths.samlSignOut}`,
    oidcSignOutUrl: `${publicUrl}${paths.oidcSignOut}`,
    samlCertificates: await certificatesOf(sources),
  };
}

async function certificatesOf(sources: IdpFactSources): Promise<IdpFacts['samlCertificates']> {
  if (!sources.samlCertificates) return null;
  try {
    const pems = await sources.samlCertificates();
    return pems.length ? pems.map((pem) => ({ pem, fingerprint: sha256Fingerprint(pem) })) : null;
  } catch {
    // A key file being rotated or not made yet: IT sees "not available" rather than a failed page.
    return null;
  }
}

/** The SHA-256 fingerprint as admin consoles print it: upper-case hex pairs joined by colons. */
export function sha256Fingerprint(pem: string): string {
  const der = new X509Certificate(pem).raw;
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}
