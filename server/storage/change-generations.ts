import { rootCause } from '../errors';
import { byEngine, type Storage, type Tx } from './storage';
import { sqliteChangeGenerations } from './change-generations.sqlite';
import { postgresChangeGenerations } from './change-generations.postgres';

/**
 * A counter per cached topic ('catalog', 'connectors' …). A write bumps its topic's generation in the write's own
 * transaction, so the mark commits exactly when the change does; every process compares it with the generation
 * its in-memory copy was loaded at.
 */
export interface ChangeGenerations {
  /** Marks `topic` changed, as part of `tx` when given. */
  bump(topic: string, tx?: Tx): Promise<void>;
  /** Every topic's generation, in one small query; a topic never written is absent (generation 0). */
  read(): Promise<Map<string, number>>;
}

export function createChangeGenerations(storage: Storage): ChangeGenerations {
  return byEngine(storage, { sqlite: sqliteChangeGenerations, postgres: postgresChangeGenerations });
}

/** A topic an in-memory copy follows. */
export interface FollowedTopic {
  /** Reads the topic again now: the process that wrote calls it once its transaction has committed. Never rejects. */
  refresh(): Promise<void>;
}

export interface ChangeWatch {
  readonly generations: ChangeGenerations;
  /** Loads the topic now (awaited: a failure here is a failure to start), then again whenever its generation moves. */
  follow(topic: string, load: () => Promise<void>): Promise<FollowedTopic>;
  /** Compares every followed topic's generation with its copy's and reloads those that moved (the timer's work). */
  check(): Promise<void>;
  /** Stops the timer; call it before closing the storage. */
  close(): void;
}

/** How often a process looks for changes made by the others, unless told otherwise. */
export const DEFAULT_CHECK_EVERY_MS = 1_000;

interface Follower {
  topic: string;
  load: () => Promise<void>;
  /** The generation the copy was loaded at. */
  seen: number;
  /** Loads run one after another, so a later one always reads after an earlier one. */
  queue: Promise<void>;
}

/**
 * Keeps in-memory copies (the catalog, the connectors) fresh across processes: every `checkEveryMs` one query reads
 * the generations, and a copy whose topic moved is reloaded in the background; reads never wait for it. So a change
 * made by another process or the CLI is in force here within about `checkEveryMs` (1 s by default) plus one reload,
 * and a change made here is in force here at once. While the database cannot be reached the last copy is served.
 */
export function watchChanges(storage: Storage, { checkEveryMs = DEFAULT_CHECK_EVERY_MS } = {}): ChangeWatch {
  const generations = createChangeGenerations(storage);
  const followers: Follower[] = [];
  let timer: NodeJS.Timeout | undefined;
  let checking = false;
  let failing = false;

  // The generation is read before the data: a write landing in between leaves the copy marked older than it is,
  // so the next check loads again, never the other way round.
  const reload = (follower: Follower) =>
    (follower.queue = follower.queue
      .catch(() => undefined)
      .then(async () => {
        const generation = (await generations.read()).get(follower.topic) ?? 0;
        await follower.load();
        follower.seen = generation;
      }));

  async function check() {
    if (checking) return;
    checking = true;
    try {
      const current = await generations.read();
      const moved = followers.filter((follower) => (current.get(follower.topic) ?? 0) !== follower.seen);
      await Promise.all(moved.map(reload));
      failing = false;
    } catch (error) {
      if (isClosed(storage)) return close();
      // Once per outage, not once a second.
      if (!failing) console.warn(`Could not check for changes made by other processes: ${rootCause(error).message}`);
      failing = true;
    } finally {
      checking = false;
    }
  }

  function close() {
    clearInterval(timer);
    timer = undefined;
  }

  return {
    generations,
    async follow(topic, load) {
      const follower: Follower = { topic, load, seen: -1, queue: Promise.resolve() };
      await reload(follower);
      followers.push(follower);
      if (!timer) {
        timer = setInterval(() => void check(), checkEveryMs);
        timer.unref();
      }
      return {
        refresh: () =>
          reload(follower).catch((error: Error) => {
            // The change is committed; the next check loads it.
            console.warn(`Could not reload ${topic} after a change: ${rootCause(error).message}`);
            follower.seen = -1;
          }),
      };
    },
    check,
    close,
  };
}

function isClosed(storage: Storage): boolean {
  return storage.engine === 'sqlite' ? !storage.db.$client.open : storage.db.$client.ending;
}
