import type Database from 'better-sqlite3';
import type { ChangeGenerations } from './change-generations';
import type { SqliteStorage } from './storage';

const BUMP = `INSERT INTO change_generations (topic, generation) VALUES (?, 1)
  ON CONFLICT (topic) DO UPDATE SET generation = generation + 1`;

/** For a SQLite adapter's own synchronous transaction: bumps `topic` inside it. */
export function sqliteGenerationBump(sqlite: Database.Database): (topic: string) => void {
  const bump = sqlite.prepare(BUMP);
  return (topic) => void bump.run(topic);
}

export function sqliteChangeGenerations(storage: SqliteStorage): ChangeGenerations {
  const sqlite = storage.db.$client;
  const bump = sqliteGenerationBump(sqlite);
  const all = sqlite.prepare('SELECT topic, generation FROM change_generations');
  return {
    async bump(topic, tx) {
      await storage.run(tx, () => bump(topic));
    },
    async read() {
      const rows = (await storage.run(undefined, () => all.all())) as { topic: string; generation: number }[];
      return new Map(rows.map((row) => [row.topic, row.generation]));
    },
  };
}
