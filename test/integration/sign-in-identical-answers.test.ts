// Threat: account enumeration. Unknown user, wrong password and disabled account must give the same
// status and body (ASVS 5.0 6.3.8), and each costs exactly one argon2id verify so timing does not tell them apart.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/directory/schema';
import { users as postgresUsers } from '../../server/directory/schema.pg';
import type { Storage } from '../../server/storage/storage';
import { createPasswordHasher, type PasswordHasher } from '../../server/auth/password-hasher';
import { createTestPortal, DEMO_PASSWORD } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;

const disable = async (portal: Portal, username: string) =>
  portal.directory.deactivate((await portal.directory.findByUsername(username))!.id);

/** An account not yet claimed: no password at all. (The directory has no operation for this; a test-only write.) */
async function unclaim(storage: Storage, username: string) {
  if (storage.engine === 'sqlite') {
    storage.db.update(users).set({ passwordHash: null }).where(eq(users.username, username)).run();
  } else {
    await storage.db.update(postgresUsers).set({ passwordHash: null }).where(eq(postgresUsers.username, username));
  }
}

describe('failed sign-ins look identical', () => {
  let portal: Portal;
  beforeAll(async () => {
    portal = await createTestPortal();
    await disable(portal, 'demo.student.g11');
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

  it('with the same work behind each: exactly one argon2id verify', async () => {
    // A hasher that counts what it is asked to do, around the real one.
    const real = createPasswordHasher({ concurrency: 2, maxQueue: 8 });
    let verifies = 0;
    const counting: PasswordHasher = {
      ...real,
      holdVerify: () => {
        const place = real.holdVerify();
        return { ...place, verify: (phc, password) => (verifies++, place.verify(phc, password)) };
      },
    };
    const counted = await createTestPortal({ hasher: counting });
    await disable(counted, 'demo.student.g11');
    await unclaim(counted.storage, 'demo.student.g8');

    for (const [username, password] of [
      ['nobody.at.all', DEMO_PASSWORD],
      ['demo.principal', 'wrong-guess'],
      ['demo.student.g11', DEMO_PASSWORD],
      ['demo.student.g8', DEMO_PASSWORD],
      // A fixed password (PreK-5) is sealed, not hashed: it is compared after a verify against the decoy hash.
      ['demo.student.k', 'wrong-guess'],
    ] as const) {
      verifies = 0;
      const response = await counted.request.post('/api/auth/sign-in', { username, password });
      expect(response.status, username).toBe(401);
      expect(verifies, username).toBe(1);
    }
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
