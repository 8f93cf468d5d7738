// Threat: online guessing. Per-account growing delays (no hard lockout), a per-address cap loose enough for
// a whole school behind one NAT address, and the same treatment for names that match no one.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPasswordHasher, type PasswordHasher } from '../../server/auth/password-hasher';
import { createTestPortal, DEMO_PASSWORD, manualClock, signIn } from '../helpers/test-portal';

describe('sign-in throttling', () => {
  let clock: ReturnType<typeof manualClock>;
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  beforeEach(async () => {
    clock = manualClock();
    portal = await createTestPortal({ now: clock.now, networkLimit: { failuresPerWindow: 30, windowMs: 15 * 60_000 } });
  });
  const attempt = (username: string, password: string) =>
    portal.request.post('/api/auth/sign-in', { username, password });

  it('delays an account after five failures, and the delay grows', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('demo.student.g4', 'wrong-guess')).status).toBe(401);
    const blocked = await attempt('demo.student.g4', DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.code).toBe('sign_in_throttled');
    const firstWait = Number(blocked.headers.get('retry-after'));
    expect(firstWait).toBeGreaterThan(0);

    clock.advance(firstWait * 1000);
    expect((await attempt('demo.student.g4', 'wrong-again')).status).toBe(401);
    const secondWait = Number((await attempt('demo.student.g4', DEMO_PASSWORD)).headers.get('retry-after'));
    expect(secondWait).toBeGreaterThan(firstWait);

    clock.advance(secondWait * 1000);
    expect((await attempt('demo.student.g4', DEMO_PASSWORD)).status).toBe(200);
    // Success resets the count: the next typo is not delayed.
    expect((await attempt('demo.student.g4', 'typo-once')).status).toBe(401);
    expect((await attempt('demo.student.g4', DEMO_PASSWORD)).status).toBe(200);
  });

  it('does not slow down a classmate: other accounts on the same address sign in', async () => {
    for (let i = 0; i < 6; i++) await attempt('demo.student.k', 'wrong-guess');
    expect((await attempt('demo.student.k', DEMO_PASSWORD)).status).toBe(429);
    expect((await attempt('demo.student.g8', DEMO_PASSWORD)).status).toBe(200);
  });

  it('throttles names that match no one exactly like real accounts', async () => {
    const realTail: number[] = [];
    const ghostTail: number[] = [];
    for (let i = 0; i < 6; i++) realTail.push((await attempt('demo.student.g11', 'wrong-guess')).status);
    for (let i = 0; i < 6; i++) ghostTail.push((await attempt('ghost.account', 'wrong-guess')).status);
    expect(ghostTail).toEqual(realTail);
  });

  it('caps failures per address, but only failures: a school keeps signing in correctly', async () => {
    for (let i = 0; i < 30; i++) await attempt(`typo.user.${i}`, 'wrong-guess');
    expect((await attempt('demo.teacher', 'wrong-guess')).status).toBe(429);
    clock.advance(15 * 60_000);
    expect((await attempt('demo.teacher', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('sign-in throttling under a burst', () => {
  /** The test hasher, counting the passwords it actually checked. */
  function countingHasher() {
    const inner = createPasswordHasher({ concurrency: 2, maxQueue: 64 });
    const counter = { verified: 0 };
    const hasher: PasswordHasher = {
      ...inner,
      holdVerify: () => {
        const place = inner.holdVerify();
        return {
          ...place,
          verify: (phc, password) => {
            counter.verified++;
            return place.verify(phc, password);
          },
        };
      },
    };
    return { hasher, counter };
  }

  it('does not let correct sign-ins use up an address’s failure cap', async () => {
    const portal = await createTestPortal({ networkLimit: { failuresPerWindow: 3, windowMs: 15 * 60_000 } });
    const statuses: number[] = [];
    for (const username of ['demo.teacher', 'demo.principal', 'demo.it', 'demo.admin', 'demo.student.g8']) {
      statuses.push((await portal.request.post('/api/auth/sign-in', { username, password: DEMO_PASSWORD })).status);
    }
    expect(statuses).toEqual(Array(5).fill(200));
    for (let i = 0; i < 3; i++)
      await portal.request.post('/api/auth/sign-in', { username: `typo.${i}`, password: 'x1' });
    const capped = await portal.request.post('/api/auth/sign-in', {
      username: 'demo.teacher',
      password: DEMO_PASSWORD,
    });
    expect(capped.status).toBe(429);
  });

  it('checks at most five of 40 parallel wrong passwords for one account; the rest wait', async () => {
    const { hasher, counter } = countingHasher();
    const portal = await createTestPortal({ hasher });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        portal.request.post('/api/auth/sign-in', { username: 'demo.student.g4', password: `guess-${i}` }),
      ),
    );
    const codes = await Promise.all(responses.map(async (response) => (await response.json()).error.code));
    expect(codes.filter((code) => code === 'invalid_credentials')).toHaveLength(5);
    expect(codes.filter((code) => code === 'sign_in_throttled')).toHaveLength(35);
    expect(counter.verified).toBe(5);
  });

  it('treats the same guesses one by one alike: five checked, then a wait', async () => {
    const { hasher, counter } = countingHasher();
    const portal = await createTestPortal({ hasher });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await portal.request.post('/api/auth/sign-in', {
        username: 'demo.student.g4',
        password: `guess-${i}`,
      });
      codes.push((await response.json()).error.code);
    }
    expect(codes).toEqual([...Array(5).fill('invalid_credentials'), ...Array(3).fill('sign_in_throttled')]);
    expect(counter.verified).toBe(5);
  });

  it('does not count a try the portal was too busy to check', async () => {
    const hasher = createPasswordHasher({ concurrency: 1, maxQueue: 0 });
    const portal = await createTestPortal({ hasher });
    // The hasher is idle (it first makes the decoy hash for unknown names); then another sign-in holds its only
    // place, so the whole burst meets a busy portal, whatever the engine's timing.
    await vi.waitFor(() => signIn(portal, 'demo.principal'), { timeout: 5_000, interval: 50 });
    const elsewhere = hasher.holdVerify();
    const attempt = () =>
      portal.request.post('/api/auth/sign-in', { username: 'demo.student.g8', password: 'wrong-guess' });
    const burst = await Promise.all(Array.from({ length: 6 }, attempt));
    const codes = await Promise.all(burst.map(async (response) => (await response.json()).error.code));
    expect(codes).toEqual(Array(6).fill('busy'));
    elsewhere.cancel();
    // None of them counted: all five free failures are still there before the delay starts.
    for (let i = 0; i < 5; i++) expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(429);
  });
});

describe('extension pairing codes under a burst', () => {
  it('gives one portal session exactly five live codes out of 20 asked for at once', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.student.g4');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => portal.request.post('/api/auth/extension/pairing-code', {}, cookie)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    const refused = responses.filter((response) => response.status !== 200);
    expect(refused).toHaveLength(15);
    for (const response of refused) {
      expect(response.status).toBe(429);
      expect((await response.json()).error.code).toBe('too_many_pairing_codes');
    }
  });
});
