import { getsFixedPassword, DEFAULT_ACCOUNT_POLICY } from '../accounts/account-policy';
import { createAccountStore } from '../accounts/account-store';
import { sealFixedPassword } from '../accounts/account-context';
import { newFixedPassword } from '../accounts/fixed-password';
import { createDirectory, type Person } from '../directory/directory';
import type { Storage } from '../storage/storage';
import type { VaultCipher } from '../vault/cipher';

/** The demo accounts the README names: their fixed password is the demo password, so the README's sign-ins work. */
const NAMED_YOUNG_STUDENTS = new Set(['demo.student.k', 'demo.student.g4']);

/**
 * Gives the demo's PreK-5 students fixed passwords, as a district's roster import would: a kindergarten teacher
 * prints her class's credentials sheet and sees each child's. The named demo students keep the demo password.
 */
export async function seedDemoAccounts(storage: Storage, cipher: VaultCipher, demoPassword: string, now: number) {
  const directory = createDirectory(storage, () => now);
  const store = createAccountStore(storage);
  const young = new Map<string, Person>();
  for (const campus of await directory.campuses()) {
    for (const student of await directory.studentsOnCampus(campus.id)) {
      if (getsFixedPassword(student, DEFAULT_ACCOUNT_POLICY)) young.set(student.id, student);
    }
  }
  await storage.transaction(async (tx) => {
    for (const student of young.values()) {
      const password = NAMED_YOUNG_STUDENTS.has(student.username) ? demoPassword : newFixedPassword();
      await directory.setPasswordHash(student.id, null, tx);
      await store.passwordSet(student.id, 'fixed', sealFixedPassword({ cipher }, student.id, password), now, tx);
    }
  });
}
