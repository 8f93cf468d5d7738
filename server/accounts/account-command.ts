import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createAuditLog, type AuditLog } from '../audit/audit-log';
import { createPasswordHasher } from '../auth/password-hasher';
import { normaliseUsername } from '../auth/password-sign-in';
import { createSessionStore } from '../auth/sessions';
import { createSignInThrottle } from '../auth/sign-in-throttle';
import type { TerminalOutput } from '../cli/terminal-output';
import type { Config } from '../config';
import { createDirectory, displayName, type Directory, type Person } from '../directory/directory';
import type { HelpTarget } from '../directory/helper-scope';
import { AppError } from '../errors';
import { openKeys } from '../keys/open-keys';
import type { Storage } from '../storage/storage';
import type { ResetResult } from '../../shared/accounts';
import type { Locale } from '../../shared/i18n';
import { getsFixedPassword, type AccountPolicy } from './account-policy';
import { createAccountService, type AccountService } from './account-service';
import { createAccountStore } from './account-store';
import { codeHasher } from './codes';
import { printClaimLetters, printCredentials, type Printed } from './print-accounts';

// `accounts claim-code|reset|totp-reset USERNAME [--json]`: district IT lets a person in from the command line.
// What it prints on stdout is the secret the person needs, once; stderr never holds one.

export interface AccountCommandDeps {
  accounts: AccountService;
  directory: Directory;
  audit: AuditLog;
  policy: AccountPolicy;
  /** Where people sign in and claim, printed beside a code. */
  publicUrl: string;
  now: () => number;
}

export interface AccountCommandIo {
  out: TerminalOutput;
  err: TerminalOutput;
  /** A mistake in the command line: prints the problem and the usage; returns the exit code (2). */
  fail(problem: string): number;
  /** A sheet's language when --language is not given. */
  language: Locale;
}

/** What the account commands need, on the portal's database and with its vault key (fixed passwords are sealed). */
export async function accountCommandDeps(
  storage: Storage,
  config: Config,
  now: () => number = Date.now,
): Promise<AccountCommandDeps> {
  const { cipher } = await openKeys(config);
  const directory = createDirectory(storage, now);
  const sessions = createSessionStore(storage, now, { idleMs: config.sessionIdleMs, absoluteMs: config.sessionMaxMs });
  // The command line signs nobody in: the throttle is never asked, and its secret never derived.
  const noSignIns = () => {
    throw new Error('The command line signs nobody in.');
  };
  const audit = createAuditLog(storage, now);
  const accounts = createAccountService({
    storage,
    store: createAccountStore(storage),
    directory,
    sessions,
    throttle: createSignInThrottle(storage, now, { failuresPerWindow: 0, windowMs: 0 }, noSignIns),
    audit,
    // One temporary password at a time: a single argon2id hash, never a queue.
    hasher: createPasswordHasher({ concurrency: 1, maxQueue: 1 }),
    cipher,
    policy: config.accounts,
    codes: codeHasher(),
    decoyKey: cipher.deriveSecret('recovery-decoy'),
    issuer: 'Gatehouse',
    now,
  });
  return { accounts, directory, audit, policy: config.accounts, publicUrl: config.publicUrl, now };
}

/** A person or a request the command refuses (unknown, turned off, nothing to reset): exit 1, the reason alone. */
export class Refusal extends Error {}

export const REFUSED = 1;

export const ACCOUNTS_USAGE = [
  'Usage: npm run cli -- accounts <action> …',
  '',
  '  accounts claim-code USERNAME [--json]',
  '      a new claim code (any earlier one stops): the person claims their account with it once, and chooses a',
  '      password. Not for the grades the school gives a password (use "accounts reset" or the credentials sheet).',
  '  accounts reset USERNAME [--json]',
  '      their password stops at once and they are signed out everywhere; you get a temporary password that works',
  '      once and leads them to choose their own (a claim code if they never claimed; the youngest a new fixed one).',
  '  accounts totp-reset USERNAME [--json]',
  '      forget their authenticator app and recovery codes: they set up a new one at their next sign-in.',
  '  accounts credentials (--class ID | --campus ID | --user USERNAME) --out FILE.pdf [--language en|es] [--force]',
  '      the sign-in cards of the students the school gives a password (PreK-5 by default).',
  '  accounts claim-letters (--class ID | --campus ID | --user USERNAME) --out FILE.pdf [--only-unclaimed]',
  '      [--language en|es] [--force]',
  '      a claim letter for each person who claims their account: each gets a new code (the old one stops).',
  '',
  'Exit codes: 0 done, 1 refused (an unknown person, nothing to reset), 2 a mistake in the command line.',
  '--json prints { "username", "claimCode" | "temporaryPassword" | "password", "expiresAt" } for a script.',
].join('\n');

type PersonAction = (deps: AccountCommandDeps, person: Person, json: boolean, io: AccountCommandIo) => Promise<number>;

const PERSON_ACTIONS: Record<string, PersonAction> = {
  'claim-code': claimCode,
  reset,
  'totp-reset': totpReset,
};

export async function accountCommand(deps: AccountCommandDeps, args: readonly string[], io: AccountCommandIo) {
  const [action, ...rest] = args;
  if (action === undefined || action === 'help' || action === '--help' || action === '-h') {
    if (action === undefined)
      return io.fail('accounts needs claim-code, reset, totp-reset, credentials or claim-letters.');
    io.out.block(ACCOUNTS_USAGE);
    return 0;
  }
  try {
    if (Object.hasOwn(PERSON_ACTIONS, action)) return await personCommand(deps, action, rest, io);
    if (action === 'credentials' || action === 'claim-letters') return await printCommand(deps, action, rest, io);
    return io.fail(`accounts has no action "${action}": claim-code, reset, totp-reset, credentials or claim-letters.`);
  } catch (error) {
    if (error instanceof Refusal || isRefusedRequest(error)) {
      io.err.line((error as Error).message);
      return REFUSED;
    }
    throw error;
  }
}

/** The service's answers about the request (404, 409, 422), as opposed to a failure of the portal. */
const isRefusedRequest = (error: unknown): error is AppError =>
  error instanceof AppError && error.status >= 400 && error.status < 500;

async function personCommand(deps: AccountCommandDeps, action: string, args: readonly string[], io: AccountCommandIo) {
  const unknown = args.find((arg) => arg.startsWith('-') && arg !== '--json');
  if (unknown !== undefined) return io.fail(`accounts ${action}: unknown option "${unknown}".`);
  const names = args.filter((arg) => arg !== '--json');
  if (names.length !== 1) return io.fail(`accounts ${action} needs one USERNAME.`);
  const person = await activePerson(deps.directory, names[0]!);
  return PERSON_ACTIONS[action]!(deps, person, args.includes('--json'), io);
}

/** The person with this username, whose account is on; refused by name otherwise. */
export async function activePerson(directory: Directory, username: string): Promise<Person> {
  const person = await directory.findByUsername(normaliseUsername(username));
  if (!person) throw new Refusal(`No person has the username "${username}". Nothing was changed.`);
  if (person.status !== 'active')
    throw new Refusal(`${whoIs(person)}: the account is turned off (by the roster). Nothing was changed.`);
  return person;
}

export const whoIs = (person: Person) => `${displayName(person)} (${person.username})`;

// --- claim-code ---

async function claimCode(deps: AccountCommandDeps, person: Person, json: boolean, io: AccountCommandIo) {
  if (getsFixedPassword(person, deps.policy))
    throw new Refusal(
      `${whoIs(person)} gets a password from the school, not a claim code: print their class's credentials ` +
        `sheet, or run "accounts reset ${person.username}" for a new one. Nothing was changed.`,
    );
  const issued = await deps.accounts.issueClaimCodes([person], null, null, async ([one]) => one!);
  if (json) {
    printJson(io, { username: person.username, claimCode: issued.code, expiresAt: isoTime(issued.expiresAt) });
    return 0;
  }
  io.out.line(`Give ${displayName(person)} this claim code: ${issued.code}`);
  io.out.line(`It works once, until ${readableTime(issued.expiresAt)}, at ${claimUrl(deps)}`);
  io.out.line(`with the username ${person.username}; there they choose their own password.`);
  io.out.line(
    person.passwordHash
      ? 'They have a password already: it keeps working until they claim. Any earlier claim code has stopped.'
      : 'Any earlier claim code has stopped.',
  );
  return 0;
}

// --- reset ---

async function reset(deps: AccountCommandDeps, person: Person, json: boolean, io: AccountCommandIo) {
  const result = await deps.accounts.resetPassword(person, null, null);
  if (json) printJson(io, resetJson(person, result));
  else printReset(deps, person, result, io);
  return 0;
}

function resetJson(person: Person, result: ResetResult) {
  const { username } = person;
  if (result.kind === 'temporary_password')
    return { username, temporaryPassword: result.temporaryPassword, expiresAt: isoTime(result.expiresAt) };
  if (result.kind === 'claim_code')
    return { username, claimCode: result.claimCode, expiresAt: isoTime(result.expiresAt) };
  return { username, password: result.password };
}

function printReset(deps: AccountCommandDeps, person: Person, result: ResetResult, io: AccountCommandIo) {
  const name = displayName(person);
  if (result.kind === 'temporary_password') {
    io.out.line(`Give ${name} this temporary password: ${result.temporaryPassword}`);
    io.out.line(`It works once, until ${readableTime(result.expiresAt)}, with the username ${person.username};`);
    io.out.line('signing in with it leads straight to choosing their own password, which you never learn.');
  } else if (result.kind === 'claim_code') {
    io.out.line(`${name} had not claimed their account. Give them this claim code: ${result.claimCode}`);
    io.out.line(`It works once, until ${readableTime(result.expiresAt)}, at ${claimUrl(deps)}`);
    io.out.line(`with the username ${person.username}; there they choose their own password.`);
  } else {
    io.out.line(`${name}'s new password from the school: ${result.password}`);
    io.out.line(`Their class's credentials sheet prints it too. The username is ${person.username}.`);
  }
  io.out.line('Their old password has stopped, and they were signed out everywhere.');
}

// --- totp-reset ---

async function totpReset(deps: AccountCommandDeps, person: Person, json: boolean, io: AccountCommandIo) {
  try {
    await deps.accounts.resetSecondFactor(person, null, null);
  } catch (error) {
    if (error instanceof AppError && error.code === 'no_second_factor')
      throw new Refusal(`${whoIs(person)} has no authenticator app to reset. Nothing was changed.`);
    throw error;
  }
  if (json) {
    printJson(io, { username: person.username, reset: true });
    return 0;
  }
  io.out.line(`${whoIs(person)} no longer has an authenticator app, and was signed out everywhere.`);
  io.out.line('At their next sign-in they set up a new one; their old recovery codes have stopped.');
  return 0;
}

// --- credentials, claim-letters ---

const PRINT_FLAGS = {
  credentials: ['--class', '--campus', '--user', '--out', '--language', '--force', '--json'],
  'claim-letters': ['--class', '--campus', '--user', '--out', '--language', '--only-unclaimed', '--force', '--json'],
} as const;
const VALUE_FLAGS = new Set(['--class', '--campus', '--user', '--out', '--language']);

type PrintAction = keyof typeof PRINT_FLAGS;
type Flags = Map<string, string | true>;

function parseFlags(args: readonly string[], allowed: readonly string[]): Flags | string {
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (!allowed.includes(flag)) return `unknown option "${flag}".`;
    if (flags.has(flag)) return `${flag} is given twice.`;
    if (!VALUE_FLAGS.has(flag)) flags.set(flag, true);
    else if (args[i + 1] === undefined || args[i + 1]!.startsWith('--')) return `${flag} needs a value.`;
    else flags.set(flag, args[++i]!);
  }
  return flags;
}

async function printCommand(
  deps: AccountCommandDeps,
  action: PrintAction,
  args: readonly string[],
  io: AccountCommandIo,
) {
  const flags = parseFlags(args, PRINT_FLAGS[action]);
  if (typeof flags === 'string') return io.fail(`accounts ${action}: ${flags}`);
  const out = flags.get('--out');
  if (typeof out !== 'string') return io.fail(`accounts ${action} needs --out FILE.pdf: where to write it.`);
  const language = flags.get('--language') ?? io.language;
  if (language !== 'en' && language !== 'es') return io.fail(`--language is en or es, not "${String(language)}".`);
  const given = (['--class', '--campus', '--user'] as const).filter((flag) => flags.has(flag));
  if (given.length !== 1) return io.fail(`accounts ${action} needs one of --class ID, --campus ID, --user USERNAME.`);
  const target = await targetOf(deps, given[0]!, flags.get(given[0]!) as string);
  const file = sheetFile(out, flags.has('--force'));
  const request = { language, actorId: null, ip: null, deliver: file.write } as const;
  let printed: Printed;
  try {
    printed =
      action === 'credentials'
        ? await printCredentials(deps, target, request)
        : await printClaimLetters(deps, target, { ...request, onlyUnclaimed: flags.has('--only-unclaimed') });
  } catch (error) {
    file.discard();
    throw error;
  }
  if (flags.has('--json')) printJson(io, { printed: printed.printed, title: printed.title, file: out });
  else {
    const what = action === 'credentials' ? 'sign-in card' : 'claim letter';
    io.out.line(
      `Printed ${printed.printed} ${what}${printed.printed === 1 ? '' : 's'} for ${printed.title} to ${out}.`,
    );
    if (action === 'claim-letters') io.out.line('Each has a new claim code; the codes they had before have stopped.');
    io.out.line('Anyone holding the file can get into these accounts: print it, then delete it.');
  }
  return 0;
}

async function targetOf(
  deps: AccountCommandDeps,
  flag: '--class' | '--campus' | '--user',
  value: string,
): Promise<HelpTarget> {
  if (flag === '--user') return { userId: (await activePerson(deps.directory, value)).id };
  if (flag === '--class') {
    if (!(await deps.directory.findClass(value))) throw new Refusal(`No active class has the id "${value}".`);
    return { classId: value };
  }
  if (!(await deps.directory.findCampus(value))) throw new Refusal(`No active campus has the id "${value}".`);
  return { campusId: value };
}

/**
 * The sheet's file, readable by its owner only (it holds passwords or claim codes), written before any claim code
 * is saved. Without --force an existing file is never replaced; with it the new one is written beside and renamed
 * over when whole.
 */
function sheetFile(out: string, replace: boolean) {
  if (!replace && fs.existsSync(out))
    throw new Refusal(`${out} already exists; nothing was printed. Add --force to replace it.`);
  const partial = path.join(path.dirname(out), `.${path.basename(out)}.${randomBytes(4).toString('hex')}.partial`);
  let written = false;
  return {
    write(pdf: Uint8Array) {
      try {
        fs.writeFileSync(replace ? partial : out, pdf, { flag: 'wx', mode: 0o600 });
        if (replace) fs.renameSync(partial, out);
        written = true;
      } catch (error) {
        fs.rmSync(partial, { force: true });
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw new Refusal(`${out} already exists; nothing was printed. Add --force to replace it.`);
        throw new Refusal(`${out} cannot be written (${code ?? String(error)}); nothing was printed.`);
      }
    },
    /** After a failure past the write (the codes were not saved): the file's codes would not work. */
    discard() {
      if (written) fs.rmSync(out, { force: true });
    },
  };
}

// --- output ---

const printJson = (io: AccountCommandIo, value: object) => io.out.block(JSON.stringify(value, null, 2));

const claimUrl = (deps: AccountCommandDeps) => `${deps.publicUrl.replace(/\/+$/, '')}/claim`;

const isoTime = (at: number) => new Date(at).toISOString();

const READABLE_TIME = new Intl.DateTimeFormat('en-US', {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** "Dec 16, 2026, 10:30 AM CST": in this machine's zone, which it names. */
const readableTime = (at: number) => READABLE_TIME.format(at);
