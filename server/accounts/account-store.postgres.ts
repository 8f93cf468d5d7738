import type { PostgresStorage } from '../storage/storage';
import type { AccountStore } from './account-store';

export function postgresAccountStore(storage: PostgresStorage): AccountStore {
  void storage;
  throw new Error('not yet written');
}
