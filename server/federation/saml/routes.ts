import { deflateRawSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { translate } from '../../../shared/i18n';
import type { AppCatalog } from '../../apps/catalog';
import type { AuditLog } from '../../audit/audit-log';
import type { Person } from '../../directory/directory';
import type { AppEnv } from '../../http/env';
import { clientIp } from '../../http/request';
import type { RegistrationStore, SsoRegistration } from '../registration-store';
import { isRefusal, type Assertion, type SignInGate } from '../sign-in-gate';
import { postToAcs } from './post-page';
import { chooseAcs, type LoginRequest, type RequestProblem, type SamlIdp } from './saml-idp';

/**
 * The SAML IdP's routes (/saml/metadata, /saml/sso) and the tile launch (/sso/launch/:appId) for any app
 * that trusts the portal. Every refusal is the gate's audited page in the person's language; every
 * assertion sent is audited `sso.assertion` with the names of the claims it carried.
 */

export interface SamlRouteDeps {
  idp: SamlIdp;
  signInGate: SignInGate;
  registrations: RegistrationStore;
  catalog: AppCatalog;
  audit: AuditLog;
}

/** What can be wrong with an app's request, each with its words in the message catalogue. */
type SamlProblem = RequestProblem | 'acs_not_registered' | 'no_acs' | 'sign_in_first';

export function createSamlRoutes(deps: SamlRouteDeps) {
  const { idp, signInGate, registrations, catalog, audit } = deps;
  const app = new Hono<AppEnv>();

  const badRequest = (c: Context, problem: SamlProblem, registration?: SsoRegistration, person?: Person, detail = {}) =>
    signInGate.refuse(
      c,
      {
        reason: 'bad_request',
        app: registration ? catalog.byId(registration.appId) : undefined,
        problem: translate(signInGate.localeOf(c), `saml.problem.${problem}`),
      },
      person,
      { protocol: 'saml', problem, ...detail },
    );

  const signInFirst = (c: Context, path: string) => c.redirect(`/?continue=${encodeURIComponent(path)}`, 303);

  /** Sends the person's signed assertion to the ACS URL, audited. */
  async function answer(
    c: Context,
    assertion: Assertion,
    acsUrl: string,
    request?: LoginRequest & { relayState?: string },
  ) {
    const response = await idp.signedResponse(assertion, acsUrl, request);
    await audit.record({
      action: 'sso.assertion',
      outcome: 'success',
      actorUserId: assertion.person.id,
      subjectUserId: assertion.person.id,
      appId: assertion.app.id,
      ip: clientIp(c),
      detail: {
        protocol: 'saml',
        flow: request ? 'sp-initiated' : 'idp-initiated',
        acs: acsUrl,
        claims: Object.keys(assertion.claims),
      },
    });
    const locale = signInGate.localeOf(c);
    return postToAcs(c, response, (locale === 'es' && assertion.app.nameEs) || assertion.app.name, locale);
  }

  /** The checks every AuthnRequest passes, before and after the portal sign-in, then the answer. */
  async function handleRequest(
    c: Context,
    request: LoginRequest,
    relayState: string | undefined,
    resume: () => string | undefined,
    signature: (registration: SsoRegistration) => true | RequestProblem,
  ) {
    const registration = await registrations.bySpEntityId(request.issuer);
    if (!registration || registration.protocol !== 'saml')
      return badRequest(c, 'unknown_sp', undefined, undefined, { issuer: request.issuer.slice(0, 200) });
    const signed = signature(registration);
    if (signed !== true) return badRequest(c, signed, registration);
    const person = await signInGate.signedInPerson(c);
    const acsUrl = chooseAcs(registration.acsEndpoints, request.acsUrl);
    if (!acsUrl) {
      const problem = request.acsUrl ? 'acs_not_registered' : 'no_acs';
      return badRequest(c, problem, registration, person, { requestedAcs: request.acsUrl?.slice(0, 500) ?? null });
    }
    if (!person) {
      const path = resume();
      return path ? signInFirst(c, path) : badRequest(c, 'sign_in_first', registration);
    }
    const admitted = await signInGate.admit(person, registration, signInGate.localeOf(c));
    if (isRefusal(admitted)) return signInGate.refuse(c, admitted, person, { protocol: 'saml' });
    return answer(c, admitted, acsUrl, { ...request, relayState });
  }

  app.get('/saml/metadata', (c) => {
    c.header('Content-Type', 'application/samlmetadata+xml; charset=utf-8');
    return c.body(idp.metadata());
  });

  // HTTP-Redirect binding: the request, its RelayState and signature ride in the query string.
  app.get('/saml/sso', async (c) => {
    const rawQuery = new URL(c.req.url).search.slice(1);
    const read = await idp.readRedirectRequest(rawQuery);
    if (!read.ok) return badRequest(c, read.problem);
    const relayState = c.req.query('RelayState');
    return handleRequest(
      c,
      read.request,
      relayState,
      () => `/saml/sso?${rawQuery}`,
      (registration) => idp.redirectSignatureHolds(registration, rawQuery),
    );
  });

  // HTTP-POST binding: a signed request carries its signature inside the XML.
  app.post('/saml/sso', async (c) => {
    const form = await c.req.parseBody();
    const samlRequest = typeof form.SAMLRequest === 'string' ? form.SAMLRequest : '';
    const relayState = typeof form.RelayState === 'string' ? form.RelayState : undefined;
    const read = await idp.readPostRequest(samlRequest);
    if (!read.ok) return badRequest(c, read.problem);
    let signatureChecked: true | RequestProblem = true;
    const registration = await registrations.bySpEntityId(read.request.issuer);
    if (registration?.protocol === 'saml') signatureChecked = await idp.postSignatureHolds(registration, samlRequest);
    // Before the portal sign-in, an unsigned request can wait in the sign-in page's return address as a
    // Redirect-binding request; a signed one cannot (its signature does not survive the re-encoding).
    const resume = () => {
      if (registration && idp.spSignsRequests(registration)) return undefined;
      const deflated = deflateRawSync(Buffer.from(samlRequest, 'base64')).toString('base64');
      const query = new URLSearchParams({ SAMLRequest: deflated, ...(relayState ? { RelayState: relayState } : {}) });
      return `/saml/sso?${query}`;
    };
    return handleRequest(c, read.request, relayState, resume, () => signatureChecked);
  });

  // A tile click: the app's own sign-in when it speaks OIDC, a signed Response straight to the ACS for SAML.
  app.get('/sso/launch/:appId', async (c) => {
    const appId = c.req.param('appId');
    const person = await signInGate.signedInPerson(c);
    if (!person) return signInFirst(c, `/sso/launch/${encodeURIComponent(appId)}`);
    const registration = await registrations.byAppId(appId);
    const admitted = await signInGate.admit(person, registration, signInGate.localeOf(c));
    if (isRefusal(admitted))
      return signInGate.refuse(c, admitted, person, { flow: 'launch', requestedApp: appId.slice(0, 100) });
    if (admitted.registration.protocol === 'oidc') return c.redirect(admitted.app.launchUrl, 303);
    const acsUrl = chooseAcs(admitted.registration.acsEndpoints);
    if (!acsUrl) return badRequest(c, 'no_acs', admitted.registration, person);
    return answer(c, admitted, acsUrl);
  });

  return app;
}
