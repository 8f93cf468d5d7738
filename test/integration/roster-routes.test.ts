// IT brings the SIS's roster in over HTTP: a preview changes nothing, an import applies, a refused bundle names
// file, line and column and applies nothing, a held sync waits for approval, and only IT may do any of it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { RosterReport, RosterSyncSummary } from '../../shared/roster';
import { createPasswordHasher } from '../../server/auth/password-hasher';
import { rosterServiceFor } from '../../server/roster/roster-service';
import { createDirectory } from '../../server/directory/directory';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { rosterFilesOf, smallDistrict, zipOf } from '../helpers/roster-district';
import { createTestPortal, DEMO_PASSWORD, PUBLIC_URL, signIn } from '../helpers/test-portal';
import { createTestStorage } from '../helpers/test-storage';

const ROSTER_CONFIG = {
  usernames: 'sis' as const,
  flagColumns: {},
  holdShare: 0.1,
  dropFolder: null,
  checkEveryMs: 60_000,
};

/** A portal whose district came from a roster, with its teacher made IT by hand (the SIS never can). */
async function rosteredPortal() {
  const storage = await createTestStorage();
  const service = rosterServiceFor(storage, {
    roster: ROSTER_CONFIG,
    sessionIdleMs: 3_600_000,
    sessionMaxMs: 3_600_000,
  });
  const first = await service.importFiles(rosterFilesOf('first', smallDistrict()), { source: 'cli', actorId: null });
  expect(first.outcome).toBe('applied');
  const hash = await createPasswordHasher({ concurrency: 1, maxQueue: 4 }).hash(DEMO_PASSWORD);
  await tamperWithDatabase(
    storage,
    `UPDATE users SET role = 'it', password_hash = '${hash}' WHERE username = 'rs.teacher'`,
  );
  await tamperWithDatabase(storage, `UPDATE users SET password_hash = '${hash}' WHERE username = 'rs.student1'`);
  return createTestPortal({ storage, roster: ROSTER_CONFIG });
}

type Portal = Awaited<ReturnType<typeof rosteredPortal>>;

/** A multipart upload, as the admin page sends it. */
function form(files: Record<string, string | Buffer>) {
  const body = new FormData();
  for (const [name, content] of Object.entries(files))
    body.append('files', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  return body;
}

async function upload(portal: Portal, path: string, body: FormData | Buffer, cookie: string, headers = {}) {
  return portal.app.request(`/api/admin/roster${path}`, {
    method: 'POST',
    headers: {
      origin: PUBLIC_URL,
      cookie,
      'x-gatehouse-upload': '1',
      ...(Buffer.isBuffer(body) ? { 'content-type': 'application/zip' } : {}),
      ...headers,
    },
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
  });
}

const reportOf = async (response: Response) => ((await response.json()) as { report: RosterReport }).report;

describe('the roster admin API', () => {
  let portal: Portal;
  let it_: string;
  const directory = () => createDirectory(portal.storage);
  const active = async (username: string) => (await directory().findByUsername(username))?.status;

  beforeAll(async () => {
    portal = await rosteredPortal();
    it_ = await signIn(portal, 'rs.teacher');
  });

  it('previews an uploaded .zip: the diff, and nothing changed', async () => {
    const zip = await zipOf(smallDistrict({ students: 12 }));
    const response = await upload(portal, '/preview', form({ 'district.zip': zip }), it_);
    expect(response.status).toBe(200);
    const report = await reportOf(response);
    expect(report).toMatchObject({ outcome: 'previewed', format: 'oneroster-1.1', sourceName: 'district.zip' });
    expect(report.counts.people).toMatchObject({ added: 2, deactivated: 0 });
    expect(report.samples.added).toEqual([
      expect.stringContaining('rs.student11'),
      expect.stringContaining('rs.student12'),
    ]);
    expect(await directory().findByUsername('rs.student11')).toBeUndefined();
  });

  it('imports a .zip sent as the body, then says a second import changes nothing', async () => {
    const zip = await zipOf(smallDistrict({ students: 12 }));
    const response = await upload(portal, '/import?name=nightly.zip', zip, it_);
    expect(response.status).toBe(200);
    expect(await reportOf(response)).toMatchObject({ outcome: 'applied', sourceName: 'nightly.zip' });
    expect(await active('rs.student12')).toBe('active');

    const again = await upload(portal, '/import', form({ 'again.zip': zip }), it_);
    expect(await reportOf(again)).toMatchObject({ outcome: 'unchanged' });
  });

  it('takes the .csv files themselves as a multipart upload', async () => {
    const response = await upload(portal, '/import', form(smallDistrict({ students: 12 })), it_);
    expect(response.status).toBe(200);
    // The same files as the .zip's: the same hash, so nothing to change.
    expect(await reportOf(response)).toMatchObject({ outcome: 'unchanged', sourceName: '7 uploaded files' });
  });

  it('refuses a bundle with a missing column with 422, naming file, line and column, and applies nothing', async () => {
    const users = smallDistrict({ students: 13 })['users.csv'].replace(',role,', ',rank,');
    const response = await upload(portal, '/import', form(smallDistrict({ students: 13, users })), it_);
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      error: { code: string; message: string; details: unknown[] };
      report: RosterReport;
    };
    expect(body.error.code).toBe('roster_refused');
    expect(body.error.message).toMatch(/^Nothing was imported\. users\.csv line 1, column role: /);
    expect(body.error.details).toContainEqual(
      expect.objectContaining({ code: 'missing_column', file: 'users.csv', line: 1, column: 'role' }),
    );
    expect(body.report.outcome).toBe('refused');
    expect(await directory().findByUsername('rs.student13')).toBeUndefined();
    const audited = (await portal.audit.list({ limit: 20 })).filter((row) => row.action === 'roster.refused');
    expect(audited.length).toBeGreaterThan(0);
  });

  it('refuses an upload that is not a zip at all, and audits it', async () => {
    const response = await upload(portal, '/import', form({ 'roster.zip': 'not a zip' }), it_);
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; details: { file: string }[] } };
    expect(body.error).toMatchObject({
      code: 'roster_refused',
      details: [expect.objectContaining({ file: 'roster.zip' })],
    });
    const [last] = await portal.audit.list({ limit: 1 });
    expect(last).toMatchObject({
      action: 'roster.refused',
      outcome: 'failure',
      detail: expect.objectContaining({ via: 'upload' }),
    });
  });

  it('holds a sync that would deactivate most students (202), then applies it on approval', async () => {
    const without = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const response = await upload(
      portal,
      '/import',
      form({ 'short.zip': await zipOf(smallDistrict({ students: 12, without })) }),
      it_,
    );
    expect(response.status).toBe(202);
    const held = await reportOf(response);
    expect(held).toMatchObject({ outcome: 'held', hold: { reason: 'share' } });
    expect(held.counts.people.deactivated).toBe(10);
    expect(await active('rs.student2')).toBe('active');

    const student = await signIn(portal, 'rs.student1');
    const { syncs } = (await (await portal.request.get('/api/admin/roster/syncs', it_)).json()) as {
      syncs: RosterSyncSummary[];
    };
    expect(syncs[0]).toMatchObject({ id: held.syncId, outcome: 'held', source: 'upload' });
    expect((await (await portal.request.get('/api/admin/roster/health', it_)).json()).held).toBe(1);

    const approved = await portal.request.post(`/api/admin/roster/syncs/${held.syncId}/approve`, {}, it_);
    expect(approved.status).toBe(200);
    expect(await reportOf(approved)).toMatchObject({ outcome: 'approved' });
    expect(await active('rs.student2')).toBe('disabled');
    // The person who left is signed out at once.
    expect((await portal.request.get('/api/auth/me', student)).status).toBe(401);

    const twice = await portal.request.post(`/api/admin/roster/syncs/${held.syncId}/approve`, {}, it_);
    expect(twice.status).toBe(409);
    expect((await twice.json()).error.code).toBe('roster_not_held');
  });

  it('shows the history, one sync’s report and the health', async () => {
    const { syncs } = (await (await portal.request.get('/api/admin/roster/syncs?limit=3', it_)).json()) as {
      syncs: RosterSyncSummary[];
    };
    expect(syncs).toHaveLength(3);
    const report = await reportOf(await portal.request.get(`/api/admin/roster/syncs/${syncs[0]!.id}`, it_));
    expect(report.outcome).toBe(syncs[0]!.outcome);
    expect((await portal.request.get('/api/admin/roster/syncs/999999', it_)).status).toBe(404);
    const health = await (await portal.request.get('/api/admin/roster/health', it_)).json();
    expect(health).toMatchObject({ lastGoodSyncAt: expect.any(Number), stale: false, held: 0 });
  });

  it('refuses anyone but IT (403, audited), before reading the upload', async () => {
    const teacherless = await signIn(portal, 'rs.student1').catch(() => undefined);
    // rs.student1 was deactivated above; make a fresh student session from the first roster's people instead.
    const cookie = teacherless ?? (await signInStudent(portal));
    for (const [method, path] of [
      ['POST', '/import'],
      ['POST', '/preview'],
      ['GET', '/syncs'],
    ] as const) {
      const response =
        method === 'GET'
          ? await portal.request.get(`/api/admin/roster${path}`, cookie)
          : await upload(portal, path, form({ 'x.zip': 'x' }), cookie);
      expect(response.status).toBe(403);
    }
    const denied = (await portal.audit.list({ limit: 5 })).filter((row) => row.action === 'access.denied');
    expect(denied.map((row) => row.detail?.route)).toContain('POST /api/admin/roster/import');
  });

  it('refuses an upload without the upload header (a cross-site form could send it) and from another site', async () => {
    const noHeader = await portal.app.request('/api/admin/roster/import', {
      method: 'POST',
      headers: { origin: PUBLIC_URL, cookie: it_ },
      body: form({ 'x.zip': 'x' }),
    });
    expect(noHeader.status).toBe(403);
    expect((await noHeader.json()).error.code).toBe('csrf_rejected');
    const crossSite = await upload(portal, '/import', form({ 'x.zip': 'x' }), it_, { origin: 'https://evil.test' });
    expect(crossSite.status).toBe(403);
  });

  it('refuses an upload larger than 64 MB with 413, without reading it', async () => {
    const response = await upload(portal, '/import', Buffer.alloc(64 * 1024 * 1024 + 1), it_, {
      'content-length': String(64 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('body_too_large');
  });
});

/** A student of the first roster who is still active (rs.student11 came in the second). */
async function signInStudent(portal: Portal) {
  const hash = await createPasswordHasher({ concurrency: 1, maxQueue: 4 }).hash(DEMO_PASSWORD);
  await tamperWithDatabase(
    portal.storage,
    `UPDATE users SET password_hash = '${hash}' WHERE username = 'rs.student11'`,
  );
  return signIn(portal, 'rs.student11');
}
