import { readRows } from '../../server/storage/table-rows';
import { portalTable } from '../../server/storage/tables';
import type { Storage } from '../../server/storage/storage';

export interface LaunchRow {
  userId: string;
  appId: string;
  createdAt: number;
  releasedAt: number | null;
  outcome: string | null;
  outcomeReason: string | null;
}

/** Every launch of `appId` (by `userId` when given), oldest first, as the API recorded them, on either engine. */
export async function launchesOf(storage: Storage, appId: string, userId?: string): Promise<LaunchRow[]> {
  const table = portalTable('launches');
  const rows = (await readRows(storage, table, 0, 100_000)) as unknown as LaunchRow[];
  return rows
    .filter((row) => row.appId === appId && (userId === undefined || row.userId === userId))
    .sort((a, b) => a.createdAt - b.createdAt);
}
