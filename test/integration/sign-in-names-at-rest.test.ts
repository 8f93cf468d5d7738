// Threat: a password typed in the username box kept readable in the database (and so in every backup) by
// the sign-in throttle. Its rows are keyed by an HMAC with a secret derived from the vault keys, which are
// kept apart from the database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection';
import { createVaultCipher, generateVaultKeyring } from '../../server/vault/cipher';
import { createTestPortal, DEMO_PASSWORD } from '../helpers/test-portal';

const TYPED = 'Hunter2-secret!';

/** Every value of every table, as text. */
function dumpEverything(db: Db): string {
  const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  return tables.map(({ name }) => JSON.stringify(db.$client.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
}

describe('a name typed at sign-in', () => {
  it('is stored nowhere readable, and that name is still throttled, in any letter case', async () => {
    const portal = await createTestPortal();
    const attempt = (username: string) => portal.request.post('/api/auth/sign-in', { username, password: 'x1' });
    expect((await attempt(TYPED)).status).toBe(401);
    const dump = dumpEverything(portal.db).toLowerCase();
    expect(dump).toContain('sign_in'); // the failure was audited, and the dump does read the tables
    expect(dump).not.toContain(TYPED.toLowerCase());
    expect(dump).not.toContain('hunter2');

    for (let i = 0; i < 4; i++) expect((await attempt(TYPED)).status).toBe(401);
    const delayed = await attempt(` ${TYPED.toUpperCase()} `);
    expect(delayed.status).toBe(429);
    expect((await delayed.json()).error.code).toBe('sign_in_throttled');
  });

  it('is throttled the same after a restart with the same vault keys, not with other keys', async () => {
    const keyring = generateVaultKeyring();
    const portal = await createTestPortal({ cipher: createVaultCipher(keyring) });
    for (let i = 0; i < 5; i++)
      await portal.request.post('/api/auth/sign-in', { username: 'demo.teacher', password: 'wrong-guess' });

    const restarted = await createTestPortal({ storage: portal.storage, cipher: createVaultCipher(keyring) });
    const answer = await restarted.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: DEMO_PASSWORD,
    });
    expect(answer.status).toBe(429);
    // The key is the secret: with other keys the stored rows match no name at all.
    const otherKeys = await createTestPortal({ storage: portal.storage });
    const fresh = await otherKeys.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: DEMO_PASSWORD,
    });
    expect(fresh.status).toBe(200);
  });

  it('kept readable by an older version is deleted by the migration', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-migration-'));
    try {
      // The migrations up to the version that stored names readable.
      const before = path.join(dir, 'drizzle');
      fs.cpSync(path.resolve('drizzle/sqlite'), before, { recursive: true });
      const journalFile = path.join(before, 'meta', '_journal.json');
      const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
      const keyedAt = journal.entries.findIndex((entry) => entry.tag === '0003_sign_in_failures_keyed_hash');
      journal.entries = journal.entries.slice(0, keyedAt);
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const file = path.join(dir, 'old.sqlite');
      const old = new Database(file);
      migrate(drizzle(old), { migrationsFolder: before });
      old
        .prepare('INSERT INTO sign_in_failures (account_key, failures, last_failure_at) VALUES (?, 3, 1)')
        .run(TYPED.toLowerCase());
      old.close();

      const upgraded = openDatabase(file);
      expect(dumpEverything(upgraded).toLowerCase()).not.toContain(TYPED.toLowerCase());
      upgraded.$client.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
