// Threat: account enumeration. Unknown user, wrong password and disabled account must give the same
// status and body (ASVS 5.0 6.3.8), and each costs one argon2id verify so timing does not tell them apart.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema';
import { createTestPortal, DEMO_PASSWORD } from '../helpers/test-portal';

describe('failed sign-ins look identical', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  beforeAll(async () => {
    portal = await createTestPortal();
    portal.db.update(users).set({ status: 'disabled' }).where(eq(users.username, 'demo.student.g11')).run();
  });

  async function attempt(username: string, password: string) {
    const started = performance.now();
    const response = await portal.request.post('/api/auth/sign-in', { username, password });
    return {
      status: response.status,
      body: await response.text(),
      cookie: response.headers.get('set-cookie'),
      ms: performance.now() - started,
    };
  }

  it('for an unknown user, a wrong password and a disabled account', async () => {
    const unknown = await attempt('no.such.person', DEMO_PASSWORD);
    const wrong = await attempt('demo.teacher', 'not-the-password');
    const disabled = await attempt('demo.student.g11', DEMO_PASSWORD);
    expect(unknown.status).toBe(401);
    expect(JSON.parse(unknown.body).error.code).toBe('invalid_credentials');
    for (const other of [wrong, disabled]) {
      expect(other.status).toBe(unknown.status);
      expect(other.body).toBe(unknown.body);
      expect(other.cookie).toBeNull();
    }
    expect(unknown.cookie).toBeNull();
  });

  it('with timing in the same range (each costs one argon2id verify)', async () => {
    const median = async (username: string, password: string) => {
      const times: number[] = [];
      // Different accounts each time stay under the free-failure allowance.
      for (let i = 0; i < 3; i++) times.push((await attempt(username, `${password}${i}`)).ms);
      return times.sort((a, b) => a - b)[1]!;
    };
    const unknown = await median('nobody.at.all', 'guess');
    const wrong = await median('demo.principal', 'guess');
    // No verify at all would answer in well under a millisecond; argon2id takes tens of ms.
    expect(unknown).toBeGreaterThan(wrong / 3);
    expect(wrong).toBeGreaterThan(unknown / 3);
  });

  it('while the right password signs in', async () => {
    const ok = await attempt('demo.teacher', DEMO_PASSWORD);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).user.username).toBe('demo.teacher');
  });

  it('and usernames are matched regardless of case and spaces', async () => {
    expect((await attempt('  Demo.Teacher ', DEMO_PASSWORD)).status).toBe(200);
  });
});
