// District IT prints and voids badges from the command line: the sheet it writes is read back by an independent
// decoder and every badge on it signs its owner in to a portal on the same database; a voided badge stops at once;
// a mistake on the command line exits 2, says what is wrong, and prints (and stops) nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBadgePages, pdfText } from '../helpers/badge-pdf';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { runCli } from '../helpers/run-cli';
import { createTestPortal } from '../helpers/test-portal';
import { testEngine } from '../helpers/test-storage';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-badges-cli-'));
let portal: Awaited<ReturnType<typeof createTestPortal>>;
let env: Record<string, string>;
const cli = (...args: string[]) => runCli(args, env);
const sheetPath = (name: string) => path.join(dataDir, name);

interface StatusStudent {
  username: string;
  eligible: boolean;
  badge: string;
}

/** Who a scanned text signs in, or the refusal's status. */
async function scan(text: string): Promise<string | number> {
  const response = await portal.request.post('/api/auth/badge', { badge: text });
  if (response.status !== 200) return response.status;
  return ((await response.json()) as { user: { username: string } }).user.username;
}

const allTexts = (file: string) => decodeBadgePages(file).flat();

let kClassId: string;
let kStudents: StatusStudent[];
/** Each K badge's text, by its owner. */
const printed = new Map<string, string>();

beforeAll(async () => {
  portal = await createTestPortal(testEngine === 'sqlite' ? { databaseFile: sheetPath('gatehouse.sqlite') } : {});
  const url = (portal.storage as { url?: string }).url;
  env = { GATEHOUSE_DATA_DIR: dataDir, ...(url ? { GATEHOUSE_DATABASE_URL: url } : {}) };
});
afterAll(async () => {
  await portal.storage.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('badges status', () => {
  it("lists a teacher's classes with their ids, then a class's students with their badge", () => {
    const classes = cli('badges', 'status', '--teacher', 'demo.teacher.k', '--json');
    expect(classes.status).toBe(0);
    const { classes: taught } = JSON.parse(classes.stdout) as { classes: { id: string; title: string }[] };
    const homeroom = taught.find((taughtClass) => /kindergarten/i.test(taughtClass.title));
    expect(homeroom).toBeDefined();
    kClassId = homeroom!.id;

    const run = cli('badges', 'status', '--class', kClassId, '--json');
    expect(run.status).toBe(0);
    kStudents = (JSON.parse(run.stdout) as { students: StatusStudent[] }).students;
    expect(kStudents.find((student) => student.username === 'demo.student.k')).toMatchObject({
      eligible: true,
      badge: 'none',
    });
    expect(kStudents.length).toBeGreaterThan(12);

    const table = cli('badges', 'status', '--class', kClassId);
    expect(table.stdout).toMatch(/USERNAME\s+NAME\s+GRADE\s+ELIGIBLE\s+BADGE\s+LAST USED/);
    expect(table.stdout).toMatch(/demo\.student\.k\s+.+\s+K\s+yes\s+none\s+-/);
  });

  it('prints a name from the SIS on its own line: a line break or an escape in it cannot act on the terminal', async () => {
    const { givenName } = (await portal.directory.findByUsername('demo.student.k'))!;
    const chr = testEngine === 'sqlite' ? 'char' : 'chr';
    const rename = (to: string) =>
      tamperWithDatabase(portal.storage, `UPDATE users SET given_name = ${to} WHERE username = 'demo.student.k'`);
    await rename(`'Kim' || ${chr}(10) || 'FORGED LINE' || ${chr}(27) || '[2J'`);
    const run = cli('badges', 'status', '--class', kClassId);
    await rename(`'${givenName.replace(/'/g, "''")}'`);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/^FORGED LINE/m);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toMatch(/^demo\.student\.k\s+Kim.*FORGED LINE/m);
  });

  it('lists the campuses with their ids when given no class or campus', () => {
    const run = cli('badges', 'status');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Lakeside Elementary');
  });
});

describe('badges print', () => {
  it("writes the K homeroom's sheet: the decoder reads every badge and each signs its owner in", async () => {
    const file = sheetPath('k.pdf');
    const run = cli('badges', 'print', '--class', kClassId, '--out', file);
    expect(run.status).toBe(0);
    const eligible = kStudents.filter((student) => student.eligible);
    expect(run.stdout).toMatch(
      new RegExp(
        `^Printed ${eligible.length} badges for .*Kindergarten.* to .*k\\.pdf \\(their old badges stopped working\\)`,
      ),
    );
    // It holds working badges: its owner alone may read it.
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const texts = allTexts(file);
    expect(texts).toHaveLength(eligible.length);
    for (const text of texts) {
      const owner = await scan(text);
      expect(typeof owner).toBe('string');
      printed.set(owner as string, text);
    }
    expect([...printed.keys()].sort()).toEqual(eligible.map((student) => student.username).sort());
    const status = JSON.parse(cli('badges', 'status', '--class', kClassId, '--json').stdout) as {
      students: StatusStudent[];
    };
    expect(status.students.filter((student) => student.badge === 'active')).toHaveLength(eligible.length);
  });

  it('prints one student on a card with its expiry; the old badge of that student stops', async () => {
    const file = sheetPath('one.pdf');
    const before = printed.get('demo.student.k')!;
    const run = cli(
      'badges',
      'print',
      '--user',
      'demo.student.k',
      '--layout',
      'cards',
      '--expires',
      '2099-06-12',
      '--out',
      file,
      '--json',
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ printed: 1, file });
    expect(pdfText(file)).toContain('Expires');
    const [text] = allTexts(file);
    expect(await scan(text!)).toBe('demo.student.k');
    expect(await scan(before)).toBe(401);
    printed.set('demo.student.k', text!);
    const table = cli('badges', 'status', '--class', kClassId).stdout;
    expect(table).toMatch(/demo\.student\.k\s+.+\s+active until 2099-06-12\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it('with --only-missing prints nobody when everyone has a working badge, and writes no file', () => {
    const file = sheetPath('missing.pdf');
    const run = cli('badges', 'print', '--class', kClassId, '--only-missing', '--out', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/No student here needs a badge/);
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('bad input', () => {
  const refusals: [string, string[], RegExp][] = [
    ['a missing --out', ['--class', 'X'], /needs --out FILE\.pdf/],
    ['no target', ['--out', 'x.pdf'], /needs one of --class ID, --campus ID, --user USERNAME/],
    ['two targets', ['--class', 'X', '--user', 'demo.student.k', '--out', 'x.pdf'], /needs one of/],
    ['an unknown class', ['--class', 'no-such-class', '--out', 'x.pdf'], /No active class has the id "no-such-class"/],
    ['an unknown campus', ['--campus', 'no-such-campus', '--out', 'x.pdf'], /No active campus has the id/],
    ['an unknown person', ['--user', 'nobody.here', '--out', 'x.pdf'], /No person has the username "nobody\.here"/],
    [
      'a student the policy gives no badge',
      ['--user', 'demo.student.g11', '--out', 'x.pdf'],
      /\(demo\.student\.g11\) cannot have a badge: grade 11/,
    ],
    ['a teacher', ['--user', 'demo.teacher.k', '--out', 'x.pdf'], /cannot have a badge: badges are for students only/],
    [
      'a malformed date',
      ['--user', 'demo.student.g4', '--expires', '2027-02-30', '--out', 'x.pdf'],
      /--expires must be a date written YYYY-MM-DD/,
    ],
    [
      'a date that has passed',
      ['--user', 'demo.student.g4', '--expires', '2001-01-01', '--out', 'x.pdf'],
      /--expires 2001-01-01 has already passed/,
    ],
    [
      'an unknown layout',
      ['--user', 'demo.student.g4', '--layout', 'poster', '--out', 'x.pdf'],
      /--layout is labels or cards/,
    ],
    ['an unknown option', ['--user', 'demo.student.g4', '--colour', '--out', 'x.pdf'], /unknown option "--colour"/],
    [
      'a folder that does not exist',
      ['--user', 'demo.student.g4', '--out', 'no/such/folder/x.pdf'],
      /cannot be written \(ENOENT\)/,
    ],
  ];

  it.each(refusals)('refuses %s (exit 2), naming it, and writes no file', (_, args, problem) => {
    const run = cli('badges', 'print', ...args.map((arg) => (arg.endsWith('.pdf') ? sheetPath(arg) : arg)));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(problem);
    expect(run.stdout).toBe('');
    expect(fs.readdirSync(dataDir).filter((name) => name.includes('x.pdf'))).toEqual([]);
  });

  it('refuses to replace a sheet without --force, and stops no badge', async () => {
    const file = sheetPath('k.pdf');
    const before = fs.readFileSync(file);
    const run = cli('badges', 'print', '--class', kClassId, '--out', file);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/k\.pdf already exists; nothing was printed\. Add --force/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(await scan(printed.get('demo.student.k')!)).toBe('demo.student.k');
  });

  it('replaces it with --force: the new sheet works, the old one no longer', async () => {
    const file = sheetPath('k.pdf');
    const run = cli('badges', 'print', '--class', kClassId, '--out', file, '--force');
    expect(run.status).toBe(0);
    const someone = [...printed.keys()].find((username) => username !== 'demo.student.k')!;
    expect(await scan(printed.get(someone)!)).toBe(401);
    expect(await scan(printed.get('demo.student.k')!)).toBe(401);
    const texts = allTexts(file);
    const owners = await Promise.all(texts.map(scan));
    expect(owners.every((owner) => typeof owner === 'string')).toBe(true);
    for (const [index, owner] of owners.entries()) printed.set(owner as string, texts[index]!);
    expect(fs.readdirSync(dataDir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});

describe('badges void', () => {
  it('voids one student: their badge is refused at once, the others still work', async () => {
    const run = cli('badges', 'void', '--user', 'demo.student.k');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Voided 1 badge of .*\(demo\.student\.k\)/);
    expect(await scan(printed.get('demo.student.k')!)).toBe(401);
    const other = [...printed.keys()].find((username) => username !== 'demo.student.k')!;
    expect(await scan(printed.get(other)!)).toBe(other);
    expect(cli('badges', 'void', '--user', 'demo.student.k').stdout).toMatch(/no working badge, nothing changed/);
  });

  it('voids a class', async () => {
    const run = cli('badges', 'void', '--class', kClassId);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Voided \d+ badges of .*Kindergarten/);
    for (const text of [...printed.values()].slice(0, 3)) expect(await scan(text)).toBe(401);
  });

  it('voids every badge only with --yes', async () => {
    const file = sheetPath('g4.pdf');
    expect(cli('badges', 'print', '--user', 'demo.student.g4', '--out', file).status).toBe(0);
    const [text] = allTexts(file);
    const asked = cli('badges', 'void-all');
    expect(asked.status).toBe(2);
    expect(asked.stderr).toMatch(/Nothing was changed\. Run it again with --yes/);
    expect(await scan(text!)).toBe('demo.student.g4');
    const run = cli('badges', 'void-all', '--yes');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Voided \d+ badges?/);
    expect(await scan(text!)).toBe(401);
  });

  it('needs a person or a class', () => {
    const run = cli('badges', 'void');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/badges void needs one of --user USERNAME, --class ID/);
  });

  it.each(['', 'frobnicate', 'constructor'])('refuses an unknown action "%s" (exit 2)', (action) => {
    const run = cli('badges', ...(action ? [action] : []));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/badges needs print, void, void-all or status/);
  });
});

describe('badges status, where the district asks young children for their two pictures', () => {
  it("shows each badge's two pictures, for the teacher to teach the child", () => {
    const pictures = { ...env, GATEHOUSE_BADGE_PICTURE_GRADES: 'PK-K' };
    const file = sheetPath('pictures.pdf');
    expect(runCli(['badges', 'print', '--user', 'demo.student.k', '--out', file], pictures).status).toBe(0);
    const run = runCli(['badges', 'status', '--class', kClassId], pictures);
    expect(run.stdout).toMatch(/LAST USED\s+PICTURES/);
    expect(run.stdout).toMatch(/demo\.student\.k\s.*\s[a-z]+ \+ [a-z]+$/m);
    const json = JSON.parse(runCli(['badges', 'status', '--class', kClassId, '--json'], pictures).stdout) as {
      students: { username: string; pictures: string | null }[];
    };
    expect(json.students.find((student) => student.username === 'demo.student.k')!.pictures).toMatch(/^\w+ \+ \w+$/);
  });
});
