// oidc-provider's storage on both engines: a row past its expiry is never found and is swept; a code is spent
// once even when two requests (or two portal processes) race; revoking a grant removes what it issued.
import { describe, expect, it } from 'vitest';
import { createOidcPayloadStore } from '../../server/federation/oidc/payload-store';
import type { Engine } from '../../server/storage/storage';
import { manualClock } from '../helpers/test-portal';
import { freshStorages } from '../helpers/test-storage';

const ENGINES: Engine[] = ['sqlite', 'postgres'];

describe.each(ENGINES)('the OIDC payload store on %s', (engine) => {
  const fresh = freshStorages(engine);
  const storeWithClock = async () => {
    const clock = manualClock();
    return { clock, store: createOidcPayloadStore(await fresh(), clock.now) };
  };

  it('finds a payload by id, uid and user code until it expires, then not at all, and sweeps it', async () => {
    const { clock, store } = await storeWithClock();
    await store.upsert('Interaction', 'i1', { uid: 'u1', userCode: 'ABCD', params: { a: 1 } }, 60);
    await store.upsert('Session', 's1', { uid: 'u2', accountId: 'p1' }, undefined);
    expect((await store.find('Interaction', 'i1'))?.payload).toEqual({ uid: 'u1', userCode: 'ABCD', params: { a: 1 } });
    expect(await store.findByUid('Interaction', 'u1')).toBeDefined();
    expect(await store.findByUserCode('Interaction', 'ABCD')).toBeDefined();
    expect(await store.find('Session', 'i1')).toBeUndefined();
    clock.advance(60_000);
    expect(await store.find('Interaction', 'i1')).toBeUndefined();
    expect(await store.findByUid('Interaction', 'u1')).toBeUndefined();
    expect(await store.findByUserCode('Interaction', 'ABCD')).toBeUndefined();
    expect(await store.sweepExpired()).toBe(1);
    expect((await store.find('Session', 's1'))?.payload).toEqual({ uid: 'u2', accountId: 'p1' });
  });

  it('replaces a payload on upsert and forgets it on destroy', async () => {
    const { store } = await storeWithClock();
    await store.upsert('Grant', 'g1', { accountId: 'p1', openid: { scope: 'openid' } }, 600);
    await store.upsert('Grant', 'g1', { accountId: 'p1', openid: { scope: 'openid profile' } }, 600);
    expect((await store.find('Grant', 'g1'))?.payload).toMatchObject({ openid: { scope: 'openid profile' } });
    await store.destroy('Grant', 'g1');
    expect(await store.find('Grant', 'g1')).toBeUndefined();
  });

  it('spends a code once, also when a burst of requests race for it', async () => {
    const { store } = await storeWithClock();
    await store.upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, 60);
    const spent = await Promise.all(Array.from({ length: 8 }, () => store.consume('AuthorizationCode', 'c1')));
    expect(spent.filter(Boolean)).toHaveLength(1);
    expect((await store.find('AuthorizationCode', 'c1'))?.consumedAt).toEqual(expect.any(Number));
    expect(await store.consume('AuthorizationCode', 'missing')).toBe(false);
  });

  it('revokes by grant only the model it is asked for, and only that grant', async () => {
    const { store } = await storeWithClock();
    await store.upsert('AccessToken', 'a1', { grantId: 'g1' }, 600);
    await store.upsert('AccessToken', 'a2', { grantId: 'g2' }, 600);
    await store.upsert('AuthorizationCode', 'c1', { grantId: 'g1' }, 60);
    await store.revokeByGrantId('AccessToken', 'g1');
    expect(await store.find('AccessToken', 'a1')).toBeUndefined();
    expect(await store.find('AccessToken', 'a2')).toBeDefined();
    expect(await store.find('AuthorizationCode', 'c1')).toBeDefined();
  });
});
