// IT registers the apps that sign in through Gatehouse. The threats: a client secret that leaks after the one
// answer that shows it (list, history, audit, the database), two editors overwriting each other, one app
// taking another's entity id (its assertions would go to the wrong SP), metadata that points assertions at
// plain http, and someone other than IT changing where the district's identities go.
import { beforeAll, describe, expect, it } from 'vitest';
import { clientSecretBinding } from '../../server/federation/registration-service';
import type { SsoRegistrationView } from '../../shared/federation';
import type { IdpFacts, SsoHistoryEntry, SsoPreview, SsoSaveAnswer } from '../../shared/sso-admin';
import { BAD_SP_METADATA, spMetadata } from '../helpers/sp-metadata-files';
import { createTestPortal, PUBLIC_URL, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;

const oidc = (overrides: Record<string, unknown> = {}) => ({
  protocol: 'oidc',
  redirectUris: ['https://clever.example.test/oauth/callback'],
  subject: 'email',
  claims: ['email', 'given_name', 'family_name', 'role'],
  ...overrides,
});
const saml = (overrides: Record<string, unknown> = {}) => ({
  protocol: 'saml',
  metadata: spMetadata({ entityId: 'https://canvas.example.test/saml2' }),
  subject: 'email',
  nameIdFormat: 'emailAddress',
  claims: ['email', 'grade'],
  attributeNames: { email: 'urn:oid:0.9.2342.19200300.100.1.3' },
  ...overrides,
});

async function asPerson(portal: Portal, username: string) {
  const cookie = await signIn(portal, username);
  const send = (method: string, path: string, body?: unknown) =>
    portal.request.send(method, `/api/admin/sso${path}`, body, cookie);
  return { cookie, send };
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}
const errorOf = async (response: Response, status: number) =>
  (await json<{ error: { code: string; message: string } }>(response, status)).error;

const auditRows = async (portal: Portal, action: string) =>
  (await portal.audit.list({ limit: 200 })).filter((row) => row.action === action);

describe('SSO registration API', () => {
  let portal: Portal;
  let it_: Awaited<ReturnType<typeof asPerson>>;
  beforeAll(async () => {
    portal = await createTestPortal();
    it_ = await asPerson(portal, 'demo.it');
  });

  it('refuses a teacher and a principal, auditing each, and changes nothing', async () => {
    for (const username of ['demo.teacher', 'demo.principal']) {
      const other = await asPerson(portal, username);
      expect((await other.send('GET', '')).status).toBe(403);
      expect((await other.send('PUT', '/app-clever', { registration: oidc(), version: 0 })).status).toBe(403);
      const refusal = (await portal.audit.list({ limit: 5 })).find((row) => row.action === 'access.denied');
      expect(refusal?.actorUsername).toBe(username);
    }
    expect(await portal.registrations.byAppId('app-clever')).toBeUndefined();
  });

  it('creates an OIDC client whose secret is shown once, kept only sealed, and never shown again', async () => {
    const created = await json<SsoSaveAnswer>(
      await it_.send('PUT', '/app-clever', { registration: oidc(), version: 0 }),
      201,
    );
    const secret = created.clientSecret!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.registration).toMatchObject({
      appId: 'app-clever',
      protocol: 'oidc',
      version: 1,
      subject: 'email',
      oidc: { publicClient: false, redirectUris: ['https://clever.example.test/oauth/callback'] },
    });
    const clientId = created.registration.oidc!.clientId;
    expect(clientId).toMatch(/^gatehouse-/);

    const stored = (await portal.registrations.byAppId('app-clever'))!;
    expect(stored.clientSecret).not.toContain(secret);
    expect(portal.cipher.open(stored.clientSecret!, clientSecretBinding('app-clever'))).toBe(secret);

    const shown = [
      await (await it_.send('GET', '')).text(),
      await (await it_.send('GET', '/app-clever')).text(),
      await (await it_.send('GET', '/app-clever/history')).text(),
      JSON.stringify(await portal.audit.list({ limit: 200 })),
    ];
    for (const text of shown) {
      expect(text).toContain('app-clever');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(stored.clientSecret!);
    }
    const [registered] = await auditRows(portal, 'sso.registered');
    expect(registered).toMatchObject({ actorUsername: 'demo.it', appId: 'app-clever' });
    expect(registered!.detail).toMatchObject({ protocol: 'oidc', clientId, claims: oidc().claims });

    // An edit keeps the client id and the secret, and shows no secret.
    const edited = await json<SsoSaveAnswer>(
      await it_.send('PUT', '/app-clever', { registration: oidc({ claims: ['email'] }), version: 1 }),
      200,
    );
    expect(edited.clientSecret).toBeUndefined();
    expect(edited.registration).toMatchObject({ version: 2, claims: ['email'], oidc: { clientId } });
    const kept = (await portal.registrations.byAppId('app-clever'))!;
    expect(portal.cipher.open(kept.clientSecret!, clientSecretBinding('app-clever'))).toBe(secret);
    expect(await auditRows(portal, 'sso.registration_edited')).toHaveLength(1);

    // Rotation: a new secret, shown once; the old one no longer opens from the row.
    const rotated = await json<SsoSaveAnswer>(await it_.send('POST', '/app-clever/rotate-secret', {}), 200);
    expect(rotated.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.clientSecret).not.toBe(secret);
    const resealed = (await portal.registrations.byAppId('app-clever'))!;
    expect(portal.cipher.open(resealed.clientSecret!, clientSecretBinding('app-clever'))).toBe(rotated.clientSecret);
    expect(JSON.stringify(await portal.audit.list({ limit: 200 }))).not.toContain(rotated.clientSecret!);
    expect(await auditRows(portal, 'sso.client_secret_rotated')).toHaveLength(1);

    const history = await json<{ history: SsoHistoryEntry[] }>(await it_.send('GET', '/app-clever/history'), 200);
    expect(history.history.map((each) => [each.version, each.change, each.changedBy])).toEqual([
      [3, 'secret_rotated', expect.stringContaining('')],
      [2, 'edited', expect.any(String)],
      [1, 'created', expect.any(String)],
    ]);
  });

  it('refuses a save over a newer version (409), auditing it, and keeps the newer one', async () => {
    const before = (await portal.registrations.byAppId('app-clever'))!;
    const stale = await errorOf(
      await it_.send('PUT', '/app-clever', { registration: oidc({ claims: ['role'] }), version: 1 }),
      409,
    );
    expect(stale.code).toBe('stale_version');
    expect(
      await errorOf(await it_.send('PUT', '/app-clever', { registration: oidc(), version: 0 }), 409),
    ).toMatchObject({
      code: 'stale_version',
    });
    expect((await portal.registrations.byAppId('app-clever'))!.version).toBe(before.version);
    const refusals = await auditRows(portal, 'sso.registration_refused');
    expect(refusals[0]).toMatchObject({ actorUsername: 'demo.it', appId: 'app-clever' });
    expect(refusals[0]!.detail).toMatchObject({ reason: 'stale_version' });
  });

  it('refuses redirect URIs that are not https, carry a fragment, or are not addresses, naming the field', async () => {
    const cases = [
      [['http://clever.example.org/callback'], 'redirect_uri_insecure'],
      [['https://clever.example.test/callback#top'], 'redirect_uri_fragment'],
      [['https://clever.example.test/ok', 'not a uri'], 'redirect_uri_invalid'],
    ] as const;
    for (const [redirectUris, code] of cases) {
      const refused = await errorOf(
        await it_.send('PUT', '/app-naviance', { registration: oidc({ redirectUris }), version: 0 }),
        400,
      );
      expect(refused.code).toBe(code);
      expect(refused.message).toContain(`redirectUris.${redirectUris.length - 1}`);
    }
    const unknownField = await errorOf(
      await it_.send('PUT', '/app-naviance', { registration: oidc({ secret: 'mine' }), version: 0 }),
      400,
    );
    expect(unknownField.code).toBe('invalid_request');
    expect(await portal.registrations.byAppId('app-naviance')).toBeUndefined();
    expect((await auditRows(portal, 'sso.registration_refused')).map((row) => row.detail?.['reason'])).toEqual(
      expect.arrayContaining(['redirect_uri_insecure', 'redirect_uri_fragment', 'invalid_request']),
    );
  });

  it('a public client has no secret, and refuses a rotation', async () => {
    const created = await json<SsoSaveAnswer>(
      await it_.send('PUT', '/app-naviance', { registration: oidc({ publicClient: true }), version: 0 }),
      201,
    );
    expect(created.clientSecret).toBeUndefined();
    expect(created.registration.oidc!.publicClient).toBe(true);
    expect((await errorOf(await it_.send('POST', '/app-naviance/rotate-secret', {}), 400)).code).toBe(
      'sso_no_client_secret',
    );
  });

  it('refuses an app that does not sign in with SSO', async () => {
    expect((await errorOf(await it_.send('PUT', '/app-khan', { registration: oidc(), version: 0 }), 400)).code).toBe(
      'sso_app_not_sso',
    );
  });

  it('registers a SAML SP from its metadata, and refuses its entity id for a second app (409 naming the first)', async () => {
    const created = await json<SsoSaveAnswer>(
      await it_.send('PUT', '/app-canvas', { registration: saml(), version: 0 }),
      201,
    );
    expect(created.clientSecret).toBeUndefined();
    expect(created.registration.saml).toEqual({
      entityId: 'https://canvas.example.test/saml2',
      acsEndpoints: [{ binding: 'post', location: 'https://sp.example.test/acs', index: 0, isDefault: true }],
      nameIdFormat: 'emailAddress',
      attributeNames: { email: 'urn:oid:0.9.2342.19200300.100.1.3' },
    } satisfies SsoRegistrationView['saml']);
    const taken = await errorOf(await it_.send('PUT', '/app-google', { registration: saml(), version: 0 }), 409);
    expect(taken.code).toBe('sso_entity_id_taken');
    expect(taken.message).toContain('Canvas');
    expect(await portal.registrations.byAppId('app-google')).toBeUndefined();
  });

  it('a burst of saves claiming one entity id, or one version, lets exactly one through', async () => {
    const metadata = spMetadata({ entityId: 'https://burst.example.test/sp' });
    const claims = await Promise.all(
      ['app-google', 'app-naviance'].map((appId) =>
        it_.send('PUT', `/${appId}`, { registration: saml({ metadata }), version: appId === 'app-naviance' ? 1 : 0 }),
      ),
    );
    expect(claims.map((response) => (response.ok ? 'saved' : response.status)).sort()).toEqual([409, 'saved']);
    const { version } = (await portal.registrations.byAppId('app-clever'))!;
    const edits = await Promise.all(
      [['email'], ['email', 'role']].map((chosen) =>
        it_.send('PUT', '/app-clever', { registration: oidc({ claims: chosen }), version }),
      ),
    );
    expect(edits.map((response) => response.status).sort()).toEqual([200, 409]);
    expect((await portal.registrations.byAppId('app-clever'))!.version).toBe(version + 1);
  });

  it('takes metadata past the portal’s usual 64 kB body limit, up to its own, and no further', async () => {
    const padded = (kB: number) =>
      spMetadata({ entityId: 'https://large.example.test/sp' }).replace(
        '<md:SPSSODescriptor',
        `<!-- ${'x'.repeat(kB * 1024)} --><md:SPSSODescriptor`,
      );
    const tooLarge = await it_.send('PUT', '/app-lexia', { registration: saml({ metadata: padded(300) }), version: 0 });
    expect((await errorOf(tooLarge, 413)).code).toBe('body_too_large');
    const { version } = (await portal.registrations.byAppId('app-naviance'))!;
    const large = await it_.send('PUT', '/app-naviance', { registration: saml({ metadata: padded(150) }), version });
    expect(large.status).toBe(200);
  });

  it.each(BAD_SP_METADATA)('refuses metadata that is $name: 400 naming the problem', async ({ xml, code, says }) => {
    const refused = await errorOf(
      await it_.send('PUT', '/app-google', { registration: saml({ metadata: xml }), version: 0 }),
      400,
    );
    expect(refused.code).toBe(code);
    expect(refused.message).toContain(says);
    expect(refused.message).not.toMatch(/xmldom|passwd|@#\[line/);
  });

  it('previews the exact assertion for a test person, and says when the rules do not give them the app', async () => {
    const teacher = (await portal.directory.findByUsername('demo.teacher'))!;
    const entitled = await json<SsoPreview>(
      await it_.send('POST', '/app-canvas/preview', { person: 'demo.teacher' }),
      200,
    );
    expect(entitled).toMatchObject({ entitled: true, person: { id: teacher.id, username: 'demo.teacher' } });
    expect(entitled.assertion!.subject).toBe(teacher.email);
    expect(entitled.assertion!.claims).toEqual([
      { claim: 'email', name: 'urn:oid:0.9.2342.19200300.100.1.3', value: teacher.email },
    ]);
    expect(entitled.assertion!.samlAssertion).toContain(
      `<saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${teacher.email}</saml:NameID>`,
    );
    expect(entitled.assertion!.samlAssertion).toContain(
      '<saml:Audience>https://canvas.example.test/saml2</saml:Audience>',
    );

    const student = (await portal.directory.findByUsername('demo.student.k'))!;
    const refused = await json<SsoPreview>(await it_.send('POST', '/app-canvas/preview', { person: student.id }), 200);
    expect(refused.entitled).toBe(false);
    expect(refused.explanation!.summary).toMatch(/does not|no/i);
    // She has no email on file: the app could not be told who she is.
    expect(refused.problem).toBe('no_identifier');

    const clever = await json<SsoPreview>(
      await it_.send('POST', '/app-clever/preview', { person: 'demo.teacher' }),
      200,
    );
    expect(clever.assertion!.idToken).toMatchObject({ iss: PUBLIC_URL, sub: teacher.email, email: teacher.email });
    expect(JSON.stringify(clever)).not.toMatch(/secret/i);

    const previews = await auditRows(portal, 'sso.assertion_previewed');
    expect(previews.map((row) => row.subjectUsername)).toEqual(['demo.teacher', 'demo.student.k', 'demo.teacher']);
    expect(previews[1]!.detail).toMatchObject({ entitled: false });
    expect((await errorOf(await it_.send('POST', '/app-canvas/preview', { person: 'nobody.here' }), 404)).code).toBe(
      'not_found',
    );
  });

  it("tells IT the IdP's own addresses", async () => {
    const facts = await json<IdpFacts>(await it_.send('GET', '/idp'), 200);
    expect(facts).toMatchObject({
      issuer: PUBLIC_URL,
      discoveryUrl: `${PUBLIC_URL}/.well-known/openid-configuration`,
      samlMetadataUrl: `${PUBLIC_URL}/saml/metadata`,
    });
  });

  it('removes a registration (its history stays) and a stale remove is refused', async () => {
    expect((await errorOf(await it_.send('DELETE', '/app-canvas', { version: 7 }), 409)).code).toBe('stale_version');
    expect((await it_.send('DELETE', '/app-canvas', { version: 1 })).status).toBe(204);
    expect((await it_.send('GET', '/app-canvas')).status).toBe(404);
    const history = await json<{ history: SsoHistoryEntry[] }>(await it_.send('GET', '/app-canvas/history'), 200);
    expect(history.history.map((each) => each.change)).toEqual(['removed', 'created']);
    expect(await auditRows(portal, 'sso.registration_removed')).toHaveLength(1);
    // The entity id is free again.
    const google = await portal.registrations.byAppId('app-google');
    const retaken = await it_.send('PUT', '/app-google', { registration: saml(), version: google?.version ?? 0 });
    expect(retaken.status).toBeLessThan(300);
  });
});
