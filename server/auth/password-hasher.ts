import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors';

/** OWASP / SECURITY.md minimum for argon2id: 19 MiB, 2 passes, 1 lane. */
// `algorithm: 2` is Algorithm.Argon2id (an ambient const enum that verbatimModuleSyntax cannot import).
export const ARGON2_PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Takes a place for one verify now (a slot, or a place in the queue), or throws `busy` now, before the caller
   * has counted anything: a try the portal is too busy to check never counts against anyone.
   */
  holdVerify(): HeldVerify;
  /** True when a stored hash uses weaker parameters than today's, so it is redone at the next sign-in. */
  needsRehash(phc: string): boolean;
}

/** A place held for one verify: use it once, or give it up. */
export interface HeldVerify {
  verify(phc: string, password: string): Promise<boolean>;
  /** The verify will not happen (the try was refused): the place goes to the next in line. */
  cancel(): void;
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

  /** Takes a slot, or a place in the queue, now; or throws `busy` now. Resolves once the slot is this caller's. */
  function takeSlot(): { granted: Promise<void>; leaveQueue: () => boolean } {
    if (running < concurrency) {
      running++;
      return { granted: Promise.resolve(), leaveQueue: () => false };
    }
    if (waiting.length >= maxQueue) throw busy();
    let turn!: () => void;
    const granted = new Promise<void>((resolve) => waiting.push((turn = resolve)));
    const leaveQueue = () => {
      const place = waiting.indexOf(turn);
      if (place >= 0) waiting.splice(place, 1);
      return place >= 0;
    };
    return { granted, leaveQueue };
  }

  /** Hands a finished slot to the next in the queue, or frees it. */
  function releaseSlot() {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }

  function hold(): { run<T>(work: () => Promise<T>): Promise<T>; cancel(): void } {
    const { granted, leaveQueue } = takeSlot();
    let used = false;
    return {
      async run(work) {
        if (used) throw new Error('A held hashing slot is used once.');
        used = true;
        await granted;
        try {
          return await work();
        } finally {
          releaseSlot();
        }
      },
      cancel() {
        if (used) return;
        used = true;
        if (!leaveQueue()) void granted.then(releaseSlot);
      },
    };
  }

  return {
    hash: async (password) => hold().run(() => hash(password, ARGON2_PARAMS)),
    holdVerify() {
      const slot = hold();
      return {
        verify: (phc, password) => slot.run(() => verify(phc, password).catch(() => false)),
        cancel: slot.cancel,
      };
    },
    needsRehash(phc) {
      const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
      if (!match) return true;
      const [memory, time, lanes] = match.slice(1).map(Number) as [number, number, number];
      return memory < ARGON2_PARAMS.memoryCost || time < ARGON2_PARAMS.timeCost || lanes !== ARGON2_PARAMS.parallelism;
    },
  };
}
