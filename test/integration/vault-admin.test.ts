// IT manages stored sign-ins in bulk. A bad row must never leave half an import behind, and secrets leave
// the vault only on purpose: an export with passwords or a reveal states why and is audited.
import { describe, expect, it, vi } from 'vitest';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import { breakAuditWrites } from '../helpers/database-tampering';
import { createTestPortal, signIn } from '../helpers/test-portal';

async function asIt() {
  const portal = await createTestPortal();
  const cookie = await signIn(portal, 'demo.it');
  const send = (method: string, path: string, body?: unknown) => portal.request.send(method, path, body, cookie);
  const entryCount = async () => (await portal.vault.entries.list()).length;
  return { portal, send, entryCount };
}

const GOOD_CSV = `app,scope,owner,username,password,extra
reading-garden,user,demo.student.g4,rg-ava,Garden-Pass-1,
code-cove,group,Lakeside Middle School,cove-ms,Cove-Pass-2,MS-42
`;

describe('importing stored sign-ins from CSV', () => {
  it('saves every row of a good file', async () => {
    const { send, entryCount, portal } = await asIt();
    const before = await entryCount();
    const response = await send('POST', '/api/admin/vault/import', { csv: GOOD_CSV });
    expect(await response.json()).toEqual({ ok: true, saved: 2 });
    expect(await entryCount()).toBe(before + 2);
    expect((await portal.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'vault.import',
      outcome: 'success',
      detail: { saved: 2 },
    });
  });

  it('changes nothing when any row is bad, and names each bad row', async () => {
    const { send, entryCount } = await asIt();
    const before = await entryCount();
    const csv = `${GOOD_CSV}no-such-app,user,demo.student.g4,x,y,
reading-garden,user,nobody.here,x,y,
reading-garden,group,Lakeside Elementary,shared,,
reading-garden,template,,{student_number},,
reading-garden,user,demo.student.g4,again,Other-Pass-3,
`;
    const response = await send('POST', '/api/admin/vault/import', { csv });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; message: string; details: { line: number; field: string; problem: string }[] };
    };
    expect(error.code).toBe('import_rejected');
    expect(error.message).toMatch(/^Nothing was imported\. Line 4/);
    expect(error.details.map((d) => [d.line, d.field])).toEqual([
      [4, 'app'],
      [5, 'owner'],
      [6, 'password'],
      [7, 'username'],
      [8, 'owner'],
    ]);
    expect(error.details[3]!.problem).toContain('{student_number}');
    expect(error.details[4]!.problem).toBe('repeats the entry on line 2');
    expect(await entryCount()).toBe(before);
  });

  it('refuses a file that is not the expected CSV', async () => {
    const { send } = await asIt();
    const response = await send('POST', '/api/admin/vault/import', { csv: 'application,who\nx,y\n' });
    const { error } = (await response.json()) as { error: { details: { field: string }[] } };
    expect(error.details[0]!.field).toBe('app');
  });
});

describe('secrets leave only on purpose', () => {
  it('exports without passwords unless asked, and asks why when they are included', async () => {
    const { send, portal } = await asIt();
    await send('POST', '/api/admin/vault/import', { csv: GOOD_CSV });
    const plain = await (await send('POST', '/api/admin/vault/export', {})).text();
    expect(plain).toContain('reading-garden,user,demo.student.g4,rg-ava,,');
    expect(plain).not.toContain('Garden-Pass-1');

    const noReason = await send('POST', '/api/admin/vault/export', { includeSecrets: true });
    expect(noReason.status).toBe(400);
    const withSecrets = await send('POST', '/api/admin/vault/export', {
      includeSecrets: true,
      reason: 'Moving to the new reading vendor',
    });
    expect(await withSecrets.text()).toContain('rg-ava,Garden-Pass-1,');
    const audit = (await portal.audit.list({ limit: 1 }))[0]!;
    expect(audit).toMatchObject({
      action: 'vault.export',
      actorUsername: 'demo.it',
      detail: { includeSecrets: true, reason: 'Moving to the new reading vendor' },
    });
    expect(JSON.stringify(audit)).not.toContain('Garden-Pass-1');
  });

  it('reveals one entry only with a stated reason, and audits it', async () => {
    const { send, portal } = await asIt();
    await send('POST', '/api/admin/vault/import', { csv: GOOD_CSV });
    const g4 = (await portal.directory.findByUsername('demo.student.g4'))!;
    const { entries } = (await (await send('GET', `/api/admin/vault/entries?person=${g4.id}`)).json()) as {
      entries: { id: string; appId: string }[];
    };
    const entry = entries.find((e) => e.appId === fixtureAppId('reading-garden'))!;
    expect(JSON.stringify(entries)).not.toContain('Garden-Pass-1');
    expect((await send('POST', `/api/admin/vault/entries/${entry.id}/reveal`, { reason: 'why' })).status).toBe(400);
    const noReason = await send('POST', `/api/admin/vault/entries/${entry.id}/reveal`, {});
    expect(((await noReason.json()) as { error: { message: string } }).error.message).toBe('reason: is required');
    const revealed = await send('POST', `/api/admin/vault/entries/${entry.id}/reveal`, {
      reason: 'Ava cannot sign in at home',
    });
    expect(((await revealed.json()) as { values: { password: string } }).values.password).toBe('Garden-Pass-1');
    expect((await portal.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'vault.reveal',
      subjectUsername: 'demo.student.g4',
      detail: { reason: 'Ava cannot sign in at home' },
    });
  });

  it('refuses a shared sign-in for a campus that is not one, naming orgId, and audits the refusal', async () => {
    const { send, portal, entryCount } = await asIt();
    const before = await entryCount();
    const { campuses } = (await (await send('GET', '/api/admin/campuses')).json()) as {
      campuses: { id: string; name: string }[];
    };
    expect(campuses.map((campus) => campus.name)).toEqual([
      'Lakeside Elementary',
      'Lakeside Middle School',
      'Lakeside High School',
    ]);
    const entry = {
      appId: fixtureAppId('code-cove'),
      scope: 'group',
      username: 'cove-shared',
      password: 'Cove-Pass-3',
    };
    for (const orgId of ['Lakeside Middle School', 'org-no-such-campus']) {
      const response = await send('PUT', '/api/admin/vault/entries', { ...entry, orgId });
      expect(response.status).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_request');
      expect(error.message).toMatch(/^orgId: /);
      expect((await portal.audit.list({ limit: 1 }))[0]).toMatchObject({
        action: 'vault.entry_saved',
        outcome: 'failure',
        detail: { field: 'orgId' },
      });
    }
    expect(await entryCount()).toBe(before);
    const saved = await send('PUT', '/api/admin/vault/entries', { ...entry, orgId: campuses[1]!.id });
    expect(saved.status).toBe(200);
    expect(await entryCount()).toBe(before + 1);
  });

  it('keeps no change that could not be audited: a save, an import, a deletion', async () => {
    const { send, portal, entryCount } = await asIt();
    const entry = { appId: fixtureAppId('reading-garden'), scope: 'user', username: 'rg-ava', password: 'Pass-12345' };
    const g4 = (await portal.directory.findByUsername('demo.student.g4'))!;
    const saved = (await (await send('PUT', '/api/admin/vault/entries', { ...entry, userId: g4.id })).json()) as {
      entry: { id: string; version: number };
    };
    const before = await entryCount();
    const mendAuditWrites = await breakAuditWrites(portal.storage);
    const silenced = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const g8 = (await portal.directory.findByUsername('demo.student.g8'))!;
      expect(
        (await send('PUT', '/api/admin/vault/entries', { ...entry, userId: g8.id })).status,
      ).toBeGreaterThanOrEqual(500);
      expect((await send('POST', '/api/admin/vault/import', { csv: GOOD_CSV })).status).toBeGreaterThanOrEqual(500);
      expect((await send('DELETE', `/api/admin/vault/entries/${saved.entry.id}`)).status).toBeGreaterThanOrEqual(500);
    } finally {
      silenced.mockRestore();
      await mendAuditWrites();
    }
    expect(await entryCount()).toBe(before);
    expect(await portal.vault.entries.get(saved.entry.id)).toMatchObject({ version: saved.entry.version });
  });

  it('keeps the vault away from teachers and students', async () => {
    const { portal } = await asIt();
    for (const username of ['demo.teacher', 'demo.student.g4']) {
      const cookie = await signIn(portal, username);
      expect((await portal.request.get('/api/admin/vault/entries', cookie)).status).toBe(403);
    }
  });
});
