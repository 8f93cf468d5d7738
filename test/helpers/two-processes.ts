import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import type { Engine, Storage } from '../../server/storage/storage';
import { createTestStorage } from './test-storage';

/** Two storages on one database, as two portal processes (or the portal and the CLI) would open it. */
export async function twoStoragesOnOneDatabase(engine: Engine): Promise<[Storage, Storage]> {
  if (engine === 'sqlite') {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-two-')), 'gatehouse.sqlite');
    return [
      await createTestStorage({ engine, sqliteFile: file }),
      await createTestStorage({ engine, sqliteFile: file }),
    ];
  }
  const first = await createTestStorage({ engine });
  return [first, await openPostgresStorage(first.url!, { maxConnections: 3 })];
}

/** Polls `condition` until it holds or `withinMs` has passed; returns how long it took, or throws. */
export async function within(withinMs: number, condition: () => boolean): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}
