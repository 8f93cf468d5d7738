import { createHash } from 'node:crypto';
import type { RosterPolicy } from './roster-service';

/**
 * What decides a sync's result besides the database: the files and the policy they are read with. The same key
 * as the last sync, with nothing written since, means the same result: "unchanged" without reading every row.
 */
export function rosterSyncKey(fileHash: string, policy: RosterPolicy): string {
  const flags = Object.entries(policy.flagColumns).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(JSON.stringify([fileHash, policy.usernames, flags]))
    .digest('hex');
}
