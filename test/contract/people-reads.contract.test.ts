// What the people pages read from other features' stores, on both engines: the same answers either way. A helper's
// search stays within its scope; counted guesses say until when they hold and a release forgets them on every
// process; holds on an older value of a stored sign-in are not the person's problem any more.
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../server/audit/audit-log';
import { createSignInThrottle, type GuessTarget } from '../../server/auth/sign-in-throttle';
import { createBadgeStore } from '../../server/badges/badge-store';
import { hashBadgeSecret, makeBadgeCode } from '../../server/badges/badge-code';
import { seedDemoDistrict } from '../../server/demo/seed';
import { createDirectory } from '../../server/directory/directory';
import type { Engine, Storage } from '../../server/storage/storage';
import { createVaultCipher, generateVaultKeyring } from '../../server/vault/cipher';
import { createVaultEntries } from '../../server/vault/entries';
import { createLaunchStore } from '../../server/vault/launches';
import { manualClock } from '../helpers/test-portal';
import { createTestStorage, freshStorages } from '../helpers/test-storage';
import { twoProcesses } from './auth-storage-fixtures';
import { AVA, BEN, insertVaultFixture, VAULT_FIXTURE } from './vault-fixture';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const NOW = Date.UTC(2026, 11, 1);
const SCHOOL = '203.0.113.9';

describe.each(ENGINES)('the people pages’ reads on %s', (engine) => {
  const opened: Storage[] = [];
  afterAll(async () => Promise.all(opened.map((storage) => storage.close())));
  const freshStorage = freshStorages(engine);

  it('searches within a scope: everyone, a campus’s students, a teacher’s own students, or nobody', async () => {
    const storage = await createTestStorage({ engine });
    opened.push(storage);
    await seedDemoDistrict(storage, 'hash-0', NOW);
    const directory = createDirectory(storage, () => NOW + 1);
    const teacher = (await directory.findByUsername('demo.teacher.k'))!;
    const found = async (scope: Parameters<typeof directory.searchWithin>[1]) =>
      (await directory.searchWithin('DEMO.', scope, 50)).map((person) => person.username);
    expect(await found({ everyone: true })).toContain('demo.it');
    const middle = { everyone: false, studentCampusIds: ['org-lakeside-ms'], teacherId: null } as const;
    expect(await found(middle)).toEqual(['demo.student.g8']);
    expect(await found({ everyone: false, studentCampusIds: [], teacherId: teacher.id })).toEqual(['demo.student.k']);
    expect(await found({ everyone: false, studentCampusIds: [], teacherId: null })).toEqual([]);
    expect((await directory.searchWithin('%', { everyone: true }, 5)).length).toBe(0);

    const titles = await directory.classTitlesOf(teacher.id);
    expect(titles.length).toBeGreaterThan(0);
    const student = (await directory.findByUsername('demo.student.k'))!;
    expect(await directory.classTitlesOf(student.id)).toEqual(expect.arrayContaining(titles));
  });

  it('reads a person’s latest sign-ins, newest first, and no one else’s', async () => {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    let clock = NOW;
    const audit = createAuditLog(storage, () => clock++);
    for (const [subjectUserId, reason] of [
      [AVA.id, 'wrong_password'],
      [BEN.id, 'wrong_password'],
      [AVA.id, 'no_password'],
    ] as const)
      await audit.record({
        action: 'sign_in',
        outcome: 'failure',
        subjectUserId,
        detail: { method: 'password', reason },
      });
    await audit.record({ action: 'badge.printed', outcome: 'success', subjectUserId: AVA.id });
    const recent = await audit.recentAbout(AVA.id, 'sign_in', 10);
    expect(recent.map((event) => [event.at, event.detail?.reason])).toEqual([
      [NOW + 2, 'no_password'],
      [NOW, 'wrong_password'],
    ]);
    expect(await audit.recentAbout(AVA.id, 'sign_in', 1)).toHaveLength(1);
  });

  it('counts guesses against a person’s names until when they hold, and a release forgets them everywhere', async () => {
    const { first, second } = await twoProcesses(engine);
    opened.push(first, second);
    const clock = manualClock();
    const network = { failuresPerWindow: 1_000, windowMs: 15 * 60_000 };
    const one = createSignInThrottle(first, clock.now, network, () => Buffer.alloc(32, 7));
    const two = createSignInThrottle(second, clock.now, network, () => Buffer.alloc(32, 7));
    for (let i = 0; i < 5; i++) await one.reserveTry('lena', SCHOOL);
    await one.reserveTry('u-lena', SCHOOL, 'totp');
    const lena: GuessTarget[] = [
      { kind: 'password', name: 'lena' },
      { kind: 'claim_code', name: 'lena' },
      { kind: 'totp', name: 'u-lena' },
    ];
    const counted = await two.countsFor(lena);
    expect(counted).toHaveLength(2);
    expect(counted).toEqual(
      expect.arrayContaining([
        { kind: 'password', name: 'lena', failures: 5, lastFailureAt: clock.now(), heldUntil: clock.now() + 1000 },
        { kind: 'totp', name: 'u-lena', failures: 1, lastFailureAt: clock.now(), heldUntil: null },
      ]),
    );
    clock.advance(1000);
    expect((await two.countsFor(lena)).find((count) => count.kind === 'password')!.heldUntil).toBeNull();
    clock.advance(-1000);
    expect(await two.release(lena)).toBe(2);
    expect(await one.countsFor(lena)).toEqual([]);
    await one.reserveTry('lena', SCHOOL);
    expect(await two.release([])).toBe(0);
  });

  it('lists holds on the current value of people’s stored sign-ins only', async () => {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    const launches = createLaunchStore(storage, () => NOW);
    const entries = createVaultEntries(storage, createVaultCipher(generateVaultKeyring()), () => NOW);
    const { app } = VAULT_FIXTURE;
    const entry = await entries.save({ appId: app, scope: 'template', username: '{username}' }, 'it', null);
    await launches.placeHold(entry.id, AVA.id, entry.version, 'credentials_rejected');
    const hold = { userId: AVA.id, appId: app, entryId: entry.id, reason: 'credentials_rejected', heldAt: NOW };
    expect(await launches.currentHoldsFor([AVA.id, BEN.id])).toEqual([hold]);
    expect(await launches.currentHoldsFor([])).toEqual([]);
    await entries.save({ appId: app, scope: 'template', username: '{username}.2' }, 'it', null);
    expect(await launches.currentHoldsFor([AVA.id])).toEqual([]);
  });

  it('tells when and why each person’s badge was last voided', async () => {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    const store = createBadgeStore(storage);
    const badge = (userId: string, issuedAt: number) => {
      const code = makeBadgeCode();
      const secretHash = hashBadgeSecret(code.secret);
      const fields = { picture: 'cat', secretPictures: 'dog,star', issuedBy: null, expiresAt: null } as const;
      return { id: code.badgeId, userId, secretHash, issuedAt, ...fields };
    };
    await storage.transaction(async (tx) => {
      await store.issue(badge(AVA.id, NOW), tx);
      await store.issue(badge(AVA.id, NOW + 10), tx);
      await store.voidFor([AVA.id], 'class', null, NOW + 20, tx);
      await store.issue(badge(BEN.id, NOW), tx);
    });
    expect(await store.lastVoidedFor([AVA.id, BEN.id])).toEqual(
      new Map([[AVA.id, { voidedAt: NOW + 20, reason: 'class' }]]),
    );
    expect(await store.lastVoidedFor([])).toEqual(new Map());
  });
});
