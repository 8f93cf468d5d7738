import type { Person } from '../../server/directory/directory';
import type { Storage } from '../../server/storage/storage';
import { tamperWithDatabase } from '../helpers/database-tampering';

/** The few rows the vault's tables point at: two campuses, two students (one on each), one vault app. */
export const VAULT_FIXTURE = {
  app: 'app-reading',
  otherApp: 'app-math',
  campusA: 'campus-a',
  campusB: 'campus-b',
} as const;

const person = (id: string, username: string, campusId: string): Person => ({
  id,
  sourcedId: `sis-${id}`,
  username,
  givenName: username,
  familyName: 'Test',
  email: null,
  role: 'student',
  grade: 4,
  sisFlags: [],
  status: 'active',
  passwordHash: null,
  campusIds: [campusId],
  classCount: 0,
  classIds: [],
});

export const AVA = person('u-ava', 'ava', VAULT_FIXTURE.campusA);
export const BEN = person('u-ben', 'ben', VAULT_FIXTURE.campusB);

/** Writes the fixture rows with plain SQL: the contract suites test the vault's stores, not the directory's. */
export async function insertVaultFixture(storage: Storage) {
  await tamperWithDatabase(
    storage,
    `INSERT INTO orgs (id, name, type) VALUES ('campus-a', 'Campus A', 'school'), ('campus-b', 'Campus B', 'school');
     INSERT INTO users (id, sourced_id, username, given_name, family_name, role, grade, created_at, updated_at)
       VALUES ('u-ava', 'sis-u-ava', 'ava', 'ava', 'Test', 'student', 4, 1, 1),
              ('u-ben', 'sis-u-ben', 'ben', 'ben', 'Test', 'student', 4, 1, 1);
     INSERT INTO user_orgs (user_id, org_id) VALUES ('u-ava', 'campus-a'), ('u-ben', 'campus-b');
     INSERT INTO apps (id, slug, name, launch_url, sign_in_kind) VALUES
       ('app-reading', 'reading', 'Reading', 'https://reading.test/', 'vault'),
       ('app-math', 'math', 'Math', 'https://math.test/', 'vault');`,
  );
}
