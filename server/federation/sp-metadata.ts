import { DOMParser } from '@xmldom/xmldom';
import type { SamlEndpoint } from '../../shared/federation';
import { isDevelopmentHost } from '../../shared/origins';

/**
 * A SAML service provider's metadata as IT uploads or pastes it, read into the few facts the IdP needs: who
 * the SP is, where its assertions may be posted, and whether it signs its requests. Pure: no I/O, no network
 * (a metadata file's references are never fetched). A file that cannot be used says what is wrong in words
 * that quote nothing from the parser.
 */

export type SpMetadataProblemCode =
  | 'sp_metadata_not_xml'
  | 'sp_metadata_no_entity_descriptor'
  | 'sp_metadata_no_entity_id'
  | 'sp_metadata_no_sp_descriptor'
  | 'sp_metadata_no_acs'
  | 'sp_metadata_acs_invalid'
  | 'sp_metadata_acs_insecure';

export interface SpMetadataProblem {
  code: SpMetadataProblemCode;
  /** English, safe to show: names the element or address at fault, never a parser's message. */
  message: string;
}

export type SpMetadata =
  | {
      ok: true;
      entityId: string;
      acsEndpoints: SamlEndpoint[];
      wantsSignedRequests: boolean;
      /** Base64 DER certificates the SP signs with (KeyDescriptor use="signing" or no use). */
      signingCertificates: string[];
    }
  | { ok: false; problem: SpMetadataProblem };

export interface SpMetadataOptions {
  /** http ACS addresses on loopback and `*.test` (tests, the demo's practice apps). */
  allowDevelopmentHttp?: boolean;
}

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const BINDINGS: Record<string, SamlEndpoint['binding']> = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'post',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'redirect',
};

const refuse = (code: SpMetadataProblemCode, message: string): SpMetadata => ({
  ok: false,
  problem: { code, message },
});

/** Reads SP metadata; `{ ok: false, problem }` names the first thing that makes it unusable. */
export function readSpMetadata(xml: string, options: SpMetadataOptions = {}): SpMetadata {
  const root = parseWellFormed(xml);
  if (!root) return refuse('sp_metadata_not_xml', 'The metadata is not well-formed XML.');
  const entity = entityDescriptorOf(root);
  if (!entity)
    return refuse('sp_metadata_no_entity_descriptor', 'The metadata has no EntityDescriptor (SAML 2.0 metadata).');
  const entityId = entity.getAttribute('entityID')?.trim() ?? '';
  if (!entityId || entityId.length > 1024)
    return refuse('sp_metadata_no_entity_id', 'The EntityDescriptor has no entityID.');
  const sp = childrenNamed(entity, MD, 'SPSSODescriptor')[0];
  if (!sp)
    return refuse(
      'sp_metadata_no_sp_descriptor',
      'The metadata has no SPSSODescriptor: it does not describe a service provider.',
    );
  const endpoints = acsEndpointsOf(sp);
  if (endpoints.length === 0)
    return refuse(
      'sp_metadata_no_acs',
      'The SPSSODescriptor has no AssertionConsumerService with the HTTP-POST or HTTP-Redirect binding.',
    );
  for (const endpoint of endpoints) {
    const problem = acsLocationProblem(endpoint.location, options.allowDevelopmentHttp ?? false);
    if (problem) return problem;
  }
  return {
    ok: true,
    entityId,
    acsEndpoints: endpoints,
    wantsSignedRequests: sp.getAttribute('AuthnRequestsSigned') === 'true',
    signingCertificates: signingCertificatesOf(sp),
  };
}

/** The document element when the text is well-formed XML without a DOCTYPE (no entities to expand); else undefined. */
function parseWellFormed(xml: string): Element | undefined {
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  let wellFormed = true;
  const notWellFormed = () => void (wellFormed = false);
  try {
    const document = new DOMParser({
      errorHandler: { warning: notWellFormed, error: notWellFormed, fatalError: notWellFormed },
    }).parseFromString(xml, 'application/xml');
    const root = document?.documentElement;
    return wellFormed && root ? root : undefined;
  } catch {
    return undefined;
  }
}

/** The root EntityDescriptor, or the only one inside an EntitiesDescriptor. */
function entityDescriptorOf(root: Element): Element | undefined {
  if (root.namespaceURI !== MD) return undefined;
  if (root.localName === 'EntityDescriptor') return root;
  if (root.localName !== 'EntitiesDescriptor') return undefined;
  const entities = childrenNamed(root, MD, 'EntityDescriptor');
  return entities.length === 1 ? entities[0] : undefined;
}

function childrenNamed(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === 1 && element.namespaceURI === namespace && element.localName === localName)
      found.push(element);
  }
  return found;
}

function acsEndpointsOf(sp: Element): SamlEndpoint[] {
  const endpoints: SamlEndpoint[] = [];
  for (const acs of childrenNamed(sp, MD, 'AssertionConsumerService')) {
    const binding = BINDINGS[acs.getAttribute('Binding') ?? ''];
    if (!binding) continue; // Artifact, PAOS: the IdP answers only by POST (and Redirect is listed for completeness).
    const index = Number(acs.getAttribute('index'));
    endpoints.push({
      binding,
      location: (acs.getAttribute('Location') ?? '').trim(),
      ...(acs.hasAttribute('index') && Number.isInteger(index) && index >= 0 ? { index } : {}),
      ...(acs.getAttribute('isDefault') === 'true' ? { isDefault: true } : {}),
    });
  }
  return endpoints;
}

function acsLocationProblem(location: string, allowDevelopmentHttp: boolean): SpMetadata | undefined {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return refuse('sp_metadata_acs_invalid', 'An AssertionConsumerService has a Location that is not a web address.');
  }
  if (url.hash || location.length > 2000)
    return refuse(
      'sp_metadata_acs_invalid',
      `The AssertionConsumerService ${url.origin}${url.pathname} is not usable.`,
    );
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowDevelopmentHttp && isDevelopmentHost(url.hostname)) return undefined;
  return refuse(
    'sp_metadata_acs_insecure',
    `The AssertionConsumerService ${url.origin}${url.pathname} must use https: assertions are sent only over https.`,
  );
}

function signingCertificatesOf(sp: Element): string[] {
  return childrenNamed(sp, MD, 'KeyDescriptor')
    .filter((key) => (key.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((key) => childrenNamed(key, DS, 'KeyInfo'))
    .flatMap((info) => childrenNamed(info, DS, 'X509Data'))
    .flatMap((data) => childrenNamed(data, DS, 'X509Certificate'))
    .map((certificate) => (certificate.textContent ?? '').replace(/\s+/g, ''))
    .filter((text) => /^[A-Za-z0-9+/]+={0,2}$/.test(text));
}
