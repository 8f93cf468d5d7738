import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors';

/** OWASP / SECURITY.md minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
// `algorithm: 2` is Algorithm.Argon2id (an ambient const enum that verbatimModuleSyntax cannot import).
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Throws `busy` synchronously, in the caller's own turn, when the queue is full: a caller that reserved
   * something for this check can give it back before any other request runs.
   */
  verify(phc: string, password: string): Promise<boolean>;
  /** True when a stored hash uses weaker parameters than today's, so it is redone at the next sign-in. */
  needsRehash(phc: string): boolean;
}

export interface HasherOptions {
  /** Hashes in flight at once; more than the cores is slower, not faster. */
  concurrency: number;
  /** Requests allowed to wait for a slot; past that the caller gets a quick 503. */
  maxQueue: number;
}

const busy = () =>
  new AppError('busy', 503, 'The portal is busy signing people in. Try again in a moment.', { 'Retry-After': '1' });

/** argon2id with bounded concurrency: a morning rush queues briefly, then sheds load instead of running out of memory. */
export function createPasswordHasher({ concurrency, maxQueue }: HasherOptions): PasswordHasher {
  let running = 0;
  const waiting: (() => void)[] = [];

  /** Takes a slot or a place in the queue now, or throws `busy` now. */
  function withSlot<T>(work: () => Promise<T>): Promise<T> {
    if (running < concurrency) {
      running++;
      return runInSlot(work);
    }
    if (waiting.length >= maxQueue) throw busy();
    return new Promise<void>((resolve) => waiting.push(resolve)).then(() => runInSlot(work));
  }

  async function runInSlot<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    hash: async (password) => withSlot(() => hash(password, ARGON2_PARAMS)),
    verify: (phc, password) => withSlot(() => verify(phc, password).catch(() => false)),
    needsRehash(phc) {
      const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
      if (!match) return true;
      const [memory, time, lanes] = match.slice(1).map(Number) as [number, number, number];
      return memory < ARGON2_PARAMS.memoryCost || time < ARGON2_PARAMS.timeCost || lanes !== ARGON2_PARAMS.parallelism;
    },
  };
}
