// The account store on both engines: a person's row is made on first use and only the named columns change;
// every one-time thing (a temporary password, a pending key, an authenticator step, a recovery code, a claim
// code) works once, also when two portal processes race for it on one database.
import { afterAll, describe, expect, it } from 'vitest';
import { createAccountStore, type AccountStore, type ClaimCodeRecord } from '../../server/accounts/account-store';
import type { Engine, Storage } from '../../server/storage/storage';
import { freshStorages } from '../helpers/test-storage';
import { twoProcesses } from './auth-storage-fixtures';
import { AVA, BEN, insertVaultFixture } from './vault-fixture';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const AT = Date.UTC(2026, 8, 1);
const DAY = 86_400_000;
const STEP = Math.floor(AT / 30_000);
const CODES = Array.from({ length: 10 }, (_, i) => `recovery-hash-${i}`);

const claimCode = (userId: string, codeHash: string, more: Partial<ClaimCodeRecord> = {}): ClaimCodeRecord => ({
  userId,
  codeHash,
  issuedAt: AT,
  issuedBy: null,
  expiresAt: AT + 14 * DAY,
  ...more,
});

const NO_ACCOUNT = {
  passwordKind: null,
  fixedPasswordSealed: null,
  temporaryPasswordHash: null,
  temporaryExpiresAt: null,
  passwordChangedAt: null,
  totpSecretSealed: null,
  totpPendingSealed: null,
  totpEnrolledAt: null,
  totpLastStep: null,
  recoveryQuestions: null,
  recoveryAnswersHash: null,
  lastResetAt: null,
  lastResetBy: null,
};

/** Ava enrolled with an authenticator, `STEP` her last accepted step, and ten recovery codes. */
async function enrol(store: AccountStore, userId = AVA.id) {
  await store.setPendingTotp(userId, 'sealed-key');
  expect(await store.confirmTotp(userId, 'sealed-key', STEP, AT, CODES)).toBe(true);
}

describe.each(ENGINES)('account store on %s', (engine) => {
  const freshStorage = freshStorages(engine);

  async function setUp() {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    return { storage, store: createAccountStore(storage) };
  }

  it('finds nobody before the accounts feature has touched them', async () => {
    const { store } = await setUp();
    expect(await store.find(AVA.id)).toBeUndefined();
    expect(await store.findMany([AVA.id, BEN.id])).toEqual(new Map());
    expect(await store.findMany([])).toEqual(new Map());
  });

  it('records a fixed password with its sealed copy, then a chosen one without it', async () => {
    const { storage, store } = await setUp();
    await storage.transaction((tx) => store.passwordSet(AVA.id, 'fixed', 'sealed-fixed', AT, tx));
    const fixed = { ...NO_ACCOUNT, userId: AVA.id, passwordKind: 'fixed', fixedPasswordSealed: 'sealed-fixed' };
    expect(await store.find(AVA.id)).toEqual({ ...fixed, passwordChangedAt: AT });
    await store.passwordSet(AVA.id, 'chosen', null, AT + 1);
    expect(await store.find(AVA.id)).toEqual({
      ...fixed,
      passwordKind: 'chosen',
      fixedPasswordSealed: null,
      passwordChangedAt: AT + 1,
    });
    expect([...(await store.findMany([AVA.id, BEN.id, 'u-nobody'])).keys()]).toEqual([AVA.id]);
  });

  it('changes only its own columns when a row is already there', async () => {
    const { store } = await setUp();
    await enrol(store);
    await store.saveRecovery(AVA.id, ['first_pet', 'favourite_food'], 'answers-hash');
    await store.setTemporaryPassword(AVA.id, 'temporary-hash', AT + DAY);
    await store.recordReset(AVA.id, 'helper-id', AT + 3);
    await store.passwordSet(AVA.id, 'chosen', null, AT + 5);
    expect(await store.find(AVA.id)).toEqual({
      ...NO_ACCOUNT,
      userId: AVA.id,
      passwordKind: 'chosen',
      passwordChangedAt: AT + 5,
      totpSecretSealed: 'sealed-key',
      totpEnrolledAt: AT,
      totpLastStep: STEP,
      recoveryQuestions: ['first_pet', 'favourite_food'],
      recoveryAnswersHash: 'answers-hash',
      lastResetAt: AT + 3,
      lastResetBy: 'helper-id',
    });
    // The new recovery answers replace the old ones.
    await store.saveRecovery(AVA.id, ['best_friend'], 'new-hash');
    expect(await store.find(AVA.id)).toMatchObject({
      recoveryQuestions: ['best_friend'],
      recoveryAnswersHash: 'new-hash',
    });
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(10);
  });

  it('uses a temporary password once; a newer one replaces it; a set password clears it', async () => {
    const { store } = await setUp();
    await store.setTemporaryPassword(AVA.id, 'first-hash', AT + DAY);
    expect(await store.find(AVA.id)).toMatchObject({
      temporaryPasswordHash: 'first-hash',
      temporaryExpiresAt: AT + DAY,
      passwordKind: null,
    });
    await store.setTemporaryPassword(AVA.id, 'second-hash', AT + 2 * DAY);
    expect(await store.useTemporaryPassword(AVA.id, 'first-hash')).toBe(false);
    expect(await store.useTemporaryPassword(BEN.id, 'second-hash')).toBe(false);
    expect(await store.useTemporaryPassword(AVA.id, 'second-hash')).toBe(true);
    expect(await store.useTemporaryPassword(AVA.id, 'second-hash')).toBe(false);
    expect(await store.find(AVA.id)).toMatchObject({ temporaryPasswordHash: null, temporaryExpiresAt: null });

    await store.setTemporaryPassword(AVA.id, 'third-hash', AT + DAY);
    await store.passwordSet(AVA.id, 'chosen', null, AT + 10);
    expect(await store.find(AVA.id)).toMatchObject({ temporaryPasswordHash: null, temporaryExpiresAt: null });
    expect(await store.useTemporaryPassword(AVA.id, 'third-hash')).toBe(false);
  });

  it('enrols a pending key only while it is still the one shown, with fresh recovery codes', async () => {
    const { storage, store } = await setUp();
    await store.setPendingTotp(AVA.id, 'first-key');
    await store.setPendingTotp(AVA.id, 'second-key');
    expect(await store.find(AVA.id)).toMatchObject({ totpPendingSealed: 'second-key', totpSecretSealed: null });
    expect(await store.confirmTotp(AVA.id, 'first-key', STEP, AT, CODES)).toBe(false);
    expect(await store.find(AVA.id)).toMatchObject({ totpSecretSealed: null, totpLastStep: null });
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(0);

    expect(await storage.transaction((tx) => store.confirmTotp(AVA.id, 'second-key', STEP, AT, CODES, tx))).toBe(true);
    expect(await store.find(AVA.id)).toMatchObject({
      totpSecretSealed: 'second-key',
      totpPendingSealed: null,
      totpEnrolledAt: AT,
      totpLastStep: STEP,
    });
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(10);
    expect(await store.confirmTotp(AVA.id, 'second-key', STEP + 1, AT, CODES)).toBe(false);
  });

  it('keeps the enrolled key until a new one is confirmed, which replaces the recovery codes', async () => {
    const { store } = await setUp();
    await enrol(store);
    expect(await store.useRecoveryCode(AVA.id, CODES[0]!, AT)).toBe(true);
    await store.setPendingTotp(AVA.id, 'new-key');
    expect(await store.find(AVA.id)).toMatchObject({ totpSecretSealed: 'sealed-key', totpPendingSealed: 'new-key' });
    expect(await store.acceptTotpStep(AVA.id, STEP + 1)).toBe(true);
    const newCodes = ['new-code-a', 'new-code-b'];
    expect(await store.confirmTotp(AVA.id, 'new-key', STEP + 5, AT + 1, newCodes)).toBe(true);
    expect(await store.find(AVA.id)).toMatchObject({ totpSecretSealed: 'new-key', totpLastStep: STEP + 5 });
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(2);
    expect(await store.useRecoveryCode(AVA.id, CODES[1]!, AT)).toBe(false);
    expect(await store.useRecoveryCode(AVA.id, 'new-code-a', AT)).toBe(true);
  });

  it('leaves the pending key and the old codes as they were when the enrolling unit of work is undone', async () => {
    const { storage, store } = await setUp();
    await store.setPendingTotp(AVA.id, 'key');
    const undone = storage.transaction(async (tx) => {
      await store.confirmTotp(AVA.id, 'key', STEP, AT, CODES, tx);
      throw new Error('the session could not be made');
    });
    await expect(undone).rejects.toThrow('the session could not be made');
    expect(await store.find(AVA.id)).toMatchObject({ totpSecretSealed: null, totpPendingSealed: 'key' });
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(0);
  });

  it('accepts an authenticator step only when it is later than the last one accepted', async () => {
    const { store } = await setUp();
    expect(await store.acceptTotpStep(AVA.id, STEP)).toBe(false); // no row, no key
    await store.setPendingTotp(AVA.id, 'key');
    expect(await store.acceptTotpStep(AVA.id, STEP)).toBe(false); // a pending key is not yet theirs
    await store.confirmTotp(AVA.id, 'key', STEP, AT, CODES);
    expect(await store.acceptTotpStep(AVA.id, STEP)).toBe(false); // the confirming code's step is used
    expect(await store.acceptTotpStep(AVA.id, STEP - 1)).toBe(false);
    expect(await store.acceptTotpStep(AVA.id, STEP + 1)).toBe(true);
    expect(await store.acceptTotpStep(AVA.id, STEP + 1)).toBe(false);
    expect(await store.acceptTotpStep(AVA.id, STEP + 3)).toBe(true);
    expect(await store.acceptTotpStep(AVA.id, STEP + 2)).toBe(false);
    expect(await store.find(AVA.id)).toMatchObject({ totpLastStep: STEP + 3 });
    await enrol(store, BEN.id); // another person's steps are their own
    expect(await store.acceptTotpStep(BEN.id, STEP + 1)).toBe(true);
  });

  it('uses a recovery code once, only its owner, and counts those left', async () => {
    const { store } = await setUp();
    await enrol(store);
    await enrol(store, BEN.id);
    expect(await store.useRecoveryCode(BEN.id, 'not-a-code', AT)).toBe(false);
    expect(await store.useRecoveryCode(AVA.id, CODES[3]!, AT)).toBe(true);
    expect(await store.useRecoveryCode(AVA.id, CODES[3]!, AT + 1)).toBe(false);
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(9);
    expect(await store.unusedRecoveryCodes(BEN.id)).toBe(10);
    expect(await store.useRecoveryCode(BEN.id, CODES[3]!, AT)).toBe(true);
    expect(await store.unusedRecoveryCodes('u-nobody')).toBe(0);
  });

  it('forgets the key, a pending key and the recovery codes when IT resets the authenticator', async () => {
    const { storage, store } = await setUp();
    await enrol(store);
    await store.setPendingTotp(AVA.id, 'another-key');
    await enrol(store, BEN.id);
    expect(await storage.transaction((tx) => store.clearTotp(AVA.id, tx))).toBe(true);
    expect(await store.find(AVA.id)).toMatchObject({
      totpSecretSealed: null,
      totpPendingSealed: null,
      totpEnrolledAt: null,
      totpLastStep: null,
    });
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(0);
    expect(await store.useRecoveryCode(AVA.id, CODES[0]!, AT)).toBe(false);
    expect(await store.acceptTotpStep(AVA.id, STEP + 1)).toBe(false);
    expect(await store.clearTotp(AVA.id)).toBe(false);
    expect(await store.clearTotp('u-nobody')).toBe(false);
    expect(await store.unusedRecoveryCodes(BEN.id)).toBe(10);
    // A key only shown, never confirmed, is forgotten too.
    await store.setPendingTotp(AVA.id, 'shown-key');
    expect(await store.clearTotp(AVA.id)).toBe(true);
    expect(await store.find(AVA.id)).toMatchObject({ totpPendingSealed: null });
  });

  it('keeps one claim code per person: a new one replaces the old, which stops working', async () => {
    const { storage, store } = await setUp();
    const first = claimCode(AVA.id, 'first-hash', { issuedBy: BEN.id });
    await storage.transaction((tx) => store.saveClaimCode(first, tx));
    expect(await store.findClaimCode(AVA.id)).toEqual(first);
    expect(await store.findClaimCode(BEN.id)).toBeUndefined();
    const second = claimCode(AVA.id, 'second-hash', { issuedAt: AT + 1, expiresAt: AT + DAY });
    await store.saveClaimCode(second);
    expect(await store.findClaimCode(AVA.id)).toEqual(second);
    expect(await store.useClaimCode(AVA.id, 'first-hash')).toBe(false);
    expect(await store.useClaimCode(BEN.id, 'second-hash')).toBe(false);
    expect(await store.findClaimCode(AVA.id)).toEqual(second);
    expect(await store.useClaimCode(AVA.id, 'second-hash')).toBe(true);
    expect(await store.useClaimCode(AVA.id, 'second-hash')).toBe(false);
    expect(await store.findClaimCode(AVA.id)).toBeUndefined();
  });

  it("lists and drops several people's claim codes", async () => {
    const { storage, store } = await setUp();
    const ava = claimCode(AVA.id, 'ava-hash');
    const ben = claimCode(BEN.id, 'ben-hash');
    await store.saveClaimCode(ava);
    await store.saveClaimCode(ben);
    expect(await store.claimCodesFor([AVA.id, BEN.id, 'u-nobody'])).toEqual(
      new Map([
        [AVA.id, ava],
        [BEN.id, ben],
      ]),
    );
    expect(await store.claimCodesFor([])).toEqual(new Map());
    const undone = storage.transaction(async (tx) => {
      expect(await store.dropClaimCodes([AVA.id], tx)).toBe(1);
      throw new Error('the sync failed');
    });
    await expect(undone).rejects.toThrow('the sync failed');
    expect(await store.findClaimCode(AVA.id)).toEqual(ava);
    expect(await storage.transaction((tx) => store.dropClaimCodes([AVA.id, BEN.id, 'u-nobody'], tx))).toBe(2);
    expect(await store.dropClaimCodes([AVA.id])).toBe(0);
    expect(await store.dropClaimCodes([])).toBe(0);
    expect(await store.useClaimCode(BEN.id, 'ben-hash')).toBe(false);
  });

  it('uses a claim code in a unit of work that is undone: the code still works', async () => {
    const { storage, store } = await setUp();
    await store.saveClaimCode(claimCode(AVA.id, 'hash'));
    const undone = storage.transaction(async (tx) => {
      expect(await store.useClaimCode(AVA.id, 'hash', tx)).toBe(true);
      throw new Error('the password was refused');
    });
    await expect(undone).rejects.toThrow('the password was refused');
    expect(await store.useClaimCode(AVA.id, 'hash')).toBe(true);
  });
});

describe.each(ENGINES)('two portal processes racing on one %s database', (engine) => {
  const opened: Storage[] = [];
  afterAll(async () => Promise.all(opened.map((storage) => storage.close())));
  const RACERS = 24;

  async function racing() {
    const { first, second } = await twoProcesses(engine);
    opened.push(first, second);
    await insertVaultFixture(first);
    const stores = [createAccountStore(first), createAccountStore(second)];
    /** Runs `attempt` RACERS times at once, alternating between the processes; how many said true. */
    const race = async (attempt: (store: AccountStore, i: number) => Promise<boolean>) => {
      const wins = await Promise.all(Array.from({ length: RACERS }, (_, i) => attempt(stores[i % 2]!, i)));
      return wins.filter(Boolean).length;
    };
    return { store: stores[0]!, race };
  }

  it('accepts one authenticator code once, however many requests bring it at the same moment', async () => {
    const { store, race } = await racing();
    await enrol(store);
    expect(await race((s) => s.acceptTotpStep(AVA.id, STEP + 1))).toBe(1);
    // Steps arriving out of order: the latest wins, and nothing earlier is accepted after it.
    const wins = await race((s, i) => s.acceptTotpStep(AVA.id, STEP + 2 + (i % 3)));
    expect(wins).toBeGreaterThanOrEqual(1);
    expect(wins).toBeLessThanOrEqual(3);
    expect(await store.find(AVA.id)).toMatchObject({ totpLastStep: STEP + 4 });
  });

  it('uses a claim code, a recovery code and a temporary password once each', async () => {
    const { store, race } = await racing();
    await store.saveClaimCode(claimCode(AVA.id, 'claim-hash'));
    await enrol(store);
    await store.setTemporaryPassword(BEN.id, 'temporary-hash', AT + DAY);
    expect(await race((s) => s.useClaimCode(AVA.id, 'claim-hash'))).toBe(1);
    expect(await race((s, i) => s.useRecoveryCode(AVA.id, CODES[0]!, AT + i))).toBe(1);
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(9);
    expect(await race((s) => s.useTemporaryPassword(BEN.id, 'temporary-hash'))).toBe(1);
  });

  it('enrols a pending key once, keeping one set of recovery codes', async () => {
    const { store, race } = await racing();
    await store.setPendingTotp(AVA.id, 'key');
    const codes = (i: number) => CODES.map((code) => `${code}-${i}`);
    expect(await race((s, i) => s.confirmTotp(AVA.id, 'key', STEP, AT, codes(i)))).toBe(1);
    expect(await store.unusedRecoveryCodes(AVA.id)).toBe(10);
  });
});
