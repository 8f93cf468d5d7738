import { randomBytes } from 'node:crypto';
import samlify from 'samlify';
import type { ExtractorResult } from 'samlify/types/src/types';
import { NAME_ID_FORMATS, type SamlEndpoint } from '../../../shared/federation';
import type { Assertion } from '../sign-in-gate';
import type { SsoRegistration } from '../registration-store';
import type { SamlKeys } from '../saml-keys';
import { renderResponse, responseValuesFor } from './response-template';
import { samlSchemaValidator } from './schema-validator';

/**
 * Gatehouse as a SAML 2.0 identity provider, on samlify: the metadata SPs read, the AuthnRequests they send
 * (schema-checked, signature-checked when their metadata says they sign), and the signed Responses that
 * carry a person's assertion to an ACS URL from the SP's registered metadata, never to one a request names.
 */

samlify.setSchemaValidator(samlSchemaValidator);

/** How long a Response may be presented: long enough for a slow school network, short enough not to be kept. */
export { RESPONSE_LIFETIME_MS } from './response-template';

const BINDING = {
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
};
const SIGNATURE_ALGORITHM = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** An AuthnRequest as far as the portal acts on it. */
export interface LoginRequest {
  id: string;
  issuer: string;
  /** The ACS URL the request names, if any (it must be one of the registration's). */
  acsUrl?: string;
}

export type RequestProblem = 'unreadable' | 'unknown_sp' | 'unsigned' | 'bad_signature';

export interface SignedResponse {
  acsUrl: string;
  samlResponse: string;
  relayState?: string;
}

export type SamlIdp = ReturnType<typeof createSamlIdp>;

const newId = () => `_${randomBytes(20).toString('hex')}`;

export function createSamlIdp(options: { keys: SamlKeys; publicUrl: string; now: () => number }) {
  const entityId = `${options.publicUrl}/saml/metadata`;
  const ssoUrl = `${options.publicUrl}/saml/sso`;
  // Only the request's shape and ID are read with this one; the real SP's key checks the signature after.
  const anySp = samlify.ServiceProvider({ entityID: 'urn:gatehouse:unregistered-sp' });

  // Kept per certificate set: building one costs a metadata render (and samlify warns each time that the
  // IdP has no single logout service). The set changes only at a rollover step.
  const built = new Map<string, ReturnType<typeof samlify.IdentityProvider>>();
  const identityProvider = (signingCert: string | string[], wantAuthnRequestsSigned = false) => {
    const key = `${wantAuthnRequestsSigned}|${options.keys.signer().certificatePem}|${[signingCert].flat().join('|')}`;
    let idp = built.get(key);
    if (!idp) {
      if (built.size >= 8) built.clear();
      idp = samlify.IdentityProvider({
        entityID: entityId,
        signingCert,
        privateKey: options.keys.signer().privateKeyPem,
        requestSignatureAlgorithm: SIGNATURE_ALGORITHM,
        wantAuthnRequestsSigned,
        nameIDFormat: Object.values(NAME_ID_FORMATS),
        singleSignOnService: [
          { Binding: BINDING.redirect, Location: ssoUrl },
          { Binding: BINDING.post, Location: ssoUrl },
        ],
      });
      built.set(key, idp);
    }
    return idp;
  };

  /** The metadata XML: every published certificate (two during a rollover), both SSO bindings. */
  function metadata(): string {
    return identityProvider(options.keys.publishedCertificates()).getMetadata();
  }

  /** The SP as its registered metadata describes it (signing certificate, AuthnRequestsSigned). */
  const registeredSp = (registration: SsoRegistration) =>
    samlify.ServiceProvider({ metadata: registration.spMetadata ?? '' });

  /** Reads an AuthnRequest that came by HTTP-Redirect; `rawQuery` is the query string exactly as sent. */
  async function readRedirectRequest(rawQuery: string): Promise<{ ok: true; request: LoginRequest } | Problem> {
    const query = Object.fromEntries(new URLSearchParams(rawQuery));
    try {
      const parsed = await identityProvider(options.keys.signer().certificatePem).parseLoginRequest(anySp, 'redirect', {
        query,
      });
      return requestOf(parsed.extract);
    } catch {
      return { ok: false, problem: 'unreadable' };
    }
  }

  /** Reads an AuthnRequest that came by HTTP-POST (base64, not deflated). */
  async function readPostRequest(samlRequest: string): Promise<{ ok: true; request: LoginRequest } | Problem> {
    try {
      const parsed = await identityProvider(options.keys.signer().certificatePem).parseLoginRequest(anySp, 'post', {
        body: { SAMLRequest: samlRequest },
      });
      return requestOf(parsed.extract);
    } catch {
      return { ok: false, problem: 'unreadable' };
    }
  }

  const spSignsRequests = (registration: SsoRegistration) =>
    registeredSp(registration).entityMeta.isAuthnRequestSigned();

  /** For an SP that signs: whether the enveloped signature of a POSTed request holds under its certificate. */
  async function postSignatureHolds(
    registration: SsoRegistration,
    samlRequest: string,
  ): Promise<true | RequestProblem> {
    if (!spSignsRequests(registration)) return true;
    try {
      await identityProvider(options.keys.signer().certificatePem, true).parseLoginRequest(
        registeredSp(registration),
        'post',
        { body: { SAMLRequest: samlRequest } },
      );
      return true;
    } catch {
      return 'bad_signature';
    }
  }

  /**
   * Whether the request's signature holds, for an SP whose metadata says it signs its requests
   * (saml-bindings §3.4.4.1: the signature covers the query parameters as they were encoded).
   */
  function redirectSignatureHolds(registration: SsoRegistration, rawQuery: string): true | RequestProblem {
    const sp = registeredSp(registration);
    if (!spSignsRequests(registration)) return true;
    const parts = new Map(rawQuery.split('&').map((part) => [part.slice(0, part.indexOf('=')), part] as const));
    const signature = new URLSearchParams(rawQuery).get('Signature');
    const sigAlg = new URLSearchParams(rawQuery).get('SigAlg');
    if (!signature || !sigAlg || !parts.has('SAMLRequest')) return 'unsigned';
    const signed = ['SAMLRequest', 'RelayState', 'SigAlg'].flatMap((name) => parts.get(name) ?? []).join('&');
    try {
      const verified = samlify.SamlLib.verifyMessageSignature(
        sp.entityMeta,
        signed,
        Buffer.from(signature, 'base64'),
        sigAlg,
      );
      return verified ? true : 'bad_signature';
    } catch {
      return 'bad_signature';
    }
  }

  /** The signed Response for an assertion, addressed to `acsUrl` (already checked against the registration). */
  async function signedResponse(
    assertion: Assertion,
    acsUrl: string,
    request?: { id: string; relayState?: string },
  ): Promise<SignedResponse> {
    const { registration } = assertion;
    const signer = options.keys.signer();
    // Built from the registration, not the SP's metadata flags: every response is signed twice, whatever
    // the SP asked for (the assertion, so it holds on its own; the response, so its envelope does too).
    const sp = samlify.ServiceProvider({
      entityID: registration.spEntityId ?? '',
      wantAssertionsSigned: true,
      wantMessageSigned: true,
      assertionConsumerService: [{ Binding: BINDING.post, Location: acsUrl }],
    });
    const xml = renderResponse(
      responseValuesFor(assertion, {
        ...{ issuer: entityId, acsUrl, newId, inResponseTo: request?.id },
        issuedAt: new Date(options.now()),
      }),
    );
    const built = await identityProvider(signer.certificatePem).createLoginResponse(
      sp,
      { extract: {} },
      'post',
      {},
      { customTagReplacement: () => ({ id: '', context: xml }) },
    );
    return { acsUrl, samlResponse: built.context, relayState: request?.relayState };
  }

  return {
    ...{ entityId, ssoUrl, metadata, signedResponse, spSignsRequests },
    ...{ readRedirectRequest, redirectSignatureHolds, readPostRequest, postSignatureHolds },
  };
}

type Problem = { ok: false; problem: RequestProblem };

function requestOf(extract: ExtractorResult): { ok: true; request: LoginRequest } | Problem {
  const request = extract.request as Record<string, string> | undefined;
  const issuer = extract.issuer;
  if (!request?.id || typeof issuer !== 'string') return { ok: false, problem: 'unreadable' };
  return { ok: true, request: { id: request.id, issuer, acsUrl: request.assertionConsumerServiceUrl } };
}

/**
 * Where a Response may go: the ACS URL the request names when it is one of the SP's registered HTTP-POST
 * endpoints, else the registered default (isDefault, then the lowest index, then the first). Undefined when
 * the request names any other address.
 */
export function chooseAcs(endpoints: SamlEndpoint[], requested?: string): string | undefined {
  const post = endpoints.filter((endpoint) => endpoint.binding === 'post');
  if (requested !== undefined) return post.find((endpoint) => endpoint.location === requested)?.location;
  const ordered = [...post].sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity));
  return (post.find((endpoint) => endpoint.isDefault) ?? ordered[0])?.location;
}
