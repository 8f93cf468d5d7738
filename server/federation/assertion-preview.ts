import type { AssertionClaim } from '../../shared/federation';
import { renderResponse, responseValuesFor } from './saml/response-template';
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
  return { protocol: 'saml', subject, claims, samlAssertion: samlAssertionXml(assertion, idp, now) };
}

function previewClaims({ registration, claims }: Assertion): PreviewClaim[] {
  return (Object.entries(claims) as [AssertionClaim, ClaimValue][]).map(([claim, value]) => ({
    claim,
    name: (registration.protocol === 'saml' && registration.attributeNames[claim]) || claim,
    value,
  }));
}

/** The Response the IdP would post to the SP's default ACS, unsigned (the IdP signs the one it sends). */
function samlAssertionXml(assertion: Assertion, idp: IdpFacts, now: number) {
  const { acsEndpoints } = assertion.registration;
  const acs = acsEndpoints.find((each) => each.isDefault && each.binding === 'post') ?? acsEndpoints[0];
  return renderResponse(
    responseValuesFor(assertion, {
      ...{ issuer: idp.samlEntityId, acsUrl: acs?.location ?? '', newId: () => '_preview' },
      issuedAt: new Date(now),
    }),
  );
}
