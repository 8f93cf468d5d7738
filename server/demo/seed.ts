import { count } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { accessRules, apps, classes, enrollments, orgs, userOrgs, users } from '../db/schema';
import { generateLakeside, type DemoDistrict } from './lakeside';

/** True when the database holds no people yet, i.e. on a first start. */
export function isEmpty(db: Db): boolean {
  return db.select({ n: count() }).from(users).get()!.n === 0;
}

/**
 * Writes the demo district in one transaction. Every account gets the same demo password hash (hashed
 * once: 640 argon2id hashes would take half a minute and protect nothing in a demo).
 */
export function seedDemoDistrict(
  db: Db,
  demoPasswordHash: string,
  now: number,
  district: DemoDistrict = generateLakeside(),
) {
  const chunked = <T>(rows: T[], size = 200) =>
    Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));

  db.transaction((tx) => {
    tx.insert(orgs).values(district.orgs).run();
    for (const chunk of chunked(district.users)) {
      tx.insert(users)
        .values(
          chunk.map(({ orgIds: _orgIds, ...user }) => ({
            ...user,
            passwordHash: demoPasswordHash,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .run();
    }
    const memberships = district.users.flatMap((user) => user.orgIds.map((orgId) => ({ userId: user.id, orgId })));
    for (const chunk of chunked(memberships)) tx.insert(userOrgs).values(chunk).run();
    for (const chunk of chunked(district.classes)) tx.insert(classes).values(chunk).run();
    for (const chunk of chunked(district.enrollments)) tx.insert(enrollments).values(chunk).run();
    tx.insert(apps).values(district.apps).run();
    tx.insert(accessRules).values(district.rules).run();
  });
}
