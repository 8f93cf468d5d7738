// The grant store, on both engines: a grant is in force until it runs out or is revoked, and not a moment longer;
// a revoke happens once; rows are never deleted, so the history lists what ended too.
import { describe, expect, it } from 'vitest';
import { createGrantStore, type NewGrant } from '../../server/grants/grant-store';
import type { Engine } from '../../server/storage/storage';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { freshStorages } from '../helpers/test-storage';
import { insertVaultFixture, VAULT_FIXTURE } from './vault-fixture';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const GIVEN_AT = Date.UTC(2026, 10, 2);
const DAY = 86_400_000;

const grant = (id: string, more: Partial<NewGrant> = {}): NewGrant => ({
  id,
  userId: 'u-tess',
  kind: 'delegate',
  campusId: VAULT_FIXTURE.campusA,
  rights: ['print_badges', 'reset_passwords'],
  grantedBy: null,
  grantedAt: GIVEN_AT,
  expiresAt: GIVEN_AT + 10 * DAY,
  ...more,
});

describe.each(ENGINES)('grant store on %s', (engine) => {
  const freshStorage = freshStorages(engine);

  async function setUp() {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    await tamperWithDatabase(
      storage,
      `INSERT INTO users (id, sourced_id, username, given_name, family_name, role, created_at, updated_at)
         VALUES ('u-tess', 'sis-u-tess', 'tess', 'Tess', 'Teacher', 'teacher', 1, 1);
       INSERT INTO user_orgs (user_id, org_id) VALUES ('u-tess', 'campus-a');`,
    );
    return { storage, store: createGrantStore(storage) };
  }

  it('finds a grant as given, its rights a list', async () => {
    const { store } = await setUp();
    await store.give(grant('g1'));
    expect(await store.find('g1')).toEqual({ ...grant('g1'), revokedAt: null, revokedBy: null });
    expect(await store.find('nothing')).toBeUndefined();
  });

  it('is in force until the moment it expires, and a grant without an end until revoked', async () => {
    const { store } = await setUp();
    await store.give(grant('g1'));
    await store.give(grant('g2', { kind: 'help_desk', campusId: null, rights: [], expiresAt: null }));
    const inForce = async (at: number) => (await store.inForceFor('u-tess', at)).map((g) => g.id).sort();
    expect(await inForce(GIVEN_AT + 10 * DAY - 1)).toEqual(['g1', 'g2']);
    expect(await inForce(GIVEN_AT + 10 * DAY)).toEqual(['g2']);
    expect(await inForce(GIVEN_AT + 10_000 * DAY)).toEqual(['g2']);
    expect(await store.inForceFor('u-ava', GIVEN_AT)).toEqual([]);
  });

  it('revokes once: the second revoke changes nothing and says so', async () => {
    const { store } = await setUp();
    await store.give(grant('g1'));
    const revoked = await store.revoke('g1', 'u-ava', GIVEN_AT + DAY);
    expect(revoked).toMatchObject({ id: 'g1', revokedAt: GIVEN_AT + DAY, revokedBy: 'u-ava' });
    expect(await store.revoke('g1', null, GIVEN_AT + 2 * DAY)).toBeUndefined();
    expect(await store.find('g1')).toMatchObject({ revokedAt: GIVEN_AT + DAY, revokedBy: 'u-ava' });
    expect(await store.inForceFor('u-tess', GIVEN_AT + DAY)).toEqual([]);
    expect(await store.revoke('nothing', null, GIVEN_AT)).toBeUndefined();
  });

  it('takes part in a transaction: a failed one leaves neither the revoke nor the new grant', async () => {
    const { storage, store } = await setUp();
    await store.give(grant('g1'));
    await expect(
      storage.transaction(async (tx) => {
        await store.revoke('g1', null, GIVEN_AT + DAY, tx);
        await store.give(grant('g2'), tx);
        throw new Error('the audit could not be written');
      }),
    ).rejects.toThrow('the audit could not be written');
    expect(await store.find('g1')).toMatchObject({ revokedAt: null });
    expect(await store.find('g2')).toBeUndefined();
  });

  it('lists by campus and person, newest first, ended ones only when asked', async () => {
    const { store } = await setUp();
    await store.give(grant('g-old', { grantedAt: GIVEN_AT - DAY }));
    await store.give(grant('g-b', { campusId: VAULT_FIXTURE.campusB }));
    await store.give(grant('g-district', { kind: 'it', campusId: null, rights: [], expiresAt: null }));
    await store.give(grant('g-ended', { grantedAt: GIVEN_AT + DAY }));
    await store.revoke('g-ended', null, GIVEN_AT + 2 * DAY);
    const at = GIVEN_AT + 3 * DAY;
    const ids = async (filter: Parameters<typeof store.list>[0]) => (await store.list(filter, at)).map((g) => g.id);
    // Same moment: by id, descending.
    expect(await ids({})).toEqual(['g-district', 'g-b', 'g-old']);
    expect(await ids({ campusIds: [VAULT_FIXTURE.campusA] })).toEqual(['g-old']);
    expect(await ids({ campusIds: [VAULT_FIXTURE.campusA], includeEnded: true })).toEqual(['g-ended', 'g-old']);
    expect(await ids({ userId: 'u-ava' })).toEqual([]);
    expect(await ids({ campusIds: [] })).toEqual([]);
    expect((await store.list({}, GIVEN_AT + 20 * DAY)).map((g) => g.id)).toEqual(['g-district']);
  });
});
