// The app catalog on both engines: loaded whole into memory, read synchronously, and a change written by another
// process (the roster, the CLI) in force here within the stated bound.
import { afterAll, describe, expect, it } from 'vitest';
import type { AccessFacts } from '../../server/apps/access-rules';
import { CATALOG_TOPIC, createAppCatalog } from '../../server/apps/catalog';
import { createChangeGenerations, watchChanges, type ChangeWatch } from '../../server/storage/change-generations';
import type { Engine, Storage } from '../../server/storage/storage';
import { addApp, addRule } from '../helpers/catalog-rows';
import { createTestStorage } from '../helpers/test-storage';
import { twoStoragesOnOneDatabase, within } from '../helpers/two-processes';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const CHECK_EVERY_MS = 100;
const BOUND_MS = 1_000;

const student = (grade: number): AccessFacts => ({
  userId: 'u1',
  role: 'student',
  grade,
  campusIds: [],
  classCount: 0,
  classIds: [],
  hasEmail: false,
  sisFlags: [],
});

describe.each(ENGINES)('app catalog on %s', (engine) => {
  const opened: Storage[] = [];
  const watches: ChangeWatch[] = [];
  afterAll(async () => {
    for (const watch of watches) watch.close();
    await Promise.all(opened.map((storage) => storage.close()));
  });
  const watch = (storage: Storage, checkEveryMs = CHECK_EVERY_MS) => {
    const changes = watchChanges(storage, { checkEveryMs });
    watches.push(changes);
    return changes;
  };

  it('holds the apps in catalog order with their rules, and answers who sees what', async () => {
    const storage = await createTestStorage({ engine });
    opened.push(storage);
    await addApp(storage, 'app-late', 2);
    await addApp(storage, 'app-early', 1);
    await addApp(storage, 'app-nobody', 3);
    await addRule(storage, 'r1', 'app-early', [{ kind: 'grade', min: 0, max: 5 }]);
    await addRule(storage, 'r2', 'app-late', [{ kind: 'role', anyOf: ['student'] }]);
    await addRule(storage, 'r3', 'app-nobody', [{ kind: 'no-such-condition' }]);
    const catalog = await createAppCatalog(storage, watch(storage));
    expect(catalog.all().map((app) => app.id)).toEqual(['app-early', 'app-late', 'app-nobody']);
    expect(catalog.byId('app-early')?.rules).toEqual([
      { id: 'r1', name: 'Rule r1', conditions: [{ kind: 'grade', min: 0, max: 5 }] },
    ]);
    // A hand-edited rule that does not parse is ignored, not a crash.
    expect(catalog.byId('app-nobody')?.rules).toEqual([]);
    expect(catalog.visibleTo(student(3)).map((app) => app.id)).toEqual(['app-early', 'app-late']);
    expect(catalog.visibleTo(student(9)).map((app) => app.id)).toEqual(['app-late']);
    expect(catalog.byId('no-such-app')).toBeUndefined();
  });

  it('orders apps of the same rank by name the same way on either engine, whatever the database locale', async () => {
    const storage = await createTestStorage({ engine });
    opened.push(storage);
    for (const [id, name] of [
      ['a1', 'apple'],
      ['a2', 'Banana'],
      ['a3', 'Éclair'],
      ['a4', 'cherry'],
    ])
      await addApp(storage, id!, 5, undefined, name);
    const catalog = await createAppCatalog(storage, watch(storage));
    expect(catalog.all().map((app) => app.name)).toEqual(['Banana', 'apple', 'cherry', 'Éclair']);
  });

  it('takes in a change another process wrote and marked, within the bound', async () => {
    const [first, second] = await twoStoragesOnOneDatabase(engine);
    opened.push(first, second);
    await addApp(first, 'app-one', 1);
    const catalog = await createAppCatalog(second, watch(second));
    expect(catalog.all().map((app) => app.id)).toEqual(['app-one']);

    await first.transaction(async (tx) => {
      await addApp(first, 'app-two', 2, tx);
      await createChangeGenerations(first).bump(CATALOG_TOPIC, tx);
    });
    await within(BOUND_MS, () => catalog.all().length === 2);
    expect(catalog.byId('app-two')).toBeDefined();
  });

  it('keeps its copy until a check sees the generation move', async () => {
    const [first, second] = await twoStoragesOnOneDatabase(engine);
    opened.push(first, second);
    const changes = watch(second, 3_600_000);
    const catalog = await createAppCatalog(second, changes);
    await addApp(first, 'app-one', 1);
    await changes.check();
    // Written without marking the topic: not a change the catalog knows of.
    expect(catalog.all()).toEqual([]);
    await createChangeGenerations(first).bump(CATALOG_TOPIC);
    expect(catalog.all()).toEqual([]);
    await changes.check();
    expect(catalog.all().map((app) => app.id)).toEqual(['app-one']);
  });
});
