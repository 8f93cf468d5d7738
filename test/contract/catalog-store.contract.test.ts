// The catalog's writes on both engines: each save is one transaction (app, rules, version snapshot, generation,
// audit row), a save over a version someone else moved on is refused, and an import is all or nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../server/audit/audit-log';
import { createAppCatalog } from '../../server/apps/catalog';
import { nextVersionOf } from '../../server/apps/catalog-checks';
import { draftOf } from '../../shared/catalog-admin';
import { createCatalogEditor, type CatalogEditorDeps } from '../../server/apps/catalog-editor';
import { importCatalog } from '../../server/apps/catalog-file';
import { createCatalogStore } from '../../server/apps/catalog-store';
import { createDirectory } from '../../server/directory/directory';
import { watchChanges, type ChangeWatch } from '../../server/storage/change-generations';
import type { Engine, Storage } from '../../server/storage/storage';
import type { AppDraft, CatalogFile } from '../../shared/catalog-admin';
import { freshStorages } from '../helpers/test-storage';
import { twoStoragesOnOneDatabase, within } from '../helpers/two-processes';

const ENGINES: Engine[] = ['sqlite', 'postgres'];

const draft = (slug: string, color: string, overrides: Partial<AppDraft> = {}): AppDraft => ({
  slug,
  name: `App ${slug}`,
  nameEs: '',
  description: '',
  descriptionEs: '',
  launchUrl: `https://${slug}.example.org/`,
  signInKind: 'link',
  color,
  icon: 'star',
  sortOrder: 0,
  rules: [{ name: 'Students', conditions: [{ kind: 'role', anyOf: ['student'] }] }],
  ...overrides,
});

describe.each(ENGINES)('catalog store on %s', (engine) => {
  const fresh = freshStorages(engine);
  const watches: ChangeWatch[] = [];
  const opened: Storage[] = [];
  afterAll(async () => {
    for (const watch of watches) watch.close();
    await Promise.all(opened.map((storage) => storage.close()));
  });

  async function editorOn(storage: Storage) {
    const changes = watchChanges(storage, { checkEveryMs: 100 });
    watches.push(changes);
    const catalog = await createAppCatalog(storage, changes);
    const deps: CatalogEditorDeps = {
      storage,
      store: createCatalogStore(storage),
      catalog,
      directory: createDirectory(storage),
      audit: createAuditLog(storage, Date.now),
      now: Date.now,
      allowDevelopmentHttp: false,
    };
    return { deps, catalog, editor: createCatalogEditor(deps) };
  }
  const actor = { userId: null };

  it('creates, edits, retires and restores, keeping every version newest first', async () => {
    const { deps, catalog, editor } = await editorOn(await fresh());
    const created = await editor.create(draft('one', '#111111'), actor);
    expect(catalog.byId(created.id)).toMatchObject({ slug: 'one', version: 1 });
    // IT's order is kept, whatever ids the rules had.
    const ruleId = created.rules[0]!.id;
    const rules: AppDraft['rules'] = [
      { id: ruleId, name: 'All students', conditions: [...created.rules[0]!.conditions] },
      { name: 'Teachers', conditions: [{ kind: 'role', anyOf: ['teacher'] }] },
    ];
    const edited = await editor.edit(
      created.id,
      draft('one', '#111111', { name: 'One', rules: rules.toReversed() }),
      1,
      actor,
    );
    expect(edited.version).toBe(2);
    expect(catalog.byId(created.id)!.rules.map((rule) => rule.name)).toEqual(['Teachers', 'All students']);
    const reordered = await editor.edit(created.id, draft('one', '#111111', { name: 'One', rules }), 2, actor);
    expect(catalog.byId(created.id)!.rules.map((rule) => rule.name)).toEqual(['All students', 'Teachers']);
    expect(ruleId).toBeTruthy();
    await editor.retire(created.id, actor);
    expect(catalog.byId(created.id)).toBeUndefined();
    expect((await deps.store.find(created.id))!.retiredAt).not.toBeNull();
    await editor.restore(created.id, actor);
    // Retiring and restoring keep the rules as they were, ids and all.
    expect(catalog.byId(created.id)).toMatchObject({
      name: 'One',
      version: 5,
      retiredAt: null,
      rules: reordered.rules,
    });
    expect((await deps.store.versions(created.id)).map((v) => [v.version, v.change])).toEqual([
      [5, 'restored'],
      [4, 'retired'],
      [3, 'edited'],
      [2, 'edited'],
      [1, 'created'],
    ]);
    expect((await deps.audit.list({ limit: 10 })).map((row) => row.action)).toEqual([
      'app.restored',
      'app.retired',
      'app.edited',
      'app.edited',
      'app.created',
    ]);
  });

  it('refuses a save over a version that moved on, changing nothing', async () => {
    const { deps, editor } = await editorOn(await fresh());
    const created = await editor.create(draft('two', '#222222'), actor);
    await editor.edit(created.id, draft('two', '#222222', { name: 'First' }), 1, actor);
    // Both read version 1; the second to write loses, even past the route's own check.
    const late = nextVersionOf(draft('two', '#222222', { name: 'Late' }), created);
    await expect(editor.commit([{ app: late, change: 'edited' }], actor, [])).rejects.toMatchObject({
      code: 'stale_version',
    });
    expect((await deps.store.find(created.id))!.name).toBe('First');
    expect((await deps.store.versions(created.id)).length).toBe(2);
  });

  it('saves a whole import or nothing: a failure midway leaves no app, rule, version or audit row', async () => {
    const { deps, editor } = await editorOn(await fresh());
    const kept = await editor.create(draft('kept', '#333333'), actor);
    const before = { apps: await deps.store.list(), audit: await deps.audit.list({ limit: 50 }) };
    // The second save is over a version that is not there any more: the first must not stay.
    const fresh1 = nextVersionOf(draft('new-one', '#444444'), undefined);
    const stale = { ...nextVersionOf(draftOf(kept), kept), version: 7 };
    await expect(
      editor.commit(
        [
          { app: fresh1, change: 'imported' },
          { app: stale, change: 'imported' },
        ],
        actor,
        [{ action: 'catalog.imported', outcome: 'success' }],
      ),
    ).rejects.toMatchObject({ code: 'stale_version' });
    expect(await deps.store.list()).toEqual(before.apps);
    expect(await deps.store.versions(fresh1.id)).toEqual([]);
    expect(await deps.audit.list({ limit: 50 })).toEqual(before.audit);

    const file: CatalogFile = {
      format: 'gatehouse-catalog',
      version: 1,
      apps: [
        { ...draft('kept', '#333333', { name: 'Kept, renamed' }), retired: false },
        { ...draft('added', '#555555'), retired: true },
      ],
    };
    const result = await importCatalog({ ...deps, editor }, file, actor);
    expect(result).toEqual({ ok: true, created: ['added'], updated: ['kept'], unchanged: [], retired: [] });
    expect((await deps.store.list()).map((app) => [app.slug, app.name, app.retiredAt !== null])).toEqual([
      ['added', 'App added', true],
      ['kept', 'Kept, renamed', false],
    ]);
  });

  it('a write here is in force in another process within about a second', async () => {
    const [first, second] = await twoStoragesOnOneDatabase(engine);
    opened.push(first, second);
    const writer = await editorOn(first);
    const reader = await editorOn(second);
    const app = await writer.editor.create(draft('shared', '#666666'), actor);
    await within(1_500, () => reader.catalog.byId(app.id) !== undefined);
    await writer.editor.retire(app.id, actor);
    await within(1_500, () => reader.catalog.byId(app.id) === undefined);
  });
});
