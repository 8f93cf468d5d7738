import { NAME_ID_FORMATS, type AssertionClaim } from '../../shared/federation';
import type { IdpFacts, PreviewClaim, SsoPreview } from '../../shared/sso-admin';
import type { ClaimValue } from './assertion-claims';
import type { Assertion } from './sign-in-gate';

/**
 * "Sign in as a test person": the assertion an app would receive, in its protocol's shape, for IT to check
 * names and values before anyone signs in. Nothing secret is in it (no client secret, no signature, no key).
 */
export function previewAssertion(
  assertion: Assertion,
  idp: IdpFacts,
  now: number,
): NonNullable<SsoPreview['assertion']> {
  const { registration, subject } = assertion;
  const claims = previewClaims(assertion);
  if (registration.protocol === 'oidc') {
    const issuedAt = Math.floor(now / 1000);
    const idToken = {
      iss: idp.issuer,
      sub: subject,
      aud: registration.clientId,
      iat: issuedAt,
      ...Object.fromEntries(claims.map((claim) => [claim.name, claim.value])),
    };
    return { protocol: 'oidc', subject, claims, idToken };
  }
  return { protocol: 'saml', subject, claims, samlAssertion: samlAssertionXml(assertion, claims, idp, now) };
}

function previewClaims({ registration, claims }: Assertion): PreviewClaim[] {
  return (Object.entries(claims) as [AssertionClaim, ClaimValue][]).map(([claim, value]) => ({
    claim,
    name: (registration.protocol === 'saml' && registration.attributeNames[claim]) || claim,
    value,
  }));
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`);

/** The assertion as a SAML 2.0 Assertion element, unsigned (the IdP signs the one it sends). */
function samlAssertionXml(assertion: Assertion, claims: PreviewClaim[], idp: IdpFacts, now: number) {
  const { registration, subject } = assertion;
  const instant = new Date(now).toISOString();
  const acs = registration.acsEndpoints.find((each) => each.isDefault) ?? registration.acsEndpoints[0];
  const format = NAME_ID_FORMATS[registration.nameIdFormat ?? 'unspecified'];
  const attributes = claims.map(({ name, value }) => {
    const values = (Array.isArray(value) ? value : [value]).map(
      (each) => `      <saml:AttributeValue>${escapeXml(String(each))}</saml:AttributeValue>`,
    );
    return [
      `    <saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">`,
      ...values,
      '    </saml:Attribute>',
    ].join('\n');
  });
  return [
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" Version="2.0" ID="_preview" IssueInstant="${instant}">`,
    `  <saml:Issuer>${escapeXml(idp.samlEntityId)}</saml:Issuer>`,
    '  <saml:Subject>',
    `    <saml:NameID Format="${format}">${escapeXml(subject)}</saml:NameID>`,
    '    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">',
    `      <saml:SubjectConfirmationData Recipient="${escapeXml(acs?.location ?? '')}"/>`,
    '    </saml:SubjectConfirmation>',
    '  </saml:Subject>',
    '  <saml:Conditions>',
    `    <saml:AudienceRestriction><saml:Audience>${escapeXml(registration.spEntityId ?? '')}</saml:Audience></saml:AudienceRestriction>`,
    '  </saml:Conditions>',
    `  <saml:AuthnStatement AuthnInstant="${instant}"/>`,
    ...(attributes.length ? ['  <saml:AttributeStatement>', ...attributes, '  </saml:AttributeStatement>'] : []),
    '</saml:Assertion>',
  ].join('\n');
}
