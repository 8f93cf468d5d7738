import { byEngine, type Storage, type Tx } from '../storage/storage';
import type { AppVersionView } from '../../shared/catalog-admin';
import { catalogAppsOf, catalogRowsOf, type CatalogApp } from './catalog';
import { sqliteCatalogWrites } from './catalog-store.sqlite';
import { postgresCatalogWrites } from './catalog-store.postgres';

/** How one saved state came about, and by whom (null: the command line). */
export interface AppChange {
  kind: AppVersionView['change'];
  by: string | null;
  at: number;
}

/** A stored version's row; `changedBy` is a person's id. */
export type StoredVersion = AppVersionView;

/** What each engine's adapter writes and reads beyond the catalog's own rows. */
export interface CatalogWrites {
  /**
   * Saves `app` as its version `app.version`: a new row when that is 1, otherwise a guarded update of the row
   * still at `app.version - 1` (false when it is not: someone saved since). Its rules are replaced, a snapshot
   * is kept in `app_versions` and the catalog's generation bumped, all in `tx`.
   */
  save(app: CatalogApp, change: AppChange, tx: Tx): Promise<boolean>;
  versions(appId: string): Promise<StoredVersion[]>;
}

export interface CatalogStore extends CatalogWrites {
  /** Every app, retired ones too, with its rules, as stored now (not the in-memory copy). */
  list(): Promise<CatalogApp[]>;
  find(id: string): Promise<CatalogApp | undefined>;
}

/** The snapshot kept for a version: the app as IT edits it, without the uploaded picture's bytes. */
export const snapshotOf = ({ iconImage, ...app }: CatalogApp) => ({ ...app, hasUploadedIcon: iconImage !== '' });

/** The app catalog's writes and versions, on the configured engine. */
export function createCatalogStore(storage: Storage): CatalogStore {
  const rows = catalogRowsOf(storage);
  const writes = byEngine(storage, { sqlite: sqliteCatalogWrites, postgres: postgresCatalogWrites });
  const list = async () => catalogAppsOf(await rows.load());
  return {
    ...writes,
    list,
    find: async (id) => (await list()).find((app) => app.id === id),
  };
}
