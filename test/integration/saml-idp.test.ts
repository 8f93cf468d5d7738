// The portal as a SAML 2.0 IdP, checked by an independent SP (@node-saml/node-saml, in the practice SAML app)
// on real loopback servers. Threats: a response sent where the SP did not register (ACS substitution), an
// assertion altered or re-wrapped after signing (tampering, XML signature wrapping), an app the rules do not
// give, a certificate change that locks every SP out at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { SAML } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isContinuePath } from '../../shared/federation';
import { PRACTICE_SAML_APP_ID, practiceSamlRegistration } from '../../server/demo/practice-saml';
import {
  certificateBody,
  createSamlKeys,
  ensureSamlKeyFile,
  generateSamlKeys,
  rotateSamlCertificate,
} from '../../server/federation/saml-keys';
import { KEY_FILE_RECHECK_MS } from '../../server/keys/key-file';
import { startPracticeSaml, type PracticeSaml } from '../fixtures/fixture-apps/practice-saml';
import { createTestPortal, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-saml-'));
const keyFile = path.join(keyDir, 'saml-keys.json');
let portal: Portal;
let server: Server;
let origin: string;
let sp: PracticeSaml;
let kindergartner: string;

async function startSamlPortal() {
  let handle: (request: Request) => Response | Promise<Response> = () => new Response('starting', { status: 503 });
  server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: (request) => handle(request), hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started as Server),
    );
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ensureSamlKeyFile(keyFile);
  portal = await createTestPortal({ publicUrl: origin, samlKeys: createSamlKeys({ file: keyFile }) });
  handle = portal.app.fetch;
}

/** Points the demo's practice SAML registration at this test's SP. */
async function registerSp(appId: string, fields: Partial<ReturnType<typeof practiceSamlRegistration>>) {
  const base = practiceSamlRegistration(sp.origin);
  await portal.registrations.save({
    fields: { ...base, appId, ...fields },
    change: 'edited',
    actor: null,
    now: Date.now(),
  });
}

const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });

/** The POST page's form: where it goes and what it carries. */
async function postForm(response: Response) {
  const page = await response.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
  return {
    page,
    action: /<form method="post" action="([^"]+)"/.exec(page)?.[1],
    samlResponse: field('SAMLResponse')!,
    relayState: field('RelayState'),
  };
}

const postToAcs = (acs: string, samlResponse: string, relayState?: string) =>
  fetch(acs, {
    method: 'POST',
    body: new URLSearchParams({ SAMLResponse: samlResponse, ...(relayState ? { RelayState: relayState } : {}) }),
  });

const decode = (samlResponse: string) => Buffer.from(samlResponse, 'base64').toString('utf8');
const encode = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

async function lastAudit(action: string) {
  return (await portal.audit.list({ limit: 20 })).find((row) => row.action === action);
}

async function launchResponse() {
  const response = await get(`${origin}/sso/launch/${PRACTICE_SAML_APP_ID}`, kindergartner);
  expect(response.status).toBe(200);
  return postForm(response);
}

beforeAll(async () => {
  await startSamlPortal();
  sp = await startPracticeSaml({ idpMetadataUrl: `${origin}/saml/metadata` });
  await registerSp(PRACTICE_SAML_APP_ID, {});
  kindergartner = await signIn(portal, 'demo.student.k');
});

afterAll(async () => {
  await sp?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await portal?.storage.close();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

describe('metadata', () => {
  it('is well-formed and names the entity, both SSO bindings and the signing certificate', async () => {
    const response = await get(`${origin}/saml/metadata`);
    expect(response.headers.get('content-type')).toContain('xml');
    const xml = await response.text();
    const problems: string[] = [];
    const document = new DOMParser({
      errorHandler: (level: string, message: string) => void problems.push(`${level}: ${message}`),
    }).parseFromString(xml, 'text/xml');
    expect(problems).toEqual([]);
    const descriptor = document.documentElement!;
    expect(descriptor.localName).toBe('EntityDescriptor');
    expect(descriptor.getAttribute('entityID')).toBe(`${origin}/saml/metadata`);
    const sso = [...Array.from(document.getElementsByTagNameNS('*', 'SingleSignOnService'))];
    expect(sso.map((each) => [each.getAttribute('Binding'), each.getAttribute('Location')])).toEqual([
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', `${origin}/saml/sso`],
      ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', `${origin}/saml/sso`],
    ]);
    const certificates = Array.from(document.getElementsByTagNameNS('*', 'X509Certificate')).map((each) =>
      each.textContent!.replace(/\s/g, ''),
    );
    expect(certificates).toEqual([certificateBody(createSamlKeys({ file: keyFile }).signer().certificatePem)]);
  });
});

describe('IdP-initiated (a tile click)', () => {
  it('posts a signed Response to the registered ACS that the SP accepts, with the chosen NameID and attributes only', async () => {
    const form = await launchResponse();
    expect(form.action).toBe(sp.acsUrl);
    const landed = await postToAcs(form.action!, form.samlResponse);
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('Signed in as ');
    const received = sp.received.at(-1)!;
    expect(received).toMatchObject({
      ok: true,
      nameId: 'demo.student.k',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    });
    expect(Object.keys(received.attributes!).sort()).toEqual(['campus', 'firstName', 'grade', 'lastName', 'role']);
    expect(received.attributes).toMatchObject({ grade: 'KG', role: 'student' });
    expect(received.inResponseTo).toBeUndefined();

    const xml = decode(form.samlResponse);
    expect(xml).toContain('<saml:AuthnStatement');
    expect(xml).toContain(`<saml:Audience>${sp.entityId}</saml:Audience>`);
    const conditions = /NotBefore="([^"]+)" NotOnOrAfter="([^"]+)"/.exec(xml)!;
    expect(Date.parse(conditions[2]!) - Date.parse(conditions[1]!)).toBe(5 * 60_000);
    // Both the assertion and the response carry a signature.
    expect(xml.match(/<ds:Signature /g)?.length ?? xml.match(/<ds:Signature/g)?.length).toBe(2);
    expect(await lastAudit('sso.assertion')).toMatchObject({
      appId: PRACTICE_SAML_APP_ID,
      detail: {
        protocol: 'saml',
        flow: 'idp-initiated',
        claims: ['given_name', 'family_name', 'grade', 'role', 'campus'],
      },
    });
  });

  it('the POST page lets its form go to the ACS origin only, and submits without inline script', async () => {
    const response = await get(`${origin}/sso/launch/${PRACTICE_SAML_APP_ID}`, kindergartner);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain(`form-action ${sp.origin}`);
    expect(policy).not.toContain('unsafe-inline');
    const nonce = /script-src 'nonce-([^']+)'/.exec(policy)![1];
    const page = await response.text();
    expect(page).toContain(`<script nonce="${nonce}">`);
    expect(page).toMatch(/<button type="submit">Continue to Practice SAML app<\/button>/);
  });

  it('refuses an app the access rules do not give, with a page that says why, audited', async () => {
    const senior = await signIn(portal, 'demo.student.g11');
    const response = await get(`${origin}/sso/launch/${PRACTICE_SAML_APP_ID}`, senior);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Your district has not given you Practice SAML app.');
    expect(await lastAudit('sso.refused')).toMatchObject({
      appId: PRACTICE_SAML_APP_ID,
      detail: { reason: 'not_entitled' },
    });
  });

  it("opens an OIDC app's launch URL, where the app starts its own sign-in", async () => {
    await portal.registrations.save({
      fields: {
        ...practiceSamlRegistration(sp.origin),
        appId: 'app-google',
        protocol: 'oidc',
        clientId: 'google-test-client',
        redirectUris: ['https://accounts.google.com/callback'],
        spEntityId: null,
        spMetadata: null,
        acsEndpoints: [],
        nameIdFormat: null,
      },
      change: 'created',
      actor: null,
      now: Date.now(),
    });
    const response = await get(`${origin}/sso/launch/app-google`, await signIn(portal, 'demo.teacher'));
    expect([response.status, response.headers.get('location')]).toEqual([303, 'https://accounts.google.com/']);
  });

  it('sends a person who is not signed in to the portal first, and back to the launch', async () => {
    const response = await get(`${origin}/sso/launch/${PRACTICE_SAML_APP_ID}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/?continue=${encodeURIComponent(`/sso/launch/${PRACTICE_SAML_APP_ID}`)}`,
    );
  });
});

describe('SP-initiated (HTTP-Redirect in, HTTP-POST out)', () => {
  it('answers the AuthnRequest with InResponseTo and the RelayState, accepted by the SP', async () => {
    const authorize = await sp.authorizeUrl('lesson-7');
    expect(authorize.startsWith(`${origin}/saml/sso?SAMLRequest=`)).toBe(true);

    // Not signed in yet: the sign-in page keeps the whole request to come back to.
    const first = await get(authorize);
    expect(first.status).toBe(303);
    const back = decodeURIComponent(first.headers.get('location')!.replace('/?continue=', ''));
    expect(isContinuePath(back)).toBe(true);
    expect(`${origin}${back}`).toBe(authorize);

    const form = await postForm(await get(authorize, kindergartner));
    expect([form.action, form.relayState]).toEqual([sp.acsUrl, 'lesson-7']);
    const count = sp.received.length;
    expect((await postToAcs(form.action!, form.samlResponse, form.relayState)).status).toBe(200);
    const received = await sp.waitForReceived(count + 1);
    expect(received).toMatchObject({ ok: true, nameId: 'demo.student.k' });
    expect(received.inResponseTo).toMatch(/^_/);
    expect(await lastAudit('sso.assertion')).toMatchObject({ detail: { flow: 'sp-initiated', acs: sp.acsUrl } });
  });

  it('takes the same request by HTTP-POST, and keeps an unsigned one across the portal sign-in', async () => {
    const authorize = new URL(await sp.authorizeUrl('by-post'));
    const xml = inflateRawSync(Buffer.from(authorize.searchParams.get('SAMLRequest')!, 'base64'));
    const body = new URLSearchParams({ SAMLRequest: xml.toString('base64'), RelayState: 'by-post' });
    const post = (cookie?: string) =>
      fetch(`${origin}/saml/sso`, { method: 'POST', body, redirect: 'manual', headers: cookie ? { cookie } : {} });

    const first = await post();
    expect(first.status).toBe(303);
    const back = decodeURIComponent(first.headers.get('location')!.replace('/?continue=', ''));
    expect(isContinuePath(back)).toBe(true);
    const resumed = await postForm(await get(`${origin}${back}`, kindergartner));
    expect(resumed.relayState).toBe('by-post');
    await expect(sp.validate(resumed.samlResponse)).resolves.toMatchObject({ nameID: 'demo.student.k' });

    const form = await postForm(await post(kindergartner));
    expect(form.action).toBe(sp.acsUrl);
    expect(decode(form.samlResponse)).toContain(`InResponseTo="${/ID="([^"]+)"/.exec(xml.toString())![1]}"`);
  });

  it('refuses an AuthnRequest that names an ACS URL not in the SP metadata, audited', async () => {
    const idpMetadata = await (await get(`${origin}/saml/metadata`)).text();
    const elsewhere = new SAML({
      callbackUrl: 'http://127.0.0.1:9/steal',
      issuer: sp.entityId,
      entryPoint: `${origin}/saml/sso`,
      idpCert: /X509Certificate>([^<]+)</.exec(idpMetadata)![1]!,
      identifierFormat: null,
    });
    const response = await get(await elsewhere.getAuthorizeUrlAsync('', undefined, {}), kindergartner);
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('an address the app’s registration does not list');
    expect(page).not.toContain('SAMLResponse');
    expect(await lastAudit('sso.refused')).toMatchObject({
      appId: PRACTICE_SAML_APP_ID,
      detail: { reason: 'bad_request', problem: 'acs_not_registered', requestedAcs: 'http://127.0.0.1:9/steal' },
    });
  });

  it('verifies the request signature when the SP metadata says it signs, and refuses an unsigned one', async () => {
    const { privateKey, certificate } = testKeyPair();
    const signing = new SAML({
      callbackUrl: sp.acsUrl,
      issuer: 'http://127.0.0.1/signing-sp',
      entryPoint: `${origin}/saml/sso`,
      idpCert: 'unused',
      privateKey,
      signatureAlgorithm: 'sha256',
      identifierFormat: null,
    });
    const metadata = signing.generateServiceProviderMetadata(null, certificate);
    expect(metadata).toContain('AuthnRequestsSigned="true"');
    await registerSp('app-clever', { spEntityId: 'http://127.0.0.1/signing-sp', spMetadata: metadata });

    const signed = await signing.getAuthorizeUrlAsync('', undefined, {});
    expect((await get(signed, kindergartner)).status).toBe(200);

    const unsigned = signed.replace(/&SigAlg=[^&]*/, '').replace(/&Signature=[^&]*/, '');
    const refused = await get(unsigned, kindergartner);
    expect(refused.status).toBe(400);
    expect(await lastAudit('sso.refused')).toMatchObject({ appId: 'app-clever', detail: { problem: 'unsigned' } });
  });
});

describe('signatures cover what they must (checked at the SP)', () => {
  it('a changed NameID fails', async () => {
    const form = await launchResponse();
    const tampered = decode(form.samlResponse).replace('>demo.student.k</saml:NameID>', '>demo.admin</saml:NameID>');
    expect(tampered).toContain('>demo.admin<');
    await expect(sp.validate(encode(tampered))).rejects.toThrow();
    const landed = await postToAcs(sp.acsUrl, encode(tampered));
    expect(landed.status).toBe(401);
    await expect(sp.validate(form.samlResponse)).resolves.toMatchObject({ nameID: 'demo.student.k' });
  });

  it('a forged assertion wrapped around or beside the signed one fails', async () => {
    const xml = decode((await launchResponse()).samlResponse);
    const assertion = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
    const forged = assertion
      .replace(/ID="[^"]+"/, 'ID="_forged"')
      .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
      .replace('>demo.student.k</saml:NameID>', '>demo.admin</saml:NameID>');
    // XSW: the forged assertion first, the signed one after it (its signature still verifies on its own).
    const beside = xml.replace(assertion, forged + assertion);
    // XSW: the signed assertion hidden inside the forged one's Advice.
    const inside = xml.replace(
      assertion,
      forged.replace('<saml:Subject>', `<saml:Advice>${assertion}</saml:Advice><saml:Subject>`),
    );
    // XSW: the response signature kept, the forged assertion in place of the signed one.
    const replaced = xml.replace(assertion, forged);
    for (const attack of [beside, inside, replaced]) await expect(sp.validate(encode(attack))).rejects.toThrow();
  });
});

describe('certificate rollover', () => {
  it('publishes two certificates during the overlap; an SP that knows only the old one keeps working until the switch', async () => {
    const oldCertificate = createSamlKeys({ file: keyFile }).signer().certificatePem;
    const oldOnly = await startPracticeSaml({
      idpMetadataUrl: `${origin}/saml/metadata`,
      idpCertificates: [oldCertificate],
    });
    try {
      await registerSp(PRACTICE_SAML_APP_ID, practiceSamlRegistration(oldOnly.origin));
      const certificates = async () =>
        (await (await get(`${origin}/saml/metadata`)).text()).match(/X509Certificate>[^<]+</g)!.length;

      expect(rotateSamlCertificate(keyFile).step).toBe('published');
      await new Promise((resolve) => setTimeout(resolve, KEY_FILE_RECHECK_MS + 50));
      expect(await certificates()).toBe(2);
      await expect(oldOnly.validate((await launchResponse()).samlResponse)).resolves.toMatchObject({
        nameID: 'demo.student.k',
      });

      expect(rotateSamlCertificate(keyFile).step).toBe('promoted');
      await new Promise((resolve) => setTimeout(resolve, KEY_FILE_RECHECK_MS + 50));
      expect(await certificates()).toBe(2);
      const afterSwitch = (await launchResponse()).samlResponse;
      await expect(oldOnly.validate(afterSwitch)).rejects.toThrow();
      // An SP that took both certificates from the metadata during the overlap follows the switch.
      await registerSp(PRACTICE_SAML_APP_ID, {});
      await expect(sp.validate((await launchResponse()).samlResponse)).resolves.toMatchObject({
        nameID: 'demo.student.k',
      });

      expect(rotateSamlCertificate(keyFile).step).toBe('dropped');
      await new Promise((resolve) => setTimeout(resolve, KEY_FILE_RECHECK_MS + 50));
      expect(await certificates()).toBe(1);
    } finally {
      await oldOnly.close();
      await registerSp(PRACTICE_SAML_APP_ID, {});
    }
  });
});

/** An RSA key and a self-signed certificate for a test SP that signs its requests. */
function testKeyPair() {
  const [key] = generateSamlKeys();
  return { privateKey: key!.privateKeyPem, certificate: key!.certificatePem };
}
