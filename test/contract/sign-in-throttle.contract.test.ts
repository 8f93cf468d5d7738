// The sign-in throttle on both engines, with two portal processes sharing one database: growing delays per
// account and a cap per address hold however the guesses are spread over processes, bursts included.
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSignInThrottle,
  delayAfterFailures,
  forgetStaleSignInFailures,
  type NetworkLimit,
} from '../../server/auth/sign-in-throttle';
import { AppError } from '../../server/errors';
import type { Engine, Storage } from '../../server/storage/storage';
import { manualClock } from '../helpers/test-portal';
import { selectRows, twoProcesses } from './auth-storage-fixtures';

const ENGINES: Engine[] = ['sqlite', 'postgres'];
const MINUTE = 60_000;
const SECRET = Buffer.alloc(32, 7);
const SCHOOL = '203.0.113.9';
const NEARBY = { failuresPerWindow: 1_000, windowMs: 15 * MINUTE };

/** 'counted', or the seconds a refusal asks to wait. */
async function outcome(attempt: Promise<void>): Promise<'counted' | number> {
  try {
    await attempt;
    return 'counted';
  } catch (error) {
    if (error instanceof AppError && error.code === 'sign_in_throttled') return Number(error.headers?.['Retry-After']);
    throw error;
  }
}

describe.each(ENGINES)('sign-in throttle on %s', (engine) => {
  const opened: Storage[] = [];
  afterAll(async () => Promise.all(opened.map((storage) => storage.close())));

  async function portals(network: NetworkLimit = NEARBY) {
    const { first, second } = await twoProcesses(engine);
    opened.push(first, second);
    const clock = manualClock();
    const throttle = (storage: Storage) => createSignInThrottle(storage, clock.now, network, () => SECRET);
    return { clock, first, second, one: throttle(first), two: throttle(second) };
  }

  it('counts a free try that reached the database after a later one (clocks of two processes, a lock wait)', async () => {
    const { clock, one, two } = await portals();
    clock.advance(5);
    expect(await outcome(one.reserveTry('lena', SCHOOL))).toBe('counted');
    clock.advance(-5); // this try read the clock first, then waited behind the other
    expect(await outcome(two.reserveTry('lena', SCHOOL))).toBe('counted');
    for (let i = 0; i < 3; i++) expect(await outcome(one.reserveTry('lena', SCHOOL))).toBe('counted');
    // Five failures in all: the delay runs from the latest one, not from the earlier clock.
    clock.advance(5);
    expect(await outcome(two.reserveTry('lena', SCHOOL))).toBe(1);
    clock.advance(999);
    expect(await outcome(two.reserveTry('lena', SCHOOL))).toBe(1);
    clock.advance(1);
    expect(await outcome(two.reserveTry('lena', SCHOOL))).toBe('counted');
  });

  it('lets five failures through, then asks to wait as delayAfterFailures says, on whichever process', async () => {
    const { clock, one, two } = await portals();
    const checked = [0, 1, 4, 5, 6, 10, 14, 15, 99, 100, 101];
    for (let failures = 0; failures <= 101; failures++) {
      const process = failures % 2 ? one : two;
      if (checked.includes(failures)) {
        const waitMs = delayAfterFailures(failures) * 1000;
        if (waitMs > 0) {
          expect(await outcome(process.reserveTry('maria', SCHOOL)), `after ${failures}`).toBe(waitMs / 1000);
          clock.advance(waitMs - 1);
          expect(await outcome(process.reserveTry('maria', SCHOOL)), `after ${failures}`).toBe(1);
          clock.advance(1);
        }
      } else clock.advance(delayAfterFailures(failures) * 1000);
      expect(await outcome(process.reserveTry('maria', SCHOOL)), `after ${failures}`).toBe('counted');
    }
  });

  it('clears an account’s failures on success, on any process; other accounts are not slowed down', async () => {
    const { one, two } = await portals();
    for (let i = 0; i < 5; i++) await one.reserveTry('maria', SCHOOL);
    expect(await outcome(two.reserveTry('maria', SCHOOL))).toBe(1);
    expect(await outcome(two.reserveTry('maria.classmate', SCHOOL))).toBe('counted');
    await two.recordSuccess('maria', SCHOOL);
    for (let i = 0; i < 5; i++) expect(await outcome(one.reserveTry('maria', SCHOOL))).toBe('counted');
  });

  it('counts exactly the tries of a burst spread over two processes, and no more than the budget', async () => {
    const { one, two } = await portals();
    const burst = (name: string, size: number) =>
      Promise.all(Array.from({ length: size }, (_, i) => outcome((i % 2 ? one : two).reserveTry(name, SCHOOL))));
    // Three at once: all counted, so two more are free and the next waits.
    expect(await burst('ana', 3)).toEqual(Array(3).fill('counted'));
    expect(await burst('ana', 1)).toEqual(['counted']);
    expect(await burst('ana', 1)).toEqual(['counted']);
    expect(await burst('ana', 1)).toEqual([1]);
    // Forty at once: exactly five counted, the rest asked to wait.
    const outcomes = await burst('ben', 40);
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 1)).toHaveLength(35);
  });

  it('caps failures per address over a window across processes, then lets the address try again', async () => {
    const { clock, one, two } = await portals({ failuresPerWindow: 10, windowMs: 15 * MINUTE });
    clock.advance(MINUTE);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome((i % 2 ? one : two).reserveTry(`typo.${i}`, SCHOOL))),
    );
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 15 * 60)).toHaveLength(20);
    clock.advance(5 * MINUTE);
    expect(await outcome(one.reserveTry('demo.teacher', SCHOOL))).toBe(10 * 60);
    expect(await outcome(two.reserveTry('demo.teacher', '198.51.100.7'))).toBe('counted');
    clock.advance(10 * MINUTE);
    expect(await outcome(one.reserveTry('demo.teacher', SCHOOL))).toBe('counted');
  });

  it('caps the address failures of badge scans in a burst over two processes, sharing the cap with passwords', async () => {
    const { clock, one, two } = await portals({ failuresPerWindow: 10, windowMs: 15 * MINUTE });
    await one.reserveTry('ana', SCHOOL); // a password try counts against the same address
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => outcome((i % 2 ? one : two).recordAddressFailure(SCHOOL))),
    );
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(9);
    expect(outcomes.filter((o) => o === 15 * 60)).toHaveLength(21);
    expect(await outcome(two.recordAddressFailure('198.51.100.7'))).toBe('counted');
    clock.advance(15 * MINUTE);
    expect(await outcome(one.recordAddressFailure(SCHOOL))).toBe('counted');
  });

  it('counts a refused try nowhere: neither against the account nor the address', async () => {
    const { clock, one, two } = await portals({ failuresPerWindow: 6, windowMs: 15 * MINUTE });
    for (let i = 0; i < 5; i++) await one.reserveTry('maria', SCHOOL);
    expect(await outcome(two.reserveTry('maria', SCHOOL))).toBe(1); // refused by the account: the address keeps 1
    expect(await outcome(two.reserveTry('ben', SCHOOL))).toBe('counted');
    expect(await outcome(one.reserveTry('carl', SCHOOL))).toBe(15 * 60);
    clock.advance(15 * MINUTE);
    // Refused by the address: carl's account was not counted, so five free tries remain.
    for (let i = 0; i < 5; i++) expect(await outcome(two.reserveTry('carl', SCHOOL))).toBe('counted');
    expect(await outcome(two.reserveTry('carl', SCHOOL))).toBe(1);
  });

  it('gives an address its try back on a success, so a school signing in correctly never reaches the cap', async () => {
    const { one, two } = await portals({ failuresPerWindow: 3, windowMs: 15 * MINUTE });
    for (let i = 0; i < 10; i++) {
      await (i % 2 ? one : two).reserveTry(`student.${i}`, SCHOOL);
      await (i % 2 ? two : one).recordSuccess(`student.${i}`, SCHOOL);
    }
    for (let i = 0; i < 3; i++) expect(await outcome(one.reserveTry(`typo.${i}`, SCHOOL))).toBe('counted');
    expect(await outcome(two.reserveTry('student.0', SCHOOL))).toBe(15 * 60);
  });

  it('keeps neither names nor addresses readable at rest', async () => {
    const { first, one } = await portals();
    const typed = 'Secret-Password-In-The-Name-Box';
    await one.reserveTry(typed, SCHOOL);
    const stored = JSON.stringify([
      await selectRows(first, 'SELECT * FROM sign_in_failures'),
      await selectRows(first, 'SELECT * FROM sign_in_network_failures'),
    ]);
    expect(stored).toContain('"failures":1');
    expect(stored).not.toContain(typed);
    expect(stored).not.toContain(typed.toLowerCase());
    expect(stored).not.toContain(SCHOOL);
  });

  it('forgets accounts quiet for a day and address windows that have ended', async () => {
    const { first, second, clock, one } = await portals();
    await one.reserveTry('maria', SCHOOL);
    clock.advance(12 * 60 * MINUTE);
    await one.reserveTry('ben', '198.51.100.7');
    clock.advance(12 * 60 * MINUTE + 1);
    // maria (over a day quiet) and both address windows (15 minutes each) go; ben's failure stays.
    expect(await forgetStaleSignInFailures(second, clock.now())).toBe(3);
    expect(await selectRows(first, 'SELECT failures FROM sign_in_failures')).toEqual([{ failures: 1 }]);
    expect(await selectRows(first, 'SELECT failures FROM sign_in_network_failures')).toEqual([]);
    expect(await forgetStaleSignInFailures(second, clock.now())).toBe(0);
  });
});
