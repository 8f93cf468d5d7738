// The connector store on both engines: versions, all-or-nothing imports, and a connector saved by one process
// (or the CLI) in force in every other within the stated bound.
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorInvalidError, createConnectorStore } from '../../server/connectors/connector-store';
import { watchChanges, type ChangeWatch } from '../../server/storage/change-generations';
import type { Engine, Storage } from '../../server/storage/storage';
import { addApp } from '../helpers/catalog-rows';
import { createTestStorage } from '../helpers/test-storage';
import { twoStoragesOnOneDatabase, within } from '../helpers/two-processes';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
/** The check interval used here, and the bound a change must be in force within. */
const CHECK_EVERY_MS = 100;
const BOUND_MS = 1_000;

const definition = (host: string, extra: object = {}) => ({
  launchUrl: `https://${host}/login`,
  origins: [`https://${host}`],
  login: { mode: 'fill', fields: { username: '#username', password: '#password' } },
  ...extra,
});

describe.each(ENGINES)('connector store on %s', (engine) => {
  const opened: Storage[] = [];
  const watches: ChangeWatch[] = [];
  afterAll(async () => {
    for (const watch of watches) watch.close();
    await Promise.all(opened.map((storage) => storage.close()));
  });

  async function storeOn(storage: Storage, checkEveryMs = CHECK_EVERY_MS) {
    const changes = watchChanges(storage, { checkEveryMs });
    watches.push(changes);
    return createConnectorStore(storage, changes, () => 1_000, { allowDevelopmentHttp: false });
  }
  async function fresh() {
    const storage = await createTestStorage({ engine });
    opened.push(storage);
    await addApp(storage, 'app-a', 1);
    await addApp(storage, 'app-b', 2);
    return { storage, store: await storeOn(storage) };
  }
  async function twoProcesses() {
    const storages = await twoStoragesOnOneDatabase(engine);
    opened.push(...storages);
    await addApp(storages[0], 'app-a', 1);
    await addApp(storages[0], 'app-b', 2);
    return storages;
  }

  it('saves a new version only when the definition changes, and serves the newest at once', async () => {
    const { store } = await fresh();
    expect(store.current('app-a')).toBeUndefined();
    expect(await store.save('app-a', definition('a.example.org'), null)).toMatchObject({ changed: true });
    expect(store.current('app-a')).toMatchObject({ version: 1, definition: definition('a.example.org') });
    expect((await store.save('app-a', definition('a.example.org'), null)).changed).toBe(false);
    const edited = definition('a.example.org', { failure: { element: '#error' } });
    expect(await store.save('app-a', edited, null)).toMatchObject({ changed: true, connector: { version: 2 } });
    expect(store.current('app-a')).toMatchObject({ version: 2, definition: edited });
    expect((await store.history('app-a')).map((connector) => connector.version)).toEqual([2, 1]);
    expect(store.all().map((connector) => connector.appId)).toEqual(['app-a']);
  }, 30_000);

  it('refuses an invalid connector and saves nothing', async () => {
    const { store } = await fresh();
    await expect(
      store.save('app-a', definition('a.example.org', { origins: ['http://a.example.org'] }), null),
    ).rejects.toBeInstanceOf(ConnectorInvalidError);
    expect(await store.history('app-a')).toEqual([]);
  });

  it('imports all or nothing', async () => {
    const { store } = await fresh();
    const appIdOf = (slug: string) => ({ a: 'app-a', b: 'app-b' })[slug];
    const file = (connectors: object[]) => ({ format: 'gatehouse-connectors/1', connectors });
    const bad = await store.importFile(
      file([
        { app: 'a', ...definition('a.example.org') },
        { app: 'b', ...definition('b.example.org'), launchUrl: 'x' },
      ]),
      appIdOf,
      null,
    );
    expect(bad.ok).toBe(false);
    expect(store.all()).toEqual([]);
    expect(await store.history('app-a')).toEqual([]);

    await store.save('app-a', definition('a.example.org'), null);
    const good = await store.importFile(
      file([
        { app: 'a', ...definition('a.example.org') },
        { app: 'b', ...definition('b.example.org') },
      ]),
      appIdOf,
      null,
    );
    expect(good).toEqual({ ok: true, saved: ['b'], unchanged: ['a'] });
    expect(store.current('app-b')).toMatchObject({ version: 1 });
  });

  it('saves as part of a caller’s unit of work, and nothing when it fails', async () => {
    const { storage, store } = await fresh();
    await expect(
      storage.transaction(async (tx) => {
        await store.save('app-a', definition('a.example.org'), null, tx);
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await store.history('app-a')).toEqual([]);
    await storage.transaction((tx) => store.save('app-b', definition('b.example.org'), null, tx));
    expect(await store.history('app-b')).toHaveLength(1);
    // In force here at the next check after the unit of work commits.
    await within(BOUND_MS, () => store.current('app-b')?.version === 1);
  });

  it('serves a connector saved by another process within the bound', async () => {
    const [first, second] = await twoProcesses();
    const writer = await storeOn(first);
    const reader = await storeOn(second);
    await writer.save('app-a', definition('a.example.org'), null);
    await within(BOUND_MS, () => reader.current('app-a')?.version === 1);
    const edited = definition('a.example.org', { failure: { element: '#error' } });
    await writer.save('app-a', edited, null);
    await within(BOUND_MS, () => reader.current('app-a')?.version === 2);
    expect(reader.current('app-a')!.definition).toEqual(writer.current('app-a')!.definition);
  });

  it('keeps serving its copy until it checks: the check is what brings a change in', async () => {
    const [first, second] = await twoProcesses();
    const writer = await storeOn(first);
    // A check interval far beyond the test: only an explicit check reloads.
    const changes = watchChanges(second, { checkEveryMs: 3_600_000 });
    watches.push(changes);
    const reader = await createConnectorStore(second, changes, Date.now, { allowDevelopmentHttp: false });
    await writer.save('app-a', definition('a.example.org'), null);
    await new Promise((resolve) => setTimeout(resolve, 3 * CHECK_EVERY_MS));
    expect(reader.current('app-a')).toBeUndefined();
    await changes.check();
    expect(reader.current('app-a')).toMatchObject({ version: 1 });
  });

  it('gives concurrent saves from two processes one version each', async () => {
    const [first, second] = await twoProcesses();
    const [one, two] = await Promise.all([storeOn(first), storeOn(second)]);
    const saves = await Promise.all([
      ...[1, 2, 3].map((n) =>
        one.save('app-a', definition('a.example.org', { failure: { element: `#one-${n}` } }), null),
      ),
      ...[1, 2, 3].map((n) =>
        two.save('app-a', definition('a.example.org', { failure: { element: `#two-${n}` } }), null),
      ),
    ]);
    expect(saves.map((save) => save.connector.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await one.history('app-a')).map((connector) => connector.version)).toEqual([6, 5, 4, 3, 2, 1]);
    await within(BOUND_MS, () => one.current('app-a')?.version === 6 && two.current('app-a')?.version === 6);
  });

  it('stops checking once closed', async () => {
    const [first, second] = await twoProcesses();
    const writer = await storeOn(first);
    const changes = watchChanges(second, { checkEveryMs: CHECK_EVERY_MS });
    const reader = await createConnectorStore(second, changes, Date.now, { allowDevelopmentHttp: false });
    changes.close();
    await writer.save('app-a', definition('a.example.org'), null);
    await new Promise((resolve) => setTimeout(resolve, 4 * CHECK_EVERY_MS));
    expect(reader.current('app-a')).toBeUndefined();
  });
});
