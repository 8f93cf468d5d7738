// IT's catalog editing: only someone holding `manage_catalog` over the district may change what every child sees, a
// change is in force at once here and within a second in every other process, a retired app releases nothing,
// and a preview's numbers are what the access rules give.
import { beforeAll, describe, expect, it } from 'vitest';
import { isGranted, type AccessFacts, type AccessRule } from '../../server/apps/access-rules';
import { CAMPUS, generateLakeside } from '../../server/demo/lakeside';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import type { AdminApp, AppDraft, CatalogFile, CatalogPreview } from '../../shared/catalog-admin';
import { ICON_MAX_BYTES } from '../../shared/catalog-admin';
import { UPLOAD_HEADER } from '../../server/http/csrf';
import { createTestPortal, signIn } from '../helpers/test-portal';
import { within } from '../helpers/two-processes';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;
const READING = fixtureAppId('reading-garden');
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

const draft = (overrides: Partial<AppDraft> = {}): AppDraft => ({
  slug: 'story-lab',
  name: 'Story Lab',
  nameEs: 'Laboratorio de cuentos',
  description: 'Write and share stories',
  descriptionEs: '',
  launchUrl: 'https://storylab.example.org/',
  signInKind: 'link',
  color: '#224466',
  icon: 'book',
  sortOrder: 20,
  rules: [{ name: 'Fourth graders', conditions: [{ kind: 'grade', min: 4, max: 4 }] }],
  ...overrides,
});

async function asIt(portal: Portal) {
  const cookie = await signIn(portal, 'demo.it');
  const send = (method: string, path: string, body?: unknown) =>
    portal.request.send(method, `/api/admin/catalog${path}`, body, cookie);
  const json = async <T>(response: Response, status = 200): Promise<T> => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return JSON.parse(text) as T;
  };
  const upload = (appId: string, bytes: Uint8Array<ArrayBuffer>, type = 'image/png') =>
    portal.app.request(`/api/admin/catalog/apps/${appId}/icon`, {
      method: 'PUT',
      headers: { 'content-type': type, origin: 'http://127.0.0.1:8787', cookie, [UPLOAD_HEADER]: '1' },
      body: bytes,
    });
  return { cookie, send, json, upload };
}

const tileNames = async (portal: Portal, username: string) => {
  const response = await portal.request.get('/api/apps/tiles', await signIn(portal, username));
  return ((await response.json()) as { tiles: { name: string }[] }).tiles.map((tile) => tile.name);
};

const lastAudit = async (portal: Portal, action: string) =>
  (await portal.audit.list({ limit: 20 })).find((row) => row.action === action);

const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string; details?: { field: string }[] } }).error;

describe('catalog admin API', () => {
  let portal: Portal;
  let it_: Awaited<ReturnType<typeof asIt>>;
  beforeAll(async () => {
    portal = await createTestPortal();
    it_ = await asIt(portal);
  });

  it('refuses a teacher, a principal, help desk, a student and a badge session, auditing each', async () => {
    const helpDesk = (await portal.directory.findByUsername('demo.teacher.noschedule'))!;
    await portal.grants.give({
      id: 'grant-help-desk',
      userId: helpDesk.id,
      kind: 'help_desk',
      campusId: null,
      rights: [],
      grantedBy: null,
      grantedAt: Date.now(),
      expiresAt: null,
    });
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    const badge = await portal.sessions.create(child.id, 'badge');
    const cookies = [
      ['demo.teacher', await signIn(portal, 'demo.teacher')],
      ['demo.principal', await signIn(portal, 'demo.principal')],
      ['demo.teacher.noschedule', await signIn(portal, 'demo.teacher.noschedule')],
      ['demo.student.g11', await signIn(portal, 'demo.student.g11')],
      ['demo.student.k', `gatehouse_session=${badge.token}`],
    ] as const;
    for (const [username, cookie] of cookies) {
      for (const [method, path] of [
        ['GET', '/api/admin/catalog/apps'],
        ['POST', '/api/admin/catalog/apps'],
      ] as const) {
        const response = await portal.request.send(method, path, method === 'POST' ? draft() : undefined, cookie);
        expect(response.status, `${username} ${method}`).toBe(403);
        const [row] = await portal.audit.list({ limit: 1 });
        expect(row).toMatchObject({
          action: 'access.denied',
          actorUsername: username,
          detail: { route: `${method} ${path}`, reason: 'role' },
        });
      }
    }
    expect(
      (await it_.json<{ apps: AdminApp[] }>(await it_.send('GET', '/apps'))).apps.map((a) => a.slug),
    ).not.toContain('story-lab');
  });

  it('creates an app whose rule gives named people the tile at once, versioned and audited', async () => {
    const ava = (await portal.directory.findByUsername('demo.student.g11'))!;
    const created = await it_.json<AdminApp>(
      await it_.send(
        'POST',
        '/apps',
        draft({ rules: [{ name: 'Pilot', conditions: [{ kind: 'person', anyOf: [ava.id], value: true }] }] }),
      ),
      201,
    );
    expect(created).toMatchObject({ slug: 'story-lab', version: 1, retiredAt: null, hasUploadedIcon: false });
    expect(created.rules[0]!.id).toBeTruthy();
    expect(await tileNames(portal, 'demo.student.g11')).toContain('Story Lab');
    expect(await tileNames(portal, 'demo.student.g4')).not.toContain('Story Lab');
    const tiles = (await (
      await portal.request.get('/api/apps/tiles', await signIn(portal, 'demo.student.g11'))
    ).json()) as { tiles: Record<string, unknown>[] };
    expect(tiles.tiles.find((tile) => tile.slug === 'story-lab')).toMatchObject({
      nameEs: 'Laboratorio de cuentos',
      icon: 'book',
      iconUrl: null,
    });

    const detail = await it_.json<{ versions: { version: number; change: string; changedBy: string }[] }>(
      await it_.send('GET', `/apps/${created.id}`),
    );
    const itName = (await portal.directory.findByUsername('demo.it'))!;
    expect(detail.versions).toEqual([
      {
        version: 1,
        change: 'created',
        changedBy: `${itName.givenName} ${itName.familyName}`,
        changedAt: expect.any(Number),
      },
    ]);
    expect(await lastAudit(portal, 'app.created')).toMatchObject({
      action: 'app.created',
      appId: created.id,
      detail: { version: 1 },
    });
  });

  it('saves an edit over the version it was opened at, and refuses a stale one with 409', async () => {
    const app = (await it_.json<{ apps: AdminApp[] }>(await it_.send('GET', '/apps'))).apps.find(
      (a) => a.slug === 'story-lab',
    )!;
    const { id, version, retiredAt: _r, hasUploadedIcon: _h, ...fields } = app;
    const edited = await it_.json<AdminApp>(
      await it_.send('PUT', `/apps/${id}`, {
        draft: { ...fields, name: 'Story Lab 2', rules: [...fields.rules, draft().rules[0]!] },
        version,
      }),
    );
    expect(edited.version).toBe(version + 1);
    expect(await lastAudit(portal, 'app.edited')).toMatchObject({
      detail: { version: 2, fields: ['name'], rules: { added: ['Fourth graders'], removed: [], changed: [] } },
    });

    const stale = await it_.send('PUT', `/apps/${id}`, { draft: { ...fields, name: 'Lost' }, version });
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).code).toBe('stale_version');
    expect(await tileNames(portal, 'demo.student.g4')).toContain('Story Lab 2');
  });

  it('checks the whole draft: slug, https, look-alike tiles and who or what a rule names', async () => {
    const taken = await it_.send('POST', '/apps', draft({ slug: 'clever', color: '#000001' }));
    expect(taken.status).toBe(409);
    expect(await errorOf(taken)).toMatchObject({ code: 'slug_taken', message: expect.stringContaining('Clever') });

    const insecure = await it_.send('POST', '/apps', draft({ slug: 'x1', launchUrl: 'http://x.example.org/' }));
    expect(await errorOf(insecure)).toMatchObject({
      code: 'launch_url_insecure',
      message: expect.stringMatching(/^launchUrl/),
    });
    // http is for this machine in development only.
    const loopback = await it_.send(
      'POST',
      '/apps',
      draft({ slug: 'x2', color: '#000002', launchUrl: 'http://127.0.0.1:9/' }),
    );
    expect(loopback.status).toBe(201);

    const alike = await it_.send('POST', '/apps', draft({ slug: 'x3', icon: 'graduation', color: '#1464FF' }));
    expect(alike.status).toBe(400);
    expect(await errorOf(alike)).toMatchObject({ code: 'looks_alike', message: expect.stringContaining('Clever') });

    for (const [kind, code] of [
      ['campus', 'unknown_campus'],
      ['person', 'unknown_person'],
      ['class', 'unknown_class'],
    ] as const) {
      const condition =
        kind === 'campus' ? { kind, anyOf: [CAMPUS.high, 'no-such'] } : { kind, anyOf: ['no-such'], value: true };
      const response = await it_.send(
        'POST',
        '/apps',
        draft({ slug: 'x4', color: '#000004', rules: [{ name: 'r', conditions: [condition] }] }),
      );
      expect(response.status).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe(code);
      expect(error.message).toContain(`rules.0.conditions.0.anyOf.${kind === 'campus' ? 1 : 0}`);
    }
    const missing = await it_.send('POST', '/apps', { ...draft({ slug: 'x5' }), name: '' });
    expect(await errorOf(missing)).toMatchObject({ code: 'invalid_request', message: 'name: is required' });
    expect(await lastAudit(portal, 'app.created')).toMatchObject({
      outcome: 'failure',
      detail: { reason: 'invalid_request', field: 'name' },
    });
    const apps = (await it_.json<{ apps: AdminApp[] }>(await it_.send('GET', '/apps'))).apps.map((a) => a.slug);
    expect(apps).not.toEqual(expect.arrayContaining(['x1', 'x3', 'x4', 'x5']));
  });

  it('retires an app: no tile, no release of its stored sign-in; restoring brings both back', async () => {
    const child = (await portal.directory.findByUsername('demo.student.g4'))!;
    const { launchId } = await portal.vault.launch(child, READING);
    expect(await tileNames(portal, 'demo.student.g4')).toContain('Reading Garden');

    const retired = await it_.json<AdminApp>(await it_.send('POST', `/apps/${READING}/retire`));
    expect(retired.retiredAt).not.toBeNull();
    expect(await tileNames(portal, 'demo.student.g4')).not.toContain('Reading Garden');
    const request = {
      launchId,
      appId: READING,
      origin: fixtureOrigin('reading-garden'),
      person: child,
      ip: '127.0.0.1',
    };
    await expect(portal.vault.release(request)).rejects.toMatchObject({ code: 'not_entitled' });
    await expect(portal.vault.launch(child, READING)).rejects.toMatchObject({ code: 'not_entitled' });
    // Still listed for IT, and left out of the apps explain-access offers.
    expect((await it_.json<{ apps: AdminApp[] }>(await it_.send('GET', '/apps'))).apps.map((a) => a.id)).toContain(
      READING,
    );
    const explainable = await (await portal.request.get('/api/admin/apps', it_.cookie)).json();
    expect(explainable.apps.map((a: { id: string }) => a.id)).not.toContain(READING);

    await it_.json<AdminApp>(await it_.send('POST', `/apps/${READING}/restore`));
    expect(await tileNames(portal, 'demo.student.g4')).toContain('Reading Garden');
    const again = await portal.vault.launch(child, READING);
    expect((await portal.vault.release({ ...request, launchId: again.launchId })).credential.password).toBeTruthy();
    const versions = await it_.json<{ versions: { change: string }[] }>(await it_.send('GET', `/apps/${READING}`));
    expect(versions.versions.map((v) => v.change)).toEqual(['restored', 'retired']);
  });

  it('takes an uploaded PNG icon and serves it to signed-in people; refuses SVG, other types and big files', async () => {
    const svg = await it_.upload('app-clever', SVG, 'image/svg+xml');
    expect(svg.status).toBe(400);
    expect((await errorOf(svg)).code).toBe('icon_type');
    const text = await it_.upload('app-clever', new TextEncoder().encode('GIF89a....'), 'image/gif');
    expect((await errorOf(text)).code).toBe('icon_type');
    const big = new Uint8Array(ICON_MAX_BYTES + 1);
    big.set(PNG);
    const tooBig = await it_.upload('app-clever', big);
    expect(tooBig.status).toBe(400);
    expect((await errorOf(tooBig)).code).toBe('icon_too_large');

    const saved = await it_.json<AdminApp>(await it_.upload('app-clever', PNG));
    expect(saved.hasUploadedIcon).toBe(true);
    const teacher = await signIn(portal, 'demo.teacher');
    const tiles = (await (await portal.request.get('/api/apps/tiles', teacher)).json()) as {
      tiles: { slug: string; iconUrl: string | null }[];
    };
    const iconUrl = tiles.tiles.find((tile) => tile.slug === 'clever')!.iconUrl!;
    expect(iconUrl).toMatch(/^\/api\/apps\/app-clever\/icon\?v=\d+$/);
    const icon = await portal.request.get(iconUrl, teacher);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/png');
    expect(icon.headers.get('x-content-type-options')).toBe('nosniff');
    expect(icon.headers.get('cache-control')).toContain('max-age');
    expect(new Uint8Array(await icon.arrayBuffer())).toEqual(PNG);
    expect((await portal.request.get(iconUrl)).status).toBe(401);

    expect((await it_.json<AdminApp>(await it_.send('DELETE', '/apps/app-clever/icon'))).hasUploadedIcon).toBe(false);
    expect((await portal.request.get(iconUrl, teacher)).status).toBe(404);
  });

  it('previews gains, losses and the total as the access rules give them to each active person', async () => {
    const khan = portal.catalog.byId('app-khan')!;
    const next = draft({
      slug: 'khan-academy',
      rules: [
        { name: 'Middle school', conditions: [{ kind: 'campus', anyOf: [CAMPUS.middle] }] },
        { name: 'Teachers', conditions: [{ kind: 'role', anyOf: ['teacher'] }] },
      ],
    });
    const preview = await it_.json<CatalogPreview>(
      await it_.send('POST', '/preview', { appId: 'app-khan', draft: next, names: 'losses' }),
    );
    // Independently: each demo person's facts as the dashboard reads them, against the rules before and after.
    const after: AccessRule[] = next.rules.map((rule, i) => ({ id: `r${i}`, ...rule }));
    const expected = { gains: 0, losses: 0, total: 0 };
    const lost: string[] = [];
    const everyone = new Map((await portal.directory.activePeopleFacts()).map((p) => [p.id, p.facts]));
    const sortedFacts = (facts: AccessFacts) => ({
      ...facts,
      campusIds: facts.campusIds.toSorted(),
      classIds: facts.classIds.toSorted(),
    });
    expect(everyone.size).toBeGreaterThan(600);
    for (const { username } of generateLakeside().users) {
      const person = await portal.directory.findByUsername(username);
      if (!person || person.status !== 'active') continue;
      const facts = portal.directory.accessFacts(person);
      // The preview's one read of everyone gives each person the facts their dashboard is decided on.
      expect(sortedFacts(everyone.get(person.id)!)).toEqual(sortedFacts(facts));
      const [had, has] = [isGranted(khan.rules, facts), isGranted(after, facts)];
      if (has) expected.total += 1;
      if (has && !had) expected.gains += 1;
      if (had && !has) ((expected.losses += 1), lost.push(person.id));
    }
    expect(expected.gains).toBeGreaterThan(0);
    expect(expected.losses).toBeGreaterThan(0);
    expect({ gains: preview.gains, losses: preview.losses, total: preview.total }).toEqual(expected);
    expect(preview.people!.length).toBe(Math.min(200, expected.losses));
    expect(preview.people!.every((p) => lost.includes(p.id))).toBe(true);
    // A new app: nobody has it now.
    const fresh = await it_.json<CatalogPreview>(await it_.send('POST', '/preview', { draft: next }));
    expect(fresh).toEqual({ gains: expected.total, losses: 0, total: expected.total });
  });

  it('exports the whole catalog and imports it back all or nothing', async () => {
    const exported = await it_.json<CatalogFile>(await it_.send('GET', '/export'));
    expect(await lastAudit(portal, 'catalog.exported')).toMatchObject({ detail: { apps: exported.apps.length } });
    expect(exported.apps.length).toBe(
      (await it_.json<{ apps: AdminApp[] }>(await it_.send('GET', '/apps'))).apps.length,
    );

    const unchanged = await it_.json<{ created: string[]; updated: string[]; unchanged: string[]; retired: string[] }>(
      await it_.send('POST', '/import', exported),
    );
    expect(unchanged).toEqual({ created: [], updated: [], unchanged: exported.apps.map((a) => a.slug), retired: [] });

    const edited: CatalogFile = {
      ...exported,
      apps: [
        ...exported.apps.map((app) =>
          app.slug === 'ixl'
            ? { ...app, name: 'IXL Learning' }
            : app.slug === 'naviance'
              ? { ...app, retired: true }
              : app,
        ),
        { ...draft({ slug: 'imported-one', color: '#010101' }), retired: false },
      ],
    };
    const bad: CatalogFile = {
      ...edited,
      apps: [...edited.apps, { ...draft({ slug: 'bad-one', color: '#020202', launchUrl: 'ftp://x' }), retired: false }],
    };
    const refused = await it_.send('POST', '/import', bad);
    expect(refused.status).toBe(400);
    const error = await errorOf(refused);
    expect(error.code).toBe('catalog_file_invalid');
    expect(error.details).toEqual([expect.objectContaining({ app: 'bad-one', field: 'launchUrl' })]);
    expect(portal.catalog.byId('app-ixl')!.name).toBe('IXL');
    expect(portal.catalog.all().map((a) => a.slug)).not.toContain('imported-one');

    const applied = await it_.json<{ created: string[]; updated: string[]; retired: string[] }>(
      await it_.send('POST', '/import', edited),
    );
    expect(applied).toMatchObject({ created: ['imported-one'], updated: ['ixl'], retired: ['naviance'] });
    expect(portal.catalog.byId('app-ixl')!.name).toBe('IXL Learning');
    expect(portal.catalog.byId('app-naviance')).toBeUndefined();
    expect(await lastAudit(portal, 'catalog.imported')).toMatchObject({
      detail: { created: ['imported-one'], updated: ['ixl'], retired: ['naviance'] },
    });
  });

  it('a saved rule is in force in another process within about a second', async () => {
    const other = await createTestPortal({ storage: portal.storage, checkChangesEveryMs: 100 });
    try {
      const frontline = (await it_.json<{ app: AdminApp }>(await it_.send('GET', '/apps/app-frontline'))).app;
      const { id, version, retiredAt: _r, hasUploadedIcon: _h, ...fields } = frontline;
      const student = (await other.directory.findByUsername('demo.student.g11'))!;
      const seesFrontline = () =>
        other.catalog.visibleTo(other.directory.accessFacts(student)).some((app) => app.id === id);
      expect(seesFrontline()).toBe(false);
      await it_.json(
        await it_.send('PUT', `/apps/${id}`, {
          draft: {
            ...fields,
            rules: [...fields.rules, { name: 'g11', conditions: [{ kind: 'grade', min: 11, max: 11 }] }],
          },
          version,
        }),
      );
      expect(await within(1_500, seesFrontline)).toBeLessThan(1_500);
    } finally {
      other.changes.close();
    }
  });
});
