// Prints `{ "badges": ["<QR text>", …] }`: new badges for 200 of the demo district's young students in the portal
// whose data folder (or PostgreSQL URL) is given, issued through the badge service as printing would. For the
// badge-sign-in figure.
import { loadConfig } from '../../server/config';
import { openPortalDatabase } from '../../server/cli/portal-database';
import { createBadgeService } from '../../server/badges/badge-service';
import { createBadgeStore } from '../../server/badges/badge-store';
import { createDirectory } from '../../server/directory/directory';
import { createSessionStore } from '../../server/auth/sessions';
import { createSignInThrottle } from '../../server/auth/sign-in-throttle';
import { createAuditLog } from '../../server/audit/audit-log';

const [dataDir, databaseUrl] = process.argv.slice(2);
const config = loadConfig({
  GATEHOUSE_DATA_DIR: dataDir,
  ...(databaseUrl ? { GATEHOUSE_DATABASE_URL: databaseUrl } : {}),
});
const opened = await openPortalDatabase(config);
if (!opened.ok) throw new Error(opened.problem);
const { storage } = opened;
const directory = createDirectory(storage);
const badges = createBadgeService({
  storage,
  store: createBadgeStore(storage),
  directory,
  sessions: createSessionStore(storage, Date.now, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs }),
  // Never consulted when issuing.
  throttle: createSignInThrottle(storage, Date.now, { failuresPerWindow: 1, windowMs: 1 }, () => Buffer.alloc(32)),
  audit: createAuditLog(storage, Date.now),
  policy: config.badges,
  pictureKey: Buffer.alloc(32), // no sign-in here
  now: Date.now,
});
const BADGES = 200;
const young = (await directory.search('', 10_000)).filter((person) => person.role === 'student' && person.grade! <= 5);
if (young.length < BADGES) throw new Error(`only ${young.length} young students in this portal`);
const people = await Promise.all(young.slice(0, BADGES).map((person) => directory.findById(person.id)));
const students = people.map((person) => ({ ...person!, classTitle: null, campusName: '' }));
const issued = await badges.issue(students, { actorId: null, expiresAt: null, onlyMissing: false });
await storage.close();
console.log(JSON.stringify({ badges: issued.map((badge) => badge.text) }));
