import { openDatabase } from '/work/main/server/db/connection';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
fs.rmSync('/tmp/rperf/raw.sqlite', { force: true });
const db = openDatabase('/tmp/rperf/raw.sqlite').$client;
if (process.env.NOFK) db.pragma('foreign_keys = OFF');
db.prepare("INSERT INTO orgs (id, sourced_id, name, type) VALUES ('o','o','o','school')").run();
const ids = Array.from({ length: 64000 }, () => randomUUID());
let t = performance.now();
const insU = db.prepare(
  `INSERT INTO users (id, sourced_id, username, given_name, family_name, email, role, grade, sis_flags, status, created_at, updated_at) VALUES (?, ?, ?, 'g', 'f', null, 'student', 3, '[]', 'active', 1, 1)`,
);
db.transaction(() => {
  ids.forEach((id, i) => insU.run(id, `s${i}`, `u${i}`));
})();
console.log('users', Math.round(performance.now() - t));
t = performance.now();
const cls = Array.from({ length: 21000 }, () => randomUUID());
const insC = db.prepare(
  `INSERT INTO classes (id, sourced_id, org_id, title, grade, status) VALUES (?, ?, 'o', 't', 3, 'active')`,
);
db.transaction(() => {
  cls.forEach((id, i) => insC.run(id, `k${i}`));
})();
console.log('classes', Math.round(performance.now() - t));
t = performance.now();
const insE = db.prepare(
  `INSERT INTO enrollments (id, sourced_id, class_id, user_id, role, status) VALUES (?, ?, ?, ?, 'student', 'active')`,
);
db.transaction(() => {
  for (let i = 0; i < 320000; i++)
    insE.run(
      process.env.SEQ ? `id${String(i).padStart(8, '0')}` : randomUUID(),
      `e${i}`,
      cls[i % cls.length],
      ids[i % ids.length],
    );
})();
console.log('enrollments', Math.round(performance.now() - t));
t = performance.now();
const n = db
  .prepare('SELECT count(*) FROM users u WHERE (SELECT count(*) FROM enrollments WHERE user_id = u.id) > 0')
  .pluck()
  .get();
console.log('scan', n, Math.round(performance.now() - t));
