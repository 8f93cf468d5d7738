// Threat: two portal processes behind a load balancer both hand out the credential of one launch (a replayed
// or duplicated release request reaching each). The release is decided by one guarded update in the release's
// transaction, so on one shared PostgreSQL exactly one process releases and every other request is audited
// as refused.
import { afterAll, describe, expect, it } from 'vitest';
import type { AppCatalog, CatalogApp } from '../../server/apps/catalog';
import { createAuditLog } from '../../server/audit/audit-log';
import type { ConnectorStore } from '../../server/connectors/connector-store';
import { accessFactsOf, type Directory } from '../../server/directory/directory';
import type { AppError } from '../../server/errors';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import type { Storage } from '../../server/storage/storage';
import { createVaultCipher, generateVaultKeyring } from '../../server/vault/cipher';
import { createVault } from '../../server/vault/vault';
import { createTestStorage } from '../helpers/test-storage';
import { AVA, insertVaultFixture, VAULT_FIXTURE } from './vault-fixture';

const ORIGIN = 'https://reading.test';
const APP = {
  id: VAULT_FIXTURE.app,
  slug: 'reading',
  name: 'Reading',
  description: '',
  descriptionEs: '',
  launchUrl: `${ORIGIN}/`,
  signInKind: 'vault',
  color: '#000000',
  sortOrder: 0,
  nameEs: '',
  icon: '',
  iconImage: '',
  retiredAt: null,
  version: 1,
  rules: [{ id: 'everyone', name: 'Everyone', conditions: [] }],
} as CatalogApp;
const CONNECTOR = {
  appId: APP.id,
  version: 1,
  savedAt: 0,
  savedBy: null,
  definition: {
    userEntries: 'off',
    withoutExtension: { showUsername: false, revealPassword: false },
    launchUrl: `${ORIGIN}/login`,
    origins: [ORIGIN],
    login: { mode: 'fill', fields: { username: '#u', password: '#p' } },
  },
};

/** One portal process's vault: its own connection pool; catalog and connectors are per-process caches. */
function vaultOf(storage: Storage, cipher: ReturnType<typeof createVaultCipher>) {
  const catalog = { all: () => [APP], byId: (id: string) => (id === APP.id ? APP : undefined), visibleTo: () => [APP] };
  return createVault({
    storage,
    cipher,
    catalog: catalog as unknown as AppCatalog,
    connectors: { current: (id: string) => (id === APP.id ? CONNECTOR : undefined) } as unknown as ConnectorStore,
    directory: { accessFacts: accessFactsOf } as unknown as Directory,
    audit: createAuditLog(storage, Date.now),
    now: Date.now,
  });
}

describe('a release raced by two portal processes on one PostgreSQL', () => {
  const opened: Storage[] = [];
  afterAll(async () => Promise.all(opened.map((storage) => storage.close())));

  it('releases exactly once; every other request is refused as used, and audited', async () => {
    const first = await createTestStorage({ engine: 'postgres' });
    const second = await openPostgresStorage(first.url!, { maxConnections: 5 });
    opened.push(second, first);
    await insertVaultFixture(first);
    const cipher = createVaultCipher(generateVaultKeyring());
    const processes = [vaultOf(first, cipher), vaultOf(second, cipher)];
    await processes[0]!.entries.save({ appId: APP.id, scope: 'template', username: '{username}' }, 'it', null);

    const { launchId } = await processes[0]!.launch(AVA, APP.id);
    const request = { launchId, appId: APP.id, origin: ORIGIN, person: AVA, ip: '127.0.0.1' };
    const outcomes = await Promise.allSettled([0, 1, 0, 1, 0, 1].map((index) => processes[index]!.release(request)));

    const released = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(released).toHaveLength(1);
    const refusals = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as AppError).code] : [],
    );
    expect(refusals).toEqual(Array(5).fill('launch_used'));
    const audits = (await createAuditLog(first, Date.now).list({ limit: 20 })).filter(
      (row) => row.action === 'vault.release',
    );
    expect(audits.map((row) => row.outcome).sort()).toEqual([
      'failure',
      'failure',
      'failure',
      'failure',
      'failure',
      'success',
    ]);
  });
});
