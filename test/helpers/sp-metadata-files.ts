/** SP metadata files as service providers publish them, good and bad, for the parser and the admin API's tests. */

export const SAMPLE_CERTIFICATE =
  'MIIBszCCAVmgAwIBAgIUQm9ndXNDZXJ0aWZpY2F0ZUZvclRlc3RzMAoGCCqGSM49BAMCMBIxEDAOBgNVBAMMB3Rlc3Qtc3A=';

interface SpMetadataOptions {
  entityId?: string;
  acs?: { location: string; binding?: 'POST' | 'Redirect' | 'Artifact'; index?: number; isDefault?: boolean }[];
  signed?: boolean;
  certificate?: string;
}

/** A well-formed SAML 2.0 SP metadata file; by default one POST ACS at https://sp.example.test/acs. */
export function spMetadata({
  entityId = 'https://sp.example.test/metadata',
  acs = [{ location: 'https://sp.example.test/acs', index: 0, isDefault: true }],
  signed = false,
  certificate,
}: SpMetadataOptions = {}) {
  const services = acs
    .map(
      (each, position) =>
        `    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-${each.binding ?? 'POST'}" ` +
        `Location="${each.location}" index="${each.index ?? position}"${each.isDefault ? ' isDefault="true"' : ''}/>`,
    )
    .join('\n');
  const key = certificate
    ? `    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>
${certificate}
</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:SPSSODescriptor AuthnRequestsSigned="${signed}" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
${key}    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
${services}
  </md:SPSSODescriptor>
</md:EntityDescriptor>`;
}

/** Files a district might paste by mistake, each with the problem code the portal must name. */
export const BAD_SP_METADATA: { name: string; xml: string; code: string; says: string }[] = [
  {
    name: 'not XML at all',
    xml: 'This is my metadata, thanks!',
    code: 'sp_metadata_not_xml',
    says: 'not well-formed XML',
  },
  {
    name: 'XML cut off half-way',
    xml: spMetadata().slice(0, 200),
    code: 'sp_metadata_not_xml',
    says: 'not well-formed XML',
  },
  {
    name: 'a DOCTYPE with an entity (XXE)',
    xml: `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${spMetadata().replace(/^<\?xml[^>]*>/, '')}`,
    code: 'sp_metadata_not_xml',
    says: 'not well-formed XML',
  },
  {
    name: 'an HTML page',
    xml: '<html><body><p>Sign in</p></body></html>',
    code: 'sp_metadata_no_entity_descriptor',
    says: 'no EntityDescriptor',
  },
  {
    name: 'an IdP’s metadata, not an SP’s',
    xml: spMetadata()
      .replace(/SPSSODescriptor/g, 'IDPSSODescriptor')
      .replace(/AssertionConsumerService/g, 'SingleSignOnService'),
    code: 'sp_metadata_no_sp_descriptor',
    says: 'no SPSSODescriptor',
  },
  {
    name: 'no assertion consumer service',
    xml: spMetadata({ acs: [] }),
    code: 'sp_metadata_no_acs',
    says: 'no AssertionConsumerService',
  },
  {
    name: 'only an Artifact ACS',
    xml: spMetadata({ acs: [{ location: 'https://sp.example.test/acs', binding: 'Artifact' }] }),
    code: 'sp_metadata_no_acs',
    says: 'no AssertionConsumerService',
  },
  {
    name: 'an ACS over plain http',
    xml: spMetadata({ acs: [{ location: 'http://sp.example.org/acs' }] }),
    code: 'sp_metadata_acs_insecure',
    says: 'http://sp.example.org/acs must use https',
  },
  {
    name: 'an ACS that is not an address',
    xml: spMetadata({ acs: [{ location: 'not an address' }] }),
    code: 'sp_metadata_acs_invalid',
    says: 'not a web address',
  },
  {
    name: 'no entityID',
    xml: spMetadata().replace(/ entityID="[^"]*"/, ''),
    code: 'sp_metadata_no_entity_id',
    says: 'no entityID',
  },
];
