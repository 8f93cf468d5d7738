// What IT types into Google's SSO profile must be exact: the IdP's addresses follow the portal's URL, and the
// certificate's fingerprint is the one Google's console prints. No key file (yet) says "not available", never fails.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { idpFacts, sha256Fingerprint } from '../../server/federation/idp-facts';

/** A throwaway self-signed certificate, as the SAML key file would hold one. */
function selfSignedCertificate(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-idp-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'],
        ...['-subj', '/CN=gatehouse-test', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    return fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('idpFacts', () => {
  it('derives every address from the portal URL, and says the certificate is not available without a source', async () => {
    const facts = await idpFacts('https://portal.lakeside.test');
    expect(facts).toEqual({
      issuer: 'https://portal.lakeside.test',
      discoveryUrl: 'https://portal.lakeside.test/.well-known/openid-configuration',
      samlMetadataUrl: 'https://portal.lakeside.test/saml/metadata',
      samlEntityId: 'https://portal.lakeside.test/saml/metadata',
      samlSsoUrl: 'https://portal.lakeside.test/saml/sso',
      samlSignOutUrl: 'https://portal.lakeside.test/saml/logout',
      oidcSignOutUrl: 'https://portal.lakeside.test/oidc/session/end',
      samlCertificates: null,
    });
    const failing = await idpFacts('https://p.test', {
      samlCertificates: () => {
        throw new Error('key file missing');
      },
    });
    expect(failing.samlCertificates).toBeNull();
  });

  it('lists both certificates of a rollover with their SHA-256 fingerprints as admin consoles print them', async () => {
    const [first, second] = [selfSignedCertificate(), selfSignedCertificate()];
    const facts = await idpFacts('https://p.test', { samlCertificates: async () => [first!, second!] });
    // openssl's own fingerprint, independent of ours.
    const expected = (pem: string) =>
      execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem, encoding: 'utf8' })
        .trim()
        .replace(/^.*=/, '');
    expect(facts.samlCertificates).toEqual([
      { pem: first, fingerprint: expected(first!) },
      { pem: second, fingerprint: expected(second!) },
    ]);
    expect(sha256Fingerprint(first!)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });
});
