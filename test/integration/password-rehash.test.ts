// Parameters can rise: a hash stored with weaker argon2id settings is redone at the next successful sign-in
// (SECURITY.md, "a PHC-style string so parameters can rise").
import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { createTestPortal, DEMO_PASSWORD, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;
const idOf = async (portal: Portal, username: string) => (await portal.directory.findByUsername(username))!.id;
const storedHash = async (portal: Portal, username: string) =>
  (await portal.directory.findByUsername(username))!.passwordHash;

describe('password rehash', () => {
  it('upgrades a weaker stored hash when its owner signs in', async () => {
    const portal = await createTestPortal();
    const weak = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await portal.directory.setPasswordHash(await idOf(portal, 'demo.student.g4'), weak);

    await signIn(portal, 'demo.student.g4');
    const upgraded = await storedHash(portal, 'demo.student.g4');
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // Still the same password.
    await signIn(portal, 'demo.student.g4');
  });

  it('leaves the hash alone after a failed sign-in', async () => {
    const portal = await createTestPortal();
    const weak = await hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await portal.directory.setPasswordHash(await idOf(portal, 'demo.student.k'), weak);
    await portal.request.post('/api/auth/sign-in', { username: 'demo.student.k', password: 'not-it-at-all' });
    expect(await storedHash(portal, 'demo.student.k')).toBe(weak);
  });
});
