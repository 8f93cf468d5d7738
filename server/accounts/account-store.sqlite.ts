import type { SqliteStorage } from '../storage/storage';
import type { AccountStore } from './account-store';

export function sqliteAccountStore(storage: SqliteStorage): AccountStore {
  void storage;
  throw new Error('not yet written');
}
