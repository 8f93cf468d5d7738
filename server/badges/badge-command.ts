import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import { normaliseUsername } from '../auth/password-sign-in';
import { createSessionStore } from '../auth/sessions';
import { createSignInThrottle } from '../auth/sign-in-throttle';
import type { TerminalOutput } from '../cli/terminal-output';
import type { Config } from '../config';
import { createDirectory, displayName, localDate, type Directory, type Person } from '../directory/directory';
import { AppError } from '../errors';
import type { Storage } from '../storage/storage';
import { BADGE_LAYOUTS, type BadgeLayout, type BadgeState } from '../../shared/badges';
import type { Locale } from '../../shared/i18n';
import { gradeLabel } from '../../shared/roles';
import { createBadgeService, type BadgeService } from './badge-service';
import { createBadgeStore } from './badge-store';
import { printBadgeSheet, type PrintTarget } from './print-badges';

// `badges print|void|void-all|status`: district IT prints and voids badges from the command line.

export interface BadgeCommandDeps {
  badges: BadgeService;
  directory: Directory;
  audit: AuditLog;
  now: () => number;
}

export interface BadgeCommandIo {
  out: TerminalOutput;
  err: TerminalOutput;
  /** A mistake in the command line: prints the problem and the usage; returns the exit code (2). */
  fail(problem: string): number;
  /** The sheet's language when --language is not given. */
  language: Locale;
}

/** What the badge commands need, on the portal's database. */
export function badgeCommandDeps(storage: Storage, config: Config, now: () => number = Date.now): BadgeCommandDeps {
  const directory = createDirectory(storage, now);
  const audit = createAuditLog(storage, now);
  // The command line signs nobody in: the throttle's secret and the picture step's key are never used here.
  const noSignIns = () => {
    throw new Error('The command line signs nobody in.');
  };
  const badges = createBadgeService({
    storage,
    store: createBadgeStore(storage),
    directory,
    sessions: createSessionStore(storage, now, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs }),
    throttle: createSignInThrottle(storage, now, { failuresPerWindow: 0, windowMs: 0 }, noSignIns),
    audit,
    policy: config.badges,
    pictureKey: randomBytes(32),
    now,
  });
  return { badges, directory, audit, now };
}

const REFUSED = 2;

/** A refusal about the data (an unknown class, a file in the way): the problem alone, without the usage. */
class Refusal extends Error {}

export async function badgeCommand(deps: BadgeCommandDeps, args: readonly string[], io: BadgeCommandIo) {
  const [action, ...rest] = args;
  const run = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!run) return io.fail('badges needs print, void, void-all or status.');
  try {
    const parsed = parseFlags(rest, FLAGS_OF[action!]!);
    if (typeof parsed === 'string') return io.fail(`badges ${action}: ${parsed}`);
    return await run(deps, parsed, io);
  } catch (error) {
    if (error instanceof Refusal || isRefusedRequest(error)) {
      io.err.line((error as Error).message);
      return REFUSED;
    }
    throw error;
  }
}

/** The print function's answers about the request (404, 422, 400), as opposed to a failure of the portal. */
const isRefusedRequest = (error: unknown): error is AppError =>
  error instanceof AppError && error.status >= 400 && error.status < 500;

type Flags = Map<string, string | true>;
type Action = (deps: BadgeCommandDeps, flags: Flags, io: BadgeCommandIo) => Promise<number>;

const VALUE_FLAGS = new Set([
  '--class',
  '--campus',
  '--user',
  '--teacher',
  '--out',
  '--layout',
  '--expires',
  '--language',
]);

const FLAGS_OF: Record<string, readonly string[]> = {
  print: [
    '--class',
    '--campus',
    '--user',
    '--out',
    '--layout',
    '--only-missing',
    '--expires',
    '--language',
    '--force',
    '--json',
  ],
  void: ['--user', '--class'],
  'void-all': ['--yes'],
  status: ['--class', '--campus', '--teacher', '--json'],
};

function parseFlags(args: readonly string[], allowed: readonly string[]): Flags | string {
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!allowed.includes(arg)) return arg.startsWith('--') ? `unknown option "${arg}".` : `unexpected "${arg}".`;
    if (flags.has(arg)) return `${arg} is given twice.`;
    if (!VALUE_FLAGS.has(arg)) {
      flags.set(arg, true);
      continue;
    }
    const value = args[++i];
    if (value === undefined || value.startsWith('--') || value.trim() === '') return `${arg} needs a value.`;
    flags.set(arg, value);
  }
  return flags;
}

const text = (flags: Flags, name: string) => {
  const value = flags.get(name);
  return typeof value === 'string' ? value : undefined;
};

const ACTIONS: Record<string, Action> = { print, void: voidCommand, 'void-all': voidAll, status };

// --- print ---

interface PrintRequest {
  out: string;
  target: NamedTarget;
  layout: BadgeLayout;
  language: Locale;
  expiresOn: string | null;
}

/** What `badges print` was asked, or the mistake in the command line. */
function readPrintRequest(flags: Flags, defaultLanguage: Locale, today: string): PrintRequest | string {
  const out = text(flags, '--out');
  if (!out) return 'badges print needs --out FILE.pdf: where to write the sheet.';
  const layout = text(flags, '--layout') ?? 'labels';
  if (!isLayout(layout)) return `--layout is labels or cards, not "${layout}".`;
  const language = text(flags, '--language') ?? defaultLanguage;
  if (language !== 'en' && language !== 'es') return `--language is en or es, not "${language}".`;
  const expiresOn = text(flags, '--expires') ?? null;
  if (expiresOn !== null && !isCalendarDay(expiresOn))
    return `--expires must be a date written YYYY-MM-DD, not "${expiresOn}".`;
  if (expiresOn !== null && expiresOn < today)
    return `--expires ${expiresOn} has already passed: badges would not work even once.`;
  const target = targetFrom(flags, ['--class', '--campus', '--user']);
  if (typeof target === 'string') return `badges print needs ${target}.`;
  return { out, target, layout, language, expiresOn };
}

async function print(deps: BadgeCommandDeps, flags: Flags, io: BadgeCommandIo) {
  const request = readPrintRequest(flags, io.language, localDate(deps.now()));
  if (typeof request === 'string') return io.fail(request);
  const target = await resolveTarget(deps, request.target);
  // The sheet is the only copy of the new badges, and printing stops the old ones: the file must be writable
  // before anything changes, and a failure leaves no half-written sheet behind.
  const sheet = reserveSheetFile(request.out, flags.has('--force'));
  let printed: Awaited<ReturnType<typeof printBadgeSheet>>;
  try {
    printed = await printBadgeSheet(deps, target, {
      layout: request.layout,
      onlyMissing: flags.has('--only-missing'),
      expiresOn: request.expiresOn,
      actorId: null,
      language: request.language,
      // On disk before any old badge stops: a full disk changes nothing.
      deliver: (pdf) => {
        fs.writeFileSync(sheet.fd, pdf);
        fs.fsyncSync(sheet.fd);
      },
    });
  } catch (error) {
    sheet.discard();
    throw error;
  }
  sheet.commit();
  report(io, flags, printed, request.out);
  return 0;
}

function report(io: BadgeCommandIo, flags: Flags, printed: { printed: number; title: string }, out: string) {
  if (flags.has('--json')) {
    io.out.block(JSON.stringify({ printed: printed.printed, title: printed.title, file: out }, null, 2));
    return;
  }
  const badges = printed.printed === 1 ? '1 badge' : `${printed.printed} badges`;
  const note = flags.has('--only-missing')
    ? 'only students without a working badge'
    : printed.printed === 1
      ? 'the old badge stopped working'
      : 'their old badges stopped working';
  io.out.line(`Printed ${badges} for ${printed.title} to ${out} (${note}).`);
  const whom = printed.printed === 1 ? 'this student' : 'these students';
  io.out.line(`Anyone holding the file can sign in as ${whom}: print it, then delete it.`);
}

const isLayout = (value: string): value is BadgeLayout => (BADGE_LAYOUTS as readonly string[]).includes(value);

function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return day.toISOString().slice(0, 10) === value;
}

/**
 * The sheet's file, readable by its owner only (it holds working badges). Without --force it is created at once
 * under its name, so nothing can appear there meanwhile; with --force it is written beside and renamed over the
 * old one when whole. On failure nothing is left behind.
 */
function reserveSheetFile(out: string, replace: boolean) {
  const file = replace
    ? path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(4).toString('hex')}.partial`)
    : out;
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Refusal(`${out} already exists; nothing was printed. Add --force to replace it.`);
    throw new Refusal(`${out} cannot be written (${code ?? String(error)}); nothing was printed.`);
  }
  let open = true;
  const close = () => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return {
    fd,
    commit() {
      close();
      if (replace) fs.renameSync(file, out);
    },
    discard() {
      close();
      fs.rmSync(file, { force: true });
    },
  };
}

// --- targets ---

type TargetFlag = '--class' | '--campus' | '--user' | '--teacher';
type NamedTarget = { flag: TargetFlag; value: string };

function targetFrom(flags: Flags, allowed: readonly TargetFlag[]): NamedTarget | string {
  const given = allowed.filter((flag) => flags.has(flag));
  const choices = allowed.map((flag) => `${flag} ${flag === '--user' || flag === '--teacher' ? 'USERNAME' : 'ID'}`);
  if (given.length !== 1) return `one of ${choices.join(', ')}`;
  return { flag: given[0]!, value: text(flags, given[0]!)! };
}

/** The class, campus or eligible student a command is about; refuses unknown ones by name. */
async function resolveTarget({ directory, badges }: BadgeCommandDeps, target: NamedTarget): Promise<PrintTarget> {
  if (target.flag === '--class') {
    const found = await directory.findClass(target.value);
    if (!found) throw new Refusal(`No active class has the id "${target.value}".`);
    return { classId: found.id };
  }
  if (target.flag === '--campus') {
    const found = await directory.findCampus(target.value);
    if (!found) throw new Refusal(`No active campus has the id "${target.value}". "badges status" lists them.`);
    return { campusId: found.id };
  }
  const person = await findPerson(directory, target.value);
  if (!badges.isEligible(person))
    throw new Refusal(`${displayName(person)} (${person.username}) cannot have a badge: ${whyNot(person)}.`);
  return { userId: person.id };
}

async function findPerson(directory: Directory, username: string): Promise<Person> {
  const person = await directory.findByUsername(normaliseUsername(username));
  if (!person) throw new Refusal(`No person has the username "${username}".`);
  return person;
}

function whyNot(person: Person): string {
  if (person.status !== 'active') return 'the account is turned off';
  if (person.role !== 'student') return 'badges are for students only';
  const grade = person.grade === null ? 'no grade' : `grade ${gradeLabel(person.grade)}`;
  return `${grade}, outside the district's badge policy (GATEHOUSE_BADGE_GRADES, GATEHOUSE_BADGE_FLAGS)`;
}

// --- void ---

async function voidCommand(deps: BadgeCommandDeps, flags: Flags, io: BadgeCommandIo) {
  const named = targetFrom(flags, ['--user', '--class']);
  if (typeof named === 'string') return io.fail(`badges void needs ${named}.`);
  const { badges, directory, audit } = deps;
  let userIds: string[];
  let whose: string;
  if (named.flag === '--user') {
    const person = await findPerson(directory, named.value);
    userIds = [person.id];
    whose = `${displayName(person)} (${person.username})`;
  } else {
    const found = await directory.findClass(named.value);
    if (!found) throw new Refusal(`No active class has the id "${named.value}".`);
    userIds = (await directory.studentsInClass(found.id)).map((student) => student.id);
    whose = `${found.title} · ${found.campusName}`;
  }
  const target = named.flag === '--user' ? { userId: userIds[0]! } : { classId: named.value };
  const voided = await badges.voidFor(userIds, named.flag === '--user' ? 'voided' : 'class', null, (count, tx) =>
    audit.record(
      {
        action: 'badge.voided',
        outcome: 'success',
        subjectUserId: 'userId' in target ? target.userId : undefined,
        detail: { ...target, voided: count, via: 'cli' },
      },
      tx,
    ),
  );
  io.out.line(
    voided === 0
      ? `${whose}: no working badge, nothing changed.`
      : `Voided ${plural(voided, 'badge')} of ${whose}; the sessions they opened have ended.`,
  );
  return 0;
}

async function voidAll({ badges, audit }: BadgeCommandDeps, flags: Flags, io: BadgeCommandIo) {
  if (!flags.has('--yes')) {
    io.err.line('badges void-all voids every badge in the district and ends every session opened with one.');
    io.err.line('Nothing was changed. Run it again with --yes to do it (at the end of the school year).');
    return REFUSED;
  }
  const voided = await badges.voidAll(null, (count, tx) =>
    audit.record({ action: 'badge.voided_all', outcome: 'success', detail: { voided: count, via: 'cli' } }, tx),
  );
  io.out.line(`Voided ${plural(voided, 'badge')}: no badge opens the portal until new ones are printed.`);
  return 0;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

// --- status ---

interface StatusRow {
  username: string;
  name: string;
  grade: string;
  eligible: boolean;
  badge: string;
  lastUsed: string;
  /** The two pictures the child picks after the scan, where the district asks for them: the teacher teaches them. */
  pictures: string | null;
}

async function status(deps: BadgeCommandDeps, flags: Flags, io: BadgeCommandIo) {
  const given = (['--class', '--campus', '--teacher'] as const).filter((flag) => flags.has(flag));
  if (given.length > 1) return io.fail('badges status takes one of --class ID, --campus ID, --teacher USERNAME.');
  const [flag] = given;
  if (flag === undefined) return listCampuses(deps, flags, io);
  if (flag === '--teacher') return listClasses(deps, text(flags, flag)!, flags, io);
  return listStudents(deps, { flag, value: text(flags, flag)! }, flags, io);
}

async function listCampuses({ directory }: BadgeCommandDeps, flags: Flags, io: BadgeCommandIo) {
  const campuses = await directory.campuses();
  if (flags.has('--json')) {
    io.out.block(JSON.stringify({ campuses }, null, 2));
    return 0;
  }
  printLines(
    io,
    table(
      ['CAMPUS ID', 'NAME'],
      campuses.map((campus) => [campus.id, campus.name]),
    ),
  );
  io.out.line();
  io.out.line('"badges status --campus ID" lists its students; "--teacher USERNAME" lists a teacher\'s classes.');
  return 0;
}

async function listClasses(deps: BadgeCommandDeps, username: string, flags: Flags, io: BadgeCommandIo) {
  const teacher = await findPerson(deps.directory, username);
  const classes = await deps.directory.classesTaughtBy(teacher.id);
  const rows = await Promise.all(
    classes.map(async (taught) => {
      const students = await deps.directory.studentsInClass(taught.id);
      const eligible = students.filter(deps.badges.isEligible);
      const states = await deps.badges.statesFor(eligible);
      const working = [...states.values()].filter((state) => state.status === 'active').length;
      return { ...taught, students: students.length, eligible: eligible.length, withBadge: working };
    }),
  );
  if (flags.has('--json')) {
    io.out.block(JSON.stringify({ teacher: teacher.username, classes: rows }, null, 2));
    return 0;
  }
  io.out.line(`Current classes of ${displayName(teacher)} (${teacher.username}):`);
  printLines(
    io,
    table(
      ['CLASS ID', 'CLASS', 'CAMPUS', 'TERM ENDS', 'STUDENTS', 'ELIGIBLE', 'WITH A BADGE'],
      rows.map((row) => [
        row.id,
        row.title,
        row.campusName,
        row.termEndsOn ?? '-',
        String(row.students),
        String(row.eligible),
        String(row.withBadge),
      ]),
    ),
  );
  return 0;
}

async function listStudents(
  { directory, badges }: BadgeCommandDeps,
  target: { flag: '--class' | '--campus'; value: string },
  flags: Flags,
  io: BadgeCommandIo,
) {
  const group =
    target.flag === '--class' ? await directory.findClass(target.value) : await directory.findCampus(target.value);
  if (!group) throw new Refusal(`No active ${target.flag.slice(2)} has the id "${target.value}".`);
  const title = 'title' in group ? `${group.title} · ${group.campusName}` : group.name;
  const students =
    target.flag === '--class' ? await directory.studentsInClass(group.id) : await directory.studentsOnCampus(group.id);
  const states = await badges.statesFor(students);
  const rows = students.map((student): StatusRow => {
    const state = states.get(student.id);
    return {
      username: student.username,
      name: displayName(student),
      grade: student.grade === null ? '-' : gradeLabel(student.grade),
      eligible: badges.isEligible(student),
      badge: badgeWords(state),
      lastUsed: state?.lastUsedAt ? localMinute(state.lastUsedAt) : '-',
      pictures: state?.secretPictures ? state.secretPictures.join(' + ') : null,
    };
  });
  if (flags.has('--json')) {
    io.out.block(JSON.stringify({ title, students: rows }, null, 2));
    return 0;
  }
  const eligible = rows.filter((row) => row.eligible).length;
  const working = rows.filter((row) => row.badge.startsWith('active')).length;
  io.out.line(`${title}: ${plural(rows.length, 'student')}, ${eligible} eligible, ${working} with a working badge`);
  const withPictures = rows.some((row) => row.pictures !== null);
  const cells = (row: StatusRow) => [
    row.username,
    row.name,
    row.grade,
    row.eligible ? 'yes' : 'no',
    row.badge,
    row.lastUsed,
  ];
  printLines(
    io,
    withPictures
      ? table(
          [...STATUS_COLUMNS, 'PICTURES'],
          rows.map((row) => [...cells(row), row.pictures ?? '-']),
        )
      : table(STATUS_COLUMNS, rows.map(cells)),
  );
  return 0;
}

const STATUS_COLUMNS = ['USERNAME', 'NAME', 'GRADE', 'ELIGIBLE', 'BADGE', 'LAST USED'];

/** `none`, `active`, `active until 2027-06-12` (the last day it works), `expired`. */
function badgeWords(state: BadgeState | undefined): string {
  if (!state || state.status === 'none') return 'none';
  if (state.status === 'expired') return 'expired';
  return state.expiresAt === null ? 'active' : `active until ${localDate(state.expiresAt - 1)}`;
}

function localMinute(at: number): string {
  const time = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDate(at)} ${pad(time.getHours())}:${pad(time.getMinutes())}`;
}

/** Aligned lines, each printed on its own, so a name holding a line break cannot start a line of its own. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

const printLines = (io: BadgeCommandIo, lines: string[]) => lines.forEach((line) => io.out.line(line));
