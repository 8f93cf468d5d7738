// What a person's data can do to a signed assertion: nothing but be text. A value that looks like markup must
// not add an attribute or element (samlify < 2.13 let it), and a value that looks like a placeholder must not
// pull in another value. And where a Response may go: only an ACS URL from the SP's registered metadata.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import {
  createSamlKeys,
  ensureSamlKeyFile,
  readSamlKeyFile,
  rotateSamlCertificate,
} from '../../server/federation/saml-keys';
import { chooseAcs } from '../../server/federation/saml/saml-idp';
import { renderResponse, samlAttributes } from '../../server/federation/saml/response-template';

const INJECTION =
  '"><saml:Attribute Name="role"><saml:AttributeValue>district_admin</saml:AttributeValue></saml:Attribute><x y="';

function render(givenName: string, nameId = 'maria.k') {
  return renderResponse({
    responseId: '_r',
    assertionId: '_a',
    issuer: 'http://portal.test/saml/metadata',
    issuedAt: new Date(Date.UTC(2026, 11, 2)),
    validFor: 300_000,
    destination: 'http://sp.test/acs',
    audience: 'http://sp.test/metadata',
    nameId,
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    sessionIndex: '_s',
    attributes: samlAttributes({ given_name: givenName, role: 'student' }, { given_name: 'firstName' }),
  });
}

const attributesOf = (xml: string) =>
  Array.from(new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS('*', 'Attribute')).map(
    (attribute) => [
      attribute.getAttribute('Name'),
      Array.from(attribute.getElementsByTagNameNS('*', 'AttributeValue')).map((value) => value.textContent),
    ],
  );

describe('the response template', () => {
  it('keeps a value that looks like markup as the text of its own attribute', () => {
    expect(attributesOf(render(INJECTION))).toEqual([
      ['firstName', [INJECTION]],
      ['role', ['student']],
    ]);
    expect(attributesOf(render(`Maria" Name="role`))).toEqual([
      ['firstName', ['Maria" Name="role']],
      ['role', ['student']],
    ]);
  });

  it('does not fill a placeholder that arrives inside a value', () => {
    const xml = render('{NameID}{A1V0}', 'maria.k');
    expect(attributesOf(xml)[0]).toEqual(['firstName', ['{NameID}{A1V0}']]);
  });

  it('carries an AuthnStatement, the audience and a five-minute window, and no InResponseTo when none was asked', () => {
    const xml = render('Maria');
    expect(xml).toContain('<saml:AuthnStatement AuthnInstant="2026-12-02T00:00:00.000Z"');
    expect(xml).toContain('<saml:Audience>http://sp.test/metadata</saml:Audience>');
    expect(xml).toContain('NotBefore="2026-12-02T00:00:00.000Z" NotOnOrAfter="2026-12-02T00:05:00.000Z"');
    expect(xml).not.toContain('InResponseTo');
  });
});

describe('chooseAcs', () => {
  const endpoints = [
    { binding: 'post' as const, location: 'https://sp.test/acs2', index: 2 },
    { binding: 'redirect' as const, location: 'https://sp.test/acs-redirect', index: 0 },
    { binding: 'post' as const, location: 'https://sp.test/acs1', index: 1 },
  ];
  it('takes a requested URL only when the metadata lists it for HTTP-POST', () => {
    expect(chooseAcs(endpoints, 'https://sp.test/acs2')).toBe('https://sp.test/acs2');
    expect(chooseAcs(endpoints, 'https://evil.test/acs')).toBeUndefined();
    expect(chooseAcs(endpoints, 'https://sp.test/acs-redirect')).toBeUndefined();
  });
  it('otherwise the default endpoint, else the lowest index', () => {
    expect(chooseAcs(endpoints)).toBe('https://sp.test/acs1');
    expect(
      chooseAcs([...endpoints, { binding: 'post', location: 'https://sp.test/d', index: 9, isDefault: true }]),
    ).toBe('https://sp.test/d');
    expect(chooseAcs([])).toBeUndefined();
  });
});

describe('certificate rollover steps', () => {
  it('publishes a second certificate, then signs with it, then drops the first', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-saml-keys-'));
    try {
      const file = path.join(dir, 'saml.json');
      expect(ensureSamlKeyFile(file)).toBe(true);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const [first] = readSamlKeyFile(file);
      const signerCertificate = () => createSamlKeys({ keys: readSamlKeyFile(file) }).signer().certificatePem;
      const published = () => createSamlKeys({ keys: readSamlKeyFile(file) }).publishedCertificates().length;

      expect(rotateSamlCertificate(file).step).toBe('published');
      expect([published(), signerCertificate()]).toEqual([2, first!.certificatePem]);
      expect(rotateSamlCertificate(file).step).toBe('promoted');
      expect(published()).toBe(2);
      expect(signerCertificate()).not.toBe(first!.certificatePem);
      expect(rotateSamlCertificate(file).step).toBe('dropped');
      expect(published()).toBe(1);
      expect(readSamlKeyFile(file).map((key) => key.id)).not.toContain(first!.id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
