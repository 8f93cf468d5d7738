import type { Condition } from '../../shared/access-rules';
import { createRegistrationStore } from '../federation/registration-store';
import type { Storage, Tx } from '../storage/storage';
import { insertRows } from '../storage/table-rows';
import { portalTable } from '../storage/tables';

/**
 * The demo's practice SAML app: a small service provider (`npm run practice-apps` serves it on
 * practice-saml.test, mapped to this computer) registered with the portal, so a tile click shows the whole
 * SAML sign-in and what the app was told. K-5 students see it (badge sign-in included), and staff.
 */
export const PRACTICE_SAML_PORT = 8792;
export const PRACTICE_SAML_APP_ID = 'app-practice-saml';

/** Where the practice SP lives for a given origin: its metadata (entity id) and its ACS. */
export const practiceSamlUrls = (origin: string) => ({
  origin,
  entityId: `${origin}/metadata`,
  acsUrl: `${origin}/acs`,
});

export const practiceSamlOrigin = (port = PRACTICE_SAML_PORT) => `http://practice-saml.test:${port}`;

/** SP metadata as IT would paste it: one HTTP-POST ACS, signed assertions wanted, unsigned requests. */
export function practiceSamlMetadata(origin: string): string {
  const { entityId, acsUrl } = practiceSamlUrls(origin);
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${acsUrl}" index="1" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`;
}

/** The registration: the username as NameID, first and last name under the names many SPs use, grade, role. */
export function practiceSamlRegistration(origin: string) {
  const { entityId, acsUrl } = practiceSamlUrls(origin);
  return {
    appId: PRACTICE_SAML_APP_ID,
    protocol: 'saml' as const,
    clientId: null,
    clientSecret: null,
    redirectUris: [],
    postLogoutRedirectUris: [],
    spEntityId: entityId,
    spMetadata: practiceSamlMetadata(origin),
    acsEndpoints: [{ binding: 'post' as const, location: acsUrl, index: 1, isDefault: true }],
    nameIdFormat: 'unspecified' as const,
    subject: 'username' as const,
    claims: ['given_name' as const, 'family_name' as const, 'grade' as const, 'role' as const, 'campus' as const],
    attributeNames: { given_name: 'firstName', family_name: 'lastName' },
  };
}

const STAFF: Condition = { kind: 'role', anyOf: ['teacher', 'staff', 'principal', 'it', 'district_admin'] };

/** Adds the practice app's tile, its rules and its SAML registration, in the demo seed's transaction. */
export async function seedPracticeSaml(storage: Storage, now: number, tx: Tx): Promise<void> {
  const origin = practiceSamlOrigin();
  await insertRows(storage, portalTable('apps'), [PRACTICE_SAML_TILE(origin)], tx);
  await insertRows(storage, portalTable('access_rules'), PRACTICE_SAML_RULES, tx);
  const fields = practiceSamlRegistration(origin);
  await createRegistrationStore(storage).save({ fields, change: 'created', actor: null, now }, tx);
}

const PRACTICE_SAML_TILE = (origin: string) => ({
  id: PRACTICE_SAML_APP_ID,
  slug: 'practice-saml',
  name: 'Practice SAML app',
  nameEs: 'Aplicación SAML de práctica',
  description: 'Shows your name once you are in',
  descriptionEs: 'Muestra tu nombre cuando entras',
  launchUrl: `${origin}/`,
  signInKind: 'sso' as const,
  color: '#6b3fa0',
  icon: 'graduation' as const,
  sortOrder: 20,
});

const PRACTICE_SAML_RULES = [
  {
    id: 'rule-practice-saml-k5',
    appId: PRACTICE_SAML_APP_ID,
    name: 'Students in grades PK–5',
    conditions: [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: -1, max: 5 },
    ] satisfies Condition[],
  },
  { id: 'rule-practice-saml-staff', appId: PRACTICE_SAML_APP_ID, name: 'Staff', conditions: [STAFF] },
];
