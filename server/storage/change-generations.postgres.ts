import { sql } from 'drizzle-orm';
import type { ChangeGenerations } from './change-generations';
import { changeGenerations } from './schema.pg';
import type { PostgresExecutor, PostgresStorage } from './storage';

/**
 * Bumps `topic` in the caller's transaction. The row stays locked until that transaction ends, so writers of one
 * topic, in any process, take turns from here on.
 */
export async function postgresGenerationBump(executor: PostgresExecutor, topic: string) {
  await executor
    .insert(changeGenerations)
    .values({ topic, generation: 1 })
    .onConflictDoUpdate({
      target: changeGenerations.topic,
      set: { generation: sql`${changeGenerations.generation} + 1` },
    });
}

export function postgresChangeGenerations(storage: PostgresStorage): ChangeGenerations {
  // Runs every second in every process.
  const all = storage.db
    .select({ topic: changeGenerations.topic, generation: changeGenerations.generation })
    .from(changeGenerations)
    .prepare('change_generations_all');
  return {
    bump: (topic, tx) => postgresGenerationBump(storage.executor(tx), topic),
    async read() {
      return new Map((await all.execute()).map((row) => [row.topic, row.generation]));
    },
  };
}
