// The SSO registration store, on both engines: a save is versioned with a history row (never the secret),
// an edit from a stale version is refused, a removal keeps the history and a later registration continues it.
import { describe, expect, it } from 'vitest';
import { createRegistrationStore, type RegistrationFields } from '../../server/federation/registration-store';
import type { Engine } from '../../server/storage/storage';
import { freshStorages } from '../helpers/test-storage';
import { insertVaultFixture, VAULT_FIXTURE } from './vault-fixture';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const AT = Date.UTC(2026, 11, 2);

const oidcClient = (more: Partial<RegistrationFields> = {}): RegistrationFields => ({
  appId: VAULT_FIXTURE.app,
  protocol: 'oidc',
  clientId: 'client-reading',
  clientSecret: 'sealed-secret',
  redirectUris: ['https://reading.test/callback'],
  postLogoutRedirectUris: [],
  spEntityId: null,
  spMetadata: null,
  acsEndpoints: [],
  nameIdFormat: null,
  subject: 'pairwise',
  claims: ['given_name', 'grade'],
  attributeNames: {},
  ...more,
});

describe.each(ENGINES)('SSO registration store on %s', (engine) => {
  const freshStorage = freshStorages(engine);

  async function setUp() {
    const storage = await freshStorage();
    await insertVaultFixture(storage);
    return createRegistrationStore(storage);
  }

  it('finds a registration by app, client id and entity id, as saved', async () => {
    const store = await setUp();
    await store.save({ fields: oidcClient(), change: 'created', actor: null, now: AT });
    const saml = oidcClient({
      appId: VAULT_FIXTURE.otherApp,
      protocol: 'saml',
      clientId: null,
      clientSecret: null,
      redirectUris: [],
      spEntityId: 'https://math.test/sp',
      acsEndpoints: [{ binding: 'post', location: 'https://math.test/acs', index: 0, isDefault: true }],
      attributeNames: { grade: 'urn:oid:grade' },
    });
    await store.save({ fields: saml, change: 'created', actor: null, now: AT });
    expect(await store.byClientId('client-reading')).toMatchObject({ ...oidcClient(), version: 1, updatedAt: AT });
    expect(await store.bySpEntityId('https://math.test/sp')).toMatchObject(saml);
    expect((await store.all()).map((each) => each.appId)).toEqual([VAULT_FIXTURE.otherApp, VAULT_FIXTURE.app]);
    expect(await store.byAppId('app-none')).toBeUndefined();
  });

  it('versions each save, refuses an edit from a stale version, and keeps the secret out of history', async () => {
    const store = await setUp();
    await store.save({ fields: oidcClient(), change: 'created', actor: null, now: AT });
    const edited = await store.save({
      fields: oidcClient({ claims: ['email'] }),
      change: 'edited',
      actor: null,
      now: AT + 1,
      expectedVersion: 1,
    });
    expect(edited).toMatchObject({ version: 2, claims: ['email'] });
    const stale = await store.save({
      fields: oidcClient(),
      change: 'edited',
      actor: null,
      now: AT + 2,
      expectedVersion: 1,
    });
    expect(stale).toBe('stale');
    expect((await store.byAppId(VAULT_FIXTURE.app))?.claims).toEqual(['email']);
    const history = await store.history(VAULT_FIXTURE.app);
    expect(history.map((row) => [row.version, row.change])).toEqual([
      [2, 'edited'],
      [1, 'created'],
    ]);
    expect(JSON.stringify(history)).not.toContain('sealed-secret');
  });

  it('removes a registration, keeps its history, and numbers a new one after it', async () => {
    const store = await setUp();
    await store.save({ fields: oidcClient(), change: 'created', actor: null, now: AT });
    expect(await store.remove(VAULT_FIXTURE.app, null, AT + 1)).toBe(true);
    expect(await store.remove(VAULT_FIXTURE.app, null, AT + 1)).toBe(false);
    expect(await store.byClientId('client-reading')).toBeUndefined();
    const again = await store.save({ fields: oidcClient(), change: 'created', actor: null, now: AT + 2 });
    expect(again).toMatchObject({ version: 3 });
    expect((await store.history(VAULT_FIXTURE.app)).map((row) => row.change)).toEqual([
      'created',
      'removed',
      'created',
    ]);
  });

  it('lets one of two concurrent edits from the same version through', async () => {
    const store = await setUp();
    await store.save({ fields: oidcClient(), change: 'created', actor: null, now: AT });
    const edits = await Promise.all(
      (['email', 'grade'] as const).map((claim) =>
        store.save({
          fields: oidcClient({ claims: [claim] }),
          change: 'edited',
          actor: null,
          now: AT,
          expectedVersion: 1,
        }),
      ),
    );
    expect(edits.filter((each) => each === 'stale')).toHaveLength(1);
    expect((await store.history(VAULT_FIXTURE.app)).map((row) => row.version)).toEqual([2, 1]);
  });
});
