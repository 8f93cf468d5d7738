// Threat: online guessing. Per-account growing delays (no hard lockout), a per-address cap loose enough for
// a whole school behind one NAT address, and the same treatment for names that match no one.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestPortal, DEMO_PASSWORD, manualClock } from '../helpers/test-portal';

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
