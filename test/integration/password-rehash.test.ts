// Parameters can rise: a hash stored with weaker argon2id settings is redone at the next successful sign-in
// (SECURITY.md, "a PHC-style string so parameters can rise").
import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { createTestPortal, DEMO_PASSWORD, signIn } from '../helpers/test-portal';

describe('password rehash', () => {
  it('upgrades a weaker stored hash when its owner signs in', async () => {
    const portal = await createTestPortal();
    const weak = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    const storedHash = portal.db.$client
      .prepare("SELECT password_hash FROM users WHERE username = 'demo.student.g4'")
      .pluck();
    portal.db.$client.prepare("UPDATE users SET password_hash = ? WHERE username = 'demo.student.g4'").run(weak);

    await signIn(portal, 'demo.student.g4');
    const upgraded = storedHash.get() as string;
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // Still the same password.
    await signIn(portal, 'demo.student.g4');
  });

  it('leaves the hash alone after a failed sign-in', async () => {
    const portal = await createTestPortal();
    const weak = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    portal.db.$client.prepare("UPDATE users SET password_hash = ? WHERE username = 'demo.student.k'").run(weak);
    await portal.request.post('/api/auth/sign-in', { username: 'demo.student.k', password: 'not-it-at-all' });
    expect(
      portal.db.$client.prepare("SELECT password_hash FROM users WHERE username = 'demo.student.k'").pluck().get(),
    ).toBe(weak);
  });
});
