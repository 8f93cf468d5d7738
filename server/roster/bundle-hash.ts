import { createHash } from 'node:crypto';
import type { RosterFiles } from './roster-bundle';
import type { RosterPolicy } from './roster-service';

/** SHA-256 over every file of the bundle, in name order (names and lengths included, so files cannot blur). */
export function rosterFilesHash(files: RosterFiles): string {
  const hash = createHash('sha256');
  for (const name of [...files.files.keys()].sort()) {
    const bytes = files.files.get(name)!;
    hash.update(`${name}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

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
