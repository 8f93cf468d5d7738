// Threat: a morning rush (or an attacker) sending more sign-ins than the machine can hash. Hashing runs with
// bounded concurrency and sheds load with a quick 503 + Retry-After instead of running out of memory.
import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, createPasswordHasher } from '../../server/auth/password-hasher';
import { AppError } from '../../server/errors';

describe('password hasher', () => {
  it('stores argon2id at m=19 MiB, t=2, p=1 and verifies only the right password', async () => {
    const hasher = createPasswordHasher({ concurrency: 2, maxQueue: 4 });
    const phc = await hasher.hash('correct horse battery');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.holdVerify().verify(phc, 'correct horse battery')).toBe(true);
    expect(await hasher.holdVerify().verify(phc, 'correct horse batterY')).toBe(false);
    expect(await hasher.holdVerify().verify('not a hash', 'x')).toBe(false);
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19_456);
  });

  it('asks for a rehash when stored parameters are weaker than today’s', () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    expect(hasher.needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(hasher.needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(false);
    expect(hasher.needsRehash('$scrypt$whatever')).toBe(true);
  });

  it('sheds load past its queue with a 503 busy error that says when to retry', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 2 });
    const attempts = Array.from({ length: 6 }, () => hasher.hash('a password'));
    const results = await Promise.allSettled(attempts);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(rejected).toHaveLength(3);
    for (const { reason } of rejected) {
      expect(reason).toBeInstanceOf(AppError);
      expect(reason).toMatchObject({ code: 'busy', status: 503, headers: { 'Retry-After': '1' } });
    }
  });

  it('refuses a verify place at once when full, before the caller counts the try', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 1 });
    const phc = await hasher.hash('a password');
    const running = hasher.holdVerify();
    const queued = hasher.holdVerify();
    expect(() => hasher.holdVerify()).toThrow(expect.objectContaining({ code: 'busy' }));
    // A refused try gives its place up: the queue has room again, and the held slot passes on when cancelled.
    queued.cancel();
    const next = hasher.holdVerify();
    running.cancel();
    expect(await next.verify(phc, 'a password')).toBe(true);
    expect(await hasher.holdVerify().verify(phc, 'wrong')).toBe(false);
  });
});
