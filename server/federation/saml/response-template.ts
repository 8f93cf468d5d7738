import { NAME_ID_FORMATS, type AssertionClaim } from '../../../shared/federation';
import type { ClaimValue } from '../assertion-claims';
import type { Assertion } from '../sign-in-gate';

/** How long a Response may be used: long enough for a slow network, short against replay. */
export const RESPONSE_LIFETIME_MS = 5 * 60_000;

/**
 * The SAML Response samlify signs: its default shape plus the AuthnStatement and AttributeStatement it
 * leaves out. Every value is filled in one pass and XML-escaped, so a value that looks like markup or like
 * another placeholder (`"><saml:Attribute`, `{NameID}`) stays text.
 */

export interface ResponseValues {
  responseId: string;
  assertionId: string;
  issuer: string;
  issuedAt: Date;
  validFor: number;
  destination: string;
  audience: string;
  /** The AuthnRequest's ID (SP-initiated); absent for an IdP-initiated response. */
  inResponseTo?: string;
  nameId: string;
  nameIdFormat: string;
  sessionIndex: string;
  /** The chosen claims with the names this SP knows them by. */
  attributes: { name: string; values: string[] }[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);

/** Fills `{Tag}` placeholders from `values` in a single pass: nothing inserted is looked at again. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, tag: string) => {
    const value = values[tag];
    if (value === undefined) throw new Error(`The SAML response template has no value for ${tag}`);
    return escapeXml(value);
  });
}

const PASSWORD_OR_BADGE = 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified';
const BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';
const URI = 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri';

function attributeStatement(attributes: ResponseValues['attributes'], values: Record<string, string>): string {
  if (attributes.length === 0) return '';
  const rendered = attributes.map((attribute, a) => {
    values[`A${a}Name`] = attribute.name;
    values[`A${a}Format`] = attribute.name.includes(':') ? URI : BASIC;
    const each = attribute.values.map((value, v) => {
      values[`A${a}V${v}`] = value;
      return `<saml:AttributeValue xsi:type="xs:string">{A${a}V${v}}</saml:AttributeValue>`;
    });
    return `<saml:Attribute Name="{A${a}Name}" NameFormat="{A${a}Format}">${each.join('')}</saml:Attribute>`;
  });
  return `<saml:AttributeStatement>${rendered.join('')}</saml:AttributeStatement>`;
}

/** The unsigned Response XML. */
export function renderResponse(input: ResponseValues): string {
  const issued = input.issuedAt.toISOString();
  const until = new Date(input.issuedAt.getTime() + input.validFor).toISOString();
  const values: Record<string, string> = {
    ID: input.responseId,
    AssertionID: input.assertionId,
    Issuer: input.issuer,
    IssueInstant: issued,
    NotOnOrAfter: until,
    Destination: input.destination,
    Audience: input.audience,
    NameID: input.nameId,
    NameIDFormat: input.nameIdFormat,
    SessionIndex: input.sessionIndex,
    AuthnContext: PASSWORD_OR_BADGE,
  };
  const inResponseTo = input.inResponseTo === undefined ? '' : ' InResponseTo="{InResponseTo}"';
  if (input.inResponseTo !== undefined) values.InResponseTo = input.inResponseTo;
  const attributes = attributeStatement(input.attributes, values);
  const template =
    '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
    ` ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}"${inResponseTo}>` +
    '<saml:Issuer>{Issuer}</saml:Issuer>' +
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
    '<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"' +
    ' ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">' +
    '<saml:Issuer>{Issuer}</saml:Issuer>' +
    '<saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID>' +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData NotOnOrAfter="{NotOnOrAfter}" Recipient="{Destination}"${inResponseTo}/>` +
    '</saml:SubjectConfirmation></saml:Subject>' +
    '<saml:Conditions NotBefore="{IssueInstant}" NotOnOrAfter="{NotOnOrAfter}">' +
    '<saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
    '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}">' +
    '<saml:AuthnContext><saml:AuthnContextClassRef>{AuthnContext}</saml:AuthnContextClassRef></saml:AuthnContext>' +
    '</saml:AuthnStatement>' +
    attributes +
    '</saml:Assertion></samlp:Response>';
  return fill(template, values);
}

/** The assertion's claims as SAML attributes, each under the name IT gave it for this SP (default: the claim). */
export function samlAttributes(
  claims: Partial<Record<AssertionClaim, ClaimValue>>,
  names: Partial<Record<AssertionClaim, string>>,
): ResponseValues['attributes'] {
  return (Object.entries(claims) as [AssertionClaim, ClaimValue][]).map(([claim, value]) => ({
    name: names[claim] ?? claim,
    values: Array.isArray(value) ? value : [String(value)],
  }));
}

/** The values of the Response one assertion makes for one ACS: what the IdP signs and IT's preview shows. */
export function responseValuesFor(
  assertion: Assertion,
  to: { issuer: string; acsUrl: string; issuedAt: Date; inResponseTo?: string; newId: () => string },
): ResponseValues {
  const { registration } = assertion;
  return {
    responseId: to.newId(),
    assertionId: to.newId(),
    issuer: to.issuer,
    issuedAt: to.issuedAt,
    validFor: RESPONSE_LIFETIME_MS,
    destination: to.acsUrl,
    audience: registration.spEntityId ?? '',
    inResponseTo: to.inResponseTo,
    nameId: assertion.subject,
    nameIdFormat: NAME_ID_FORMATS[registration.nameIdFormat ?? 'unspecified'],
    sessionIndex: to.newId(),
    attributes: samlAttributes(assertion.claims, registration.attributeNames),
  };
}
