// Threat: a badge is a bearer token held up to a webcam. Only a working badge of a child the district still gives
// one to signs in, and every other badge (voided, replaced, expired, of a child who moved up or left, of staff,
// made up) gets the very same answer; guessing is hopeless and throttled without locking a classroom out; a badge
// session is an ordinary session with fewer rights; no badge secret lands in the audit or a log.
// SECURITY.md "QR badges". SQLite in the main project, PostgreSQL in the postgres project.
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import { generateLakeside } from '../../server/demo/lakeside';
import { lakesideRoster } from '../../server/demo/lakeside-roster';
import { hashBadgeSecret, makeBadgeCode } from '../../server/badges/badge-code';
import { createBadgeStore } from '../../server/badges/badge-store';
import type { AuditRow } from '../../server/audit/audit-log';
import type { NetworkLimit } from '../../server/auth/sign-in-throttle';
import { countRows } from '../../server/storage/table-rows';
import { portalTable } from '../../server/storage/tables';
import { createTestPortal, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';
import { pairExtension } from '../helpers/extension-client';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;

const MINUTE = 60_000;
const READING = fixtureAppId('reading-garden');
/** Past anything a school's NAT address could send: these tests measure the badge check, not the address cap. */
const NO_ADDRESS_CAP: NetworkLimit = { failuresPerWindow: 1_000_000, windowMs: 15 * MINUTE };

// Every line the portal writes while these tests run, to look for badge secrets in.
const logged: string[] = [];
const secretsSeen: string[] = [];
beforeAll(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      original(...args);
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return original(chunk, ...rest);
    });
  }
});
afterAll(() => vi.restoreAllMocks());

// Each test's portal is closed after it: a PostgreSQL pool per test would otherwise stay open to the end.
const opened: Portal[] = [];
afterEach(async () => {
  for (const portal of opened.splice(0)) {
    portal.changes.close();
    await portal.storage.close();
  }
});

/** A portal on a clock the test moves; `'default'` keeps the portal's own per-address limit. */
async function portalWithClock({ networkLimit = NO_ADDRESS_CAP as NetworkLimit | 'default' } = {}) {
  const clock = manualClock();
  const portal = await createTestPortal({
    now: clock.now,
    ...(networkLimit === 'default' ? {} : { networkLimit }),
  });
  opened.push(portal);
  return { portal, clock };
}

/** Prints a badge for this person as a teacher's sheet would, and returns the text its QR holds. */
async function printBadge(portal: Portal, username: string, expiresAt: number | null = null): Promise<string> {
  const person = (await portal.directory.findByUsername(username))!;
  const issued = await portal.badges.issue([{ ...person, classTitle: null, campusName: '' }], {
    actorId: null,
    expiresAt,
    onlyMissing: false,
  });
  expect(issued).toHaveLength(1);
  secretsSeen.push(issued[0]!.text, issued[0]!.text.split(':')[2]!);
  return issued[0]!.text;
}

/** A badge in the table for someone the printing never gives one to (staff, a grade 11 student). */
async function badgeBehindThePrintersBack(portal: Portal, username: string): Promise<string> {
  const person = (await portal.directory.findByUsername(username))!;
  const code = makeBadgeCode();
  const store = createBadgeStore(portal.storage);
  await portal.storage.transaction((tx) =>
    store.issue(
      {
        id: code.badgeId,
        userId: person.id,
        secretHash: hashBadgeSecret(code.secret),
        picture: 'sun',
        secretPictures: 'cat,dog',
        issuedAt: Date.now(),
        issuedBy: null,
        expiresAt: null,
      },
      tx,
    ),
  );
  secretsSeen.push(code.text, code.secret);
  return code.text;
}

const fromAddress = (address: string) => ({ incoming: { socket: { remoteAddress: address, remoteFamily: 'IPv4' } } });

/** `POST /api/auth/badge` as the sign-in page sends it, from one classroom's address unless told. */
function scan(portal: Portal, badge: unknown, address = '10.1.1.1') {
  return portal.app.request(
    '/api/auth/badge',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      body: JSON.stringify({ badge }),
    },
    fromAddress(address),
  );
}

/** The session cookie a successful scan set. */
async function signInWithBadge(portal: Portal, text: string, address?: string): Promise<string> {
  const response = await scan(portal, text, address);
  expect(response.status).toBe(200);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** What a refused scan looks like from outside: status, body and whether a cookie came. */
async function answerTo(portal: Portal, text: string) {
  const response = await scan(portal, text);
  return { status: response.status, body: await response.text(), cookie: response.headers.get('set-cookie') };
}

/** A made-up badge's answer: the one every other refused badge must give. */
async function madeUpAnswer(portal: Portal) {
  const answer = await answerTo(portal, makeBadgeCode().text);
  expect(answer).toMatchObject({ status: 401, cookie: null });
  expect(JSON.parse(answer.body).error.code).toBe('invalid_badge');
  return answer;
}

const pick = <T>(choices: readonly T[]): T => choices[randomInt(choices.length)]!;

const meStatus = async (portal: Portal, cookie: string) => (await portal.request.get('/api/auth/me', cookie)).status;

async function allAuditRows(portal: Portal): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for (let page = await portal.audit.list({ limit: 500 }); page.length;) {
    rows.push(...page);
    page = await portal.audit.list({ limit: 500, beforeId: page.at(-1)!.id });
  }
  return rows;
}

const badgeSessionCount = async (portal: Portal) => countRows(portal.storage, portalTable('sessions'));

describe('a printed badge', () => {
  it('signs its owner in: the same cookie, portal and tiles as a password, recorded as a badge sign-in', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    const byBadge = await signInWithBadge(portal, badge);
    expect(byBadge).toMatch(/^gatehouse_session=/);
    const me = await portal.request.get('/api/auth/me', byBadge);
    expect(me.status).toBe(200);
    expect((await me.json()).user).toMatchObject({ username: 'demo.student.k', role: 'student' });

    const byPassword = await signIn(portal, 'demo.student.k');
    for (const path of ['/api/apps/tiles', '/api/auth/me']) {
      const [badgeView, passwordView] = await Promise.all(
        [byBadge, byPassword].map(async (cookie) => (await portal.request.get(path, cookie)).json()),
      );
      expect(badgeView).toEqual(passwordView);
    }

    const signIns = (await allAuditRows(portal)).filter((row) => row.action === 'sign_in' && row.outcome === 'success');
    expect(signIns.find((row) => row.detail?.method === 'badge')).toMatchObject({
      actorUsername: 'demo.student.k',
      ip: '10.1.1.1',
    });
  });

  it('also signs in when the scanner adds spaces around it', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.g4');
    await signInWithBadge(portal, ` ${badge}\n`);
  });

  it('gives a session that cannot change what is stored', async () => {
    const { portal } = await portalWithClock();
    const cookie = await signInWithBadge(portal, await printBadge(portal, 'demo.student.k'));
    const response = await portal.request.send(
      'PUT',
      `/api/vault/apps/${READING}/own-entry`,
      { username: 'kid', password: 'kid-password-1' },
      cookie,
    );
    expect(response.status).toBe(403);
    const refusal = (await allAuditRows(portal)).find((row) => row.action === 'access.denied');
    expect(refusal).toMatchObject({ actorUsername: 'demo.student.k', detail: { reason: 'badge_session' } });
  });
});

describe('a badge that must not work gets the same answer as a made-up one', () => {
  it('voided by the teacher: refused, and the session made with it ends at once', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    const cookie = await signInWithBadge(portal, badge);
    const teacher = await signIn(portal, 'demo.teacher.k');
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    const voided = await portal.request.post('/api/badges/void', { userId: child.id }, teacher);
    expect(await voided.json()).toEqual({ voided: 1 });
    expect(await meStatus(portal, cookie)).toBe(401);
    expect(await answerTo(portal, badge)).toEqual(await madeUpAnswer(portal));
  });

  it("voided with the teacher's whole class, or at year end: badge sessions end, password sessions stay", async () => {
    const { portal } = await portalWithClock();
    const kinder = await printBadge(portal, 'demo.student.k');
    const kinderCookie = await signInWithBadge(portal, kinder);
    const kinderPassword = await signIn(portal, 'demo.student.k');
    const teacher = await signIn(portal, 'demo.teacher.k');
    const teacherId = (await portal.directory.findByUsername('demo.teacher.k'))!.id;
    const [homeroom] = await portal.directory.classesTaughtBy(teacherId);
    const classVoid = await portal.request.post('/api/badges/void', { classId: homeroom!.id }, teacher);
    expect((await classVoid.json()).voided).toBeGreaterThanOrEqual(1);
    expect(await meStatus(portal, kinderCookie)).toBe(401);
    expect(await meStatus(portal, kinderPassword)).toBe(200);
    expect(await answerTo(portal, kinder)).toEqual(await madeUpAnswer(portal));

    const fourth = await printBadge(portal, 'demo.student.g4');
    const fourthCookie = await signInWithBadge(portal, fourth);
    const it = await signIn(portal, 'demo.it');
    const yearEnd = await portal.request.post('/api/badges/void-all', { confirm: 'VOID ALL BADGES' }, it);
    expect(await yearEnd.json()).toEqual({ voided: 1 });
    expect(await meStatus(portal, fourthCookie)).toBe(401);
    expect(await meStatus(portal, it)).toBe(200);
    expect(await answerTo(portal, fourth)).toEqual(await madeUpAnswer(portal));
  });

  it('voided while its scan is being answered: the session it was making does not outlive the void', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    const teacher = await signIn(portal, 'demo.teacher.k');
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    // Hold the scan after its badge was checked and before its session is made, as a busy database would.
    const findById = portal.directory.findById.bind(portal.directory);
    let reached!: () => void;
    let release!: () => void;
    const atCheck = new Promise<void>((resolve) => (reached = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    let scanHeld = false;
    portal.directory.findById = async (id) => {
      // Only the scan's own look-up waits (the void's rights check reads the child too).
      if (id === child.id && !scanHeld) {
        scanHeld = true;
        reached();
        await held;
      }
      return findById(id);
    };
    const scanning = scan(portal, badge);
    await atCheck;
    expect(await (await portal.request.post('/api/badges/void', { userId: child.id }, teacher)).json()).toEqual({
      voided: 1,
    });
    release();
    const answer = await scanning;
    expect(answer.status).toBe(401);
    expect(answer.headers.get('set-cookie')).toBeNull();
  });

  it('voided while its session is being made: the void waits for it, then ends it', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    const teacher = await signIn(portal, 'demo.teacher.k');
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    // Used a moment ago (on another Chromebook): this scan writes no "last used", so only the hold makes a void wait.
    expect((await scan(portal, badge)).status).toBe(200);
    // Hold the scan inside its unit of work, after the badge was held live and before the session is written.
    const create = portal.sessions.create.bind(portal.sessions);
    let reached!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (reached = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    portal.sessions.create = async (...args) => {
      if (args[1] === 'badge') {
        reached();
        await held;
      }
      return create(...args);
    };
    const scanning = scan(portal, badge);
    await inside;
    const voiding = portal.request.post('/api/badges/void', { userId: child.id }, teacher);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the void reaches the badge and waits
    release();
    const [answer, voided] = await Promise.all([scanning, voiding]);
    expect(await voided.json()).toEqual({ voided: 1 });
    const cookie = answer.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toBeDefined();
    expect(await meStatus(portal, cookie!)).toBe(401);
  });

  it('scanned on several Chromebooks at the same moment: each gets its own session', async () => {
    const { portal, clock } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    for (let round = 0; round < 5; round++) {
      clock.advance(2 * MINUTE); // "last used" is old again, so every scan would write it
      const answers = await Promise.all(Array.from({ length: 4 }, () => scan(portal, badge)));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    }
  });

  it('replaced by a new print: the old one is refused and its session ends, the new one works', async () => {
    const { portal } = await portalWithClock();
    const old = await printBadge(portal, 'demo.student.k');
    const oldCookie = await signInWithBadge(portal, old);
    const teacher = await signIn(portal, 'demo.teacher.k');
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    const reprint = await portal.request.post('/api/badges/print', { userId: child.id, layout: 'cards' }, teacher);
    expect(reprint.status).toBe(200);
    expect(reprint.headers.get('content-type')).toBe('application/pdf');
    expect(await meStatus(portal, oldCookie)).toBe(401);
    expect(await answerTo(portal, old)).toEqual(await madeUpAnswer(portal));

    const newer = await printBadge(portal, 'demo.student.k');
    await signInWithBadge(portal, newer);
    expect(await answerTo(portal, old)).toEqual(await madeUpAnswer(portal));
  });

  it('past its expiry: refused, and the session made with it ends then too', async () => {
    const { portal, clock } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k', clock.now() + 30 * MINUTE);
    const cookie = await signInWithBadge(portal, badge);
    clock.advance(29 * MINUTE);
    expect(await meStatus(portal, cookie)).toBe(200);
    await signInWithBadge(portal, badge);
    clock.advance(2 * MINUTE);
    // Sessions last an hour idle: this one ends because its badge did.
    expect(await meStatus(portal, cookie)).toBe(401);
    expect(await answerTo(portal, badge)).toEqual(await madeUpAnswer(portal));
  });

  it('of a child the roster moved to grade 6, or whose special-education flag it removed', async () => {
    const { portal, clock } = await portalWithClock();
    const fourth = await printBadge(portal, 'demo.student.g4');
    const eighth = await printBadge(portal, 'demo.student.g8');
    const sessions = [await signInWithBadge(portal, fourth), await signInWithBadge(portal, eighth)];
    const extension = await pairExtension(portal, sessions[0]!, { publicUrl: PUBLIC_URL, now: clock.now });
    expect((await extension.call('GET', '/api/extension/me')).status).toBe(200);

    const district = generateLakeside();
    for (const user of district.users) {
      if (user.username === 'demo.student.g4') user.grade = 6;
      if (user.username === 'demo.student.g8') user.sisFlags = [];
    }
    const report = await portal.roster.importFiles(lakesideRoster(clock.now(), district), {
      source: 'cli',
      actorId: null,
    });
    expect(report.outcome).toBe('applied');
    expect(await portal.directory.findByUsername('demo.student.g4')).toMatchObject({ grade: 6 });
    expect(await portal.directory.findByUsername('demo.student.g8')).toMatchObject({ sisFlags: [] });

    for (const cookie of sessions) expect(await meStatus(portal, cookie)).toBe(401);
    // The extension paired on the badge session stops with it: no sign-in is released to a sixth grader's badge.
    expect((await extension.call('GET', '/api/extension/me')).status).toBe(401);
    const madeUp = await madeUpAnswer(portal);
    expect(await answerTo(portal, fourth)).toEqual(madeUp);
    expect(await answerTo(portal, eighth)).toEqual(madeUp);
    // Their passwords still work: only the badge went.
    await signIn(portal, 'demo.student.g4');
  });

  it('of a child whose account was turned off', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    const cookie = await signInWithBadge(portal, badge);
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    // Only the account: even a badge nobody voided stops working with it.
    expect(await portal.directory.deactivate(child.id)).toBe(true);
    expect(await meStatus(portal, cookie)).toBe(401);
    expect(await answerTo(portal, badge)).toEqual(await madeUpAnswer(portal));
  });

  it('of staff, or of a student the district gives none, though it is in the table', async () => {
    const { portal } = await portalWithClock();
    const madeUp = await madeUpAnswer(portal);
    for (const username of ['demo.teacher', 'demo.principal', 'demo.it', 'demo.student.g11']) {
      expect(await answerTo(portal, await badgeBehindThePrintersBack(portal, username))).toEqual(madeUp);
    }
  });

  it('with the right id and a wrong secret, or in lower case', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    const [, id] = badge.split(':');
    const madeUp = await madeUpAnswer(portal);
    expect(await answerTo(portal, `G1:${id}:${makeBadgeCode().secret}`)).toEqual(madeUp);
    expect(await answerTo(portal, badge.toLowerCase())).toEqual(madeUp);
    expect(await answerTo(portal, badge.replace(/^G1/, 'G2'))).toEqual(madeUp);
    await signInWithBadge(portal, badge);
  });
});

describe('guessing', () => {
  it('10,000 random payloads sign no one in and make no session', { timeout: 600_000 }, async () => {
    const { portal } = await portalWithClock();
    const real = await printBadge(portal, 'demo.student.k');
    const other = await printBadge(portal, 'demo.student.g4');
    const otherId = other.split(':')[1]!;
    const sessionsBefore = await badgeSessionCount(portal);
    const hex = (bytes: number) => randomBytes(bytes).toString('hex').toUpperCase();
    // Most are well-formed, so the badge check itself answers them; the rest are whatever a scanner could send.
    const payloads = {
      madeUp: () => `G1:${hex(8)}:${hex(20)}`,
      guessedSecret: () => `G1:${otherId}:${hex(20)}`,
      junk: () =>
        pick([
          `G1:${hex(8)}:${hex(19)}`,
          `G1:${hex(8)}:${hex(20)}`.toLowerCase(),
          randomBytes(1 + randomInt(60)).toString('latin1'),
          randomBytes(30).toString('base64'),
          `G1:${hex(8)}`,
          '',
          `G1:${hex(8)}:${hex(20)}' OR '1'='1`,
        ]),
    };
    const kinds = [
      'madeUp',
      'madeUp',
      'madeUp',
      'madeUp',
      'madeUp',
      'madeUp',
      'madeUp',
      'guessedSecret',
      'junk',
      'junk',
    ];
    const answers = {
      madeUp: new Map<number, number>(),
      guessedSecret: new Map<number, number>(),
      junk: new Map<number, number>(),
    };
    let cookies = 0;
    const BATCH = 20;
    for (let sent = 0; sent < 10_000; sent += BATCH) {
      const batch = Array.from({ length: BATCH }, () => pick(kinds) as keyof typeof payloads);
      const responses = await Promise.all(batch.map((kind) => scan(portal, payloads[kind]())));
      responses.forEach((response, i) => {
        const tally = answers[batch[i]!];
        tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
        if (response.headers.get('set-cookie')) cookies++;
      });
      await Promise.all(responses.map((response) => response.body?.cancel()));
    }
    expect(cookies).toBe(0);
    // Every well-formed made-up badge was checked and refused (none turned away by a throttle instead).
    expect([...answers.madeUp.keys()]).toEqual([401]);
    expect(answers.madeUp.get(401)).toBeGreaterThan(6_000);
    expect([...answers.guessedSecret.keys()]).toEqual([401]);
    expect([...answers.junk.keys()].every((status) => [400, 401].includes(status))).toBe(true);
    expect(await badgeSessionCount(portal)).toBe(sessionsBefore);
    const successes = (await allAuditRows(portal)).filter(
      (row) => row.action === 'sign_in' && row.outcome === 'success',
    );
    expect(successes).toEqual([]);
    // Both children sign in as before, the one whose badge was guessed at too.
    await signInWithBadge(portal, real);
    await signInWithBadge(portal, other);
  });

  it('the default per-address cap turns a guessing address away, never a right badge', async () => {
    const { portal } = await portalWithClock({ networkLimit: 'default' });
    const badge = await printBadge(portal, 'demo.student.k');
    let answer: Response | undefined;
    let refused = 0;
    for (; refused < 1_100; refused++) {
      answer = await scan(portal, makeBadgeCode().text, '203.0.113.9');
      if (answer.status !== 401) break;
    }
    expect(refused).toBe(1_000);
    expect(answer!.status).toBe(429);
    expect((await answer!.json()).error.code).toBe('sign_in_throttled');
    expect(Number(answer!.headers.get('retry-after'))).toBeGreaterThan(0);
    // The classroom behind that same school address still signs in; another address still gets answers.
    await signInWithBadge(portal, badge, '203.0.113.9');
    await signInWithBadge(portal, badge, '10.2.2.2');
    expect((await scan(portal, makeBadgeCode().text, '10.2.2.2')).status).toBe(401);
  });

  it('a burst of parallel guesses at one badge: the address limit holds, the right badge still works', async () => {
    const { portal } = await portalWithClock({ networkLimit: { failuresPerWindow: 10, windowMs: 15 * MINUTE } });
    const badge = await printBadge(portal, 'demo.student.k');
    const id = badge.split(':')[1]!;
    const guesses = Array.from({ length: 30 }, () => `G1:${id}:${makeBadgeCode().secret}`);
    const texts = [...guesses.slice(0, 15), badge, ...guesses.slice(15)];
    const responses = await Promise.all(texts.map((text) => scan(portal, text)));
    const codes = await Promise.all(responses.map(async (response) => (await response.json()).error?.code ?? 'ok'));
    expect(codes[15]).toBe('ok');
    expect(codes.filter((code) => code === 'invalid_badge')).toHaveLength(10);
    expect(codes.filter((code) => code === 'sign_in_throttled')).toHaveLength(20);
    expect((await scan(portal, badge)).status).toBe(200);
    expect((await scan(portal, guesses[0]!)).status).toBe(429);
  });
});

describe('what is kept', () => {
  it('no audit row holds a badge text or secret, whatever was scanned', async () => {
    const { portal } = await portalWithClock();
    const badge = await printBadge(portal, 'demo.student.k');
    await signInWithBadge(portal, badge);
    const wrong = `G1:${badge.split(':')[1]}:${makeBadgeCode().secret}`;
    const madeUp = makeBadgeCode().text;
    secretsSeen.push(wrong.split(':')[2]!, madeUp.split(':')[2]!);
    await scan(portal, wrong);
    await scan(portal, madeUp);
    const teacher = await signIn(portal, 'demo.teacher.k');
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    await portal.request.post('/api/badges/void', { userId: child.id }, teacher);
    await scan(portal, badge);

    const rows = await allAuditRows(portal);
    expect(rows.filter((row) => row.detail?.method === 'badge').length).toBeGreaterThanOrEqual(4);
    const stored = JSON.stringify(rows);
    for (const secret of [badge, badge.split(':')[2]!, wrong.split(':')[2]!, madeUp.split(':')[2]!])
      expect(stored).not.toContain(secret);
  });
});

describe('what is logged', () => {
  // Last in the file: every test above has run, and pushed each badge text and secret it used.
  it('no log line of this whole file holds a badge text or secret', () => {
    expect(secretsSeen.length).toBeGreaterThan(20);
    const everything = logged.join('\n');
    for (const secret of secretsSeen) expect(everything).not.toContain(secret);
  });
});
