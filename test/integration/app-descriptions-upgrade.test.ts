// A demo district created before apps had Spanish descriptions keeps its data on upgrade ("later starts keep
// what is there"), so migration 0002 itself gives the demo's apps the descriptions a new district is seeded
// with — and leaves alone any description the district wrote itself.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { describe, expect, it } from 'vitest';

const MIGRATIONS = path.resolve('drizzle/sqlite');
const THIS_MIGRATION = '0002_app_descriptions_es';

/** The migrations folder as it was just before this migration. */
function migrationsBefore(tag: string): string {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; idx: number }[];
  };
  const cut = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(cut).toBeGreaterThan(0);
  const earlier = journal.entries.slice(0, cut);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-migrations-'));
  fs.mkdirSync(path.join(folder, 'meta'));
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: earlier }));
  for (const entry of earlier)
    fs.copyFileSync(path.join(MIGRATIONS, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  return folder;
}

describe('upgrading a demo district to Spanish app descriptions', () => {
  it('gives the demo’s apps their new descriptions and keeps a district’s own', () => {
    const sqlite = new Database(':memory:');
    const db = drizzle(sqlite);
    const before = migrationsBefore(THIS_MIGRATION);
    migrate(db, { migrationsFolder: before });
    const insert = sqlite.prepare(
      "INSERT INTO apps (id, slug, name, description, launch_url) VALUES (?, ?, ?, ?, 'https://app.test/')",
    );
    insert.run(
      'app-science-sprouts',
      'science-sprouts',
      'Science Sprouts',
      'Practice app: a form inside a shadow root',
    );
    insert.run('app-google', 'google-workspace', 'Google Workspace', 'Mail, Drive and Classroom');
    insert.run('app-lexia', 'lexia-core5', 'Lexia Core5 Reading', 'Our own words for Lexia');

    migrate(db, { migrationsFolder: MIGRATIONS });
    expect(
      sqlite.prepare('SELECT id, description, description_es AS descriptionEs FROM apps ORDER BY id').all(),
    ).toEqual([
      { id: 'app-google', description: 'Mail, Drive and Classroom', descriptionEs: 'Correo, Drive y Classroom' },
      { id: 'app-lexia', description: 'Our own words for Lexia', descriptionEs: '' },
      {
        id: 'app-science-sprouts',
        description: 'Explore plants, animals and the weather',
        descriptionEs: 'Explora plantas, animales y el tiempo',
      },
    ]);
    fs.rmSync(before, { recursive: true, force: true });
  });
});
