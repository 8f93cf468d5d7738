// The vault entries store, on both engines: values are sealed at rest and bound to their row, the right
// entry wins for each person, edits raise the version, and a key rotation re-seals every value at once.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../server/storage/storage';
import { generateVaultKeyring, createVaultCipher } from '../../server/vault/cipher';
import { createVaultEntries, type VaultEntries } from '../../server/vault/entries';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { freshStorages } from '../helpers/test-storage';
import { AVA, BEN, insertVaultFixture, VAULT_FIXTURE } from './vault-fixture';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const { app, otherApp, campusA } = VAULT_FIXTURE;

describe.each(ENGINES)('vault entries on %s', (engine) => {
  const freshStorage = freshStorages(engine);

  async function setUp() {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    // A keyring the test can rotate in place, as a key file changing under a running portal.
    const first = generateVaultKeyring();
    const keyring = { currentKeyId: first.currentKeyId, keys: new Map(first.keys) };
    const cipher = createVaultCipher(keyring);
    const rotate = () => {
      const id = `k${randomBytes(4).toString('hex')}`;
      keyring.keys.set(id, randomBytes(32));
      keyring.currentKeyId = id;
      return id;
    };
    let clock = 1_000;
    const entries = createVaultEntries(storage, cipher, () => ++clock);
    return { storage, entries, cipher, rotate };
  }

  const itEntryFor = (entries: VaultEntries, userId: string, password: string) =>
    entries.save({ appId: app, scope: 'user', userId, username: `${userId}-name`, password }, 'it', 'u-ben');

  it('stores values sealed and opens them for their owner', async () => {
    const { entries } = await setUp();
    const saved = await itEntryFor(entries, AVA.id, 'Secret-1');
    const [stored] = await entries.list();
    expect(stored).toEqual(saved);
    expect(JSON.stringify(stored)).not.toContain('Secret-1');
    expect(entries.open(stored!, AVA)).toEqual({ username: 'u-ava-name', password: 'Secret-1', extra: undefined });
    expect(entries.openStored(stored!)).toMatchObject({ username: 'u-ava-name', password: 'Secret-1' });
  });

  it('replaces an entry in place on a second save, raising its version', async () => {
    const { entries } = await setUp();
    const first = await itEntryFor(entries, AVA.id, 'Secret-1');
    const second = await itEntryFor(entries, AVA.id, 'Secret-2');
    expect(second).toMatchObject({ id: first.id, version: 2 });
    expect(await entries.list()).toHaveLength(1);
    expect(entries.open((await entries.get(first.id))!, AVA)?.password).toBe('Secret-2');
  });

  it('chooses by the connector’s policy: own, IT’s, the group’s, then the template', async () => {
    const { entries } = await setUp();
    await entries.save({ appId: app, scope: 'template', username: '{username}' }, 'it', null);
    expect((await entries.resolve(AVA, app, 'it_wins'))?.source).toBe('template');
    await entries.save({ appId: app, scope: 'group', orgId: campusA, username: 'campus', password: 'p' }, 'it', null);
    expect((await entries.resolve(AVA, app, 'it_wins'))?.source).toBe('group');
    // The group entry is for campus A only.
    expect((await entries.resolve(BEN, app, 'it_wins'))?.source).toBe('template');
    await entries.save({ appId: app, scope: 'user', userId: AVA.id, username: 'own', password: 'p' }, 'self', AVA.id);
    expect(await entries.choose(AVA, app, 'it_wins')).toMatchObject({ chosen: { source: 'group' }, hasOwnEntry: true });
    expect((await entries.resolve(AVA, app, 'user_wins'))?.source).toBe('self');
    await itEntryFor(entries, AVA.id, 'p');
    expect((await entries.resolve(AVA, app, 'it_wins'))?.source).toBe('it');
    expect((await entries.resolve(AVA, app, 'off'))?.source).toBe('it');
    expect(await entries.resolve(AVA, otherApp, 'it_wins')).toBeUndefined();
  });

  it('derives a different password per person from a template, kept across edits of the template', async () => {
    const { entries } = await setUp();
    const template = await entries.save({ appId: app, scope: 'template', username: '{sourced_id}' }, 'it', null);
    const ava = entries.open(template, AVA)!;
    expect(ava.username).toBe('sis-u-ava');
    expect(entries.open(template, BEN)!.password).not.toBe(ava.password);
    const edited = await entries.save({ appId: app, scope: 'template', username: '{username}' }, 'it', null);
    expect(entries.open(edited, AVA)).toEqual({ username: 'ava', password: ava.password, extra: undefined });
  });

  it('lists by app and by person, in the same order on either engine', async () => {
    const { entries } = await setUp();
    await itEntryFor(entries, BEN.id, 'b');
    await itEntryFor(entries, AVA.id, 'a');
    await entries.save({ appId: app, scope: 'template', username: '{username}' }, 'it', null);
    await entries.save({ appId: otherApp, scope: 'group', orgId: campusA, username: 'c', password: 'p' }, 'it', null);
    const owners = (rows: Awaited<ReturnType<VaultEntries['list']>>) =>
      rows.map((row) => `${row.appId}/${row.scope}/${row.userId ?? row.orgId ?? ''}`);
    expect(owners(await entries.list())).toEqual([
      'app-math/group/campus-a',
      'app-reading/template/',
      'app-reading/user/u-ava',
      'app-reading/user/u-ben',
    ]);
    expect(owners(await entries.list({ userId: AVA.id }))).toEqual(['app-reading/user/u-ava']);
    expect(owners(await entries.list({ appId: otherApp }))).toEqual(['app-math/group/campus-a']);
  });

  it('removes an entry once', async () => {
    const { entries } = await setUp();
    const saved = await itEntryFor(entries, AVA.id, 'a');
    expect(await entries.remove(saved.id)).toBe(true);
    expect(await entries.remove(saved.id)).toBe(false);
    expect(await entries.get(saved.id)).toBeUndefined();
  });

  it('keeps nothing of saves made in a unit of work that fails', async () => {
    const { storage, entries } = await setUp();
    await expect(
      storage.transaction(async (tx) => {
        await entries.save({ appId: app, scope: 'user', userId: AVA.id, username: 'a', password: 'p' }, 'it', null, tx);
        await entries.save({ appId: app, scope: 'user', userId: BEN.id, username: 'b', password: 'p' }, 'it', null, tx);
        throw new Error('a later row was bad');
      }),
    ).rejects.toThrow('a later row was bad');
    expect(await entries.list()).toEqual([]);
  });

  it('re-seals every value under a new key in one unit of work, reporting progress', async () => {
    const { storage, entries, cipher, rotate } = await setUp();
    await itEntryFor(entries, AVA.id, 'a');
    await itEntryFor(entries, BEN.id, 'b');
    await entries.save({ appId: app, scope: 'template', username: '{username}', extra: 'X' }, 'it', null);
    const before = entries.open((await entries.resolve(AVA, app, 'it_wins'))!.entry, AVA);
    const newKey = rotate();
    expect(await entries.countNotOnCurrentKey()).toBe(3);
    const progress: number[] = [];
    const resealed = await storage.transaction((tx) => entries.resealAll(2, (n) => progress.push(n), tx));
    expect(resealed).toBe(3);
    expect(progress).toEqual([2, 3]);
    expect(await entries.countNotOnCurrentKey()).toBe(0);
    const sealed = (await entries.list()).flatMap((row) =>
      [row.username, row.password, row.extra, row.derivationSecret].filter((value) => value !== null),
    );
    expect(new Set(sealed.map((value) => cipher.keyIdOf(value)))).toEqual(new Set([newKey]));
    expect(entries.open((await entries.resolve(AVA, app, 'it_wins'))!.entry, AVA)).toEqual(before);
  });
});

describe('two portal processes saving one entry on one PostgreSQL database', () => {
  const freshStorage = freshStorages('postgres');

  it('take turns: one template for the app, its version raised once per save, no save refused', async () => {
    const first = await freshStorage();
    await insertVaultFixture(first);
    const second = await openPostgresStorage((first as { url?: string }).url!, { maxConnections: 5 });
    try {
      const cipher = createVaultCipher(generateVaultKeyring());
      const stores = [createVaultEntries(first, cipher, Date.now), createVaultEntries(second, cipher, Date.now)];
      const saves = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          stores[i % 2]!.save({ appId: app, scope: 'template', username: `{username}-${i}` }, 'it', null),
        ),
      );
      expect(saves.filter((save) => save.status === 'rejected')).toEqual([]);
      const templates = (await stores[0]!.list({ appId: app })).filter((entry) => entry.scope === 'template');
      expect(templates).toHaveLength(1);
      expect(templates[0]!.version).toBe(8);
    } finally {
      await second.close();
    }
  });
});
