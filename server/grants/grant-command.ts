import { createAuditLog } from '../audit/audit-log';
import { normaliseUsername } from '../auth/password-sign-in';
import type { TerminalOutput } from '../cli/terminal-output';
import type { Config } from '../config';
import { createDirectory, type Directory } from '../directory/directory';
import { AppError } from '../errors';
import type { Storage } from '../storage/storage';
import type { GiveGrantRequest, GrantView } from '../../shared/grants';
import { DELEGATE_RIGHTS, GRANT_KINDS, type DelegateRight, type GrantKind } from '../../shared/rights';
import { lastDayOf } from './grant-expiry';
import { createGrantService, type GrantService } from './grant-service';
import { createGrantStore } from './grant-store';

// `grants list|give|revoke`: district IT gives and revokes grants from the command line (audited with no actor).

export interface GrantCommandDeps {
  grants: GrantService;
  directory: Directory;
}

export interface GrantCommandIo {
  out: TerminalOutput;
  err: TerminalOutput;
  /** A mistake in the command line: prints the problem and the usage; returns the exit code (2). */
  fail(problem: string): number;
}

export function grantCommandDeps(storage: Storage, config: Config, now: () => number = Date.now): GrantCommandDeps {
  const directory = createDirectory(storage, now);
  const grants = createGrantService({
    storage,
    store: createGrantStore(storage),
    directory,
    audit: createAuditLog(storage, now),
    schoolYearEnds: config.schoolYearEnds,
    now,
  });
  return { grants, directory };
}

export const GRANTS_USAGE = [
  'Usage: npm run cli -- grants <action> …',
  '',
  '  grants list [--campus ID] [--all] [--json]',
  '      the grants in force (with --all also those revoked or run out), newest first.',
  `  grants give USERNAME --kind ${GRANT_KINDS.join('|')} [--campus ID] [--rights ${DELEGATE_RIGHTS.join(',')}]`,
  '      [--expires YYYY-MM-DD|never]',
  '      principal and delegate need --campus; a delegate needs --rights. The grant works through the day given',
  '      (by default the last day of the school year, GATEHOUSE_SCHOOL_YEAR_ENDS); "never" is for district kinds.',
  '      The same kind on the same scope replaces the one the person holds.',
  '  grants revoke GRANT_ID',
  '      the grant stops at once.',
  '',
  'Exit codes: 0 done, 1 refused (an unknown grant, one already ended), 2 a mistake in the command line.',
].join('\n');

/** A mistake in the command line: exit 2, the message names what is wrong. */
class UsageMistake extends Error {}

export async function grantCommand(deps: GrantCommandDeps, args: readonly string[], io: GrantCommandIo) {
  const [action, ...rest] = args;
  try {
    if (action === 'list') return await listCommand(deps, rest, io);
    if (action === 'give') return await giveCommand(deps, rest, io);
    if (action === 'revoke') return await revokeCommand(deps, rest, io);
    return io.fail(action === undefined ? 'grants needs list, give or revoke.' : `grants has no action "${action}".`);
  } catch (error) {
    if (error instanceof UsageMistake) return io.fail(error.message);
    if (error instanceof AppError && error.status === 400) return io.fail(error.message);
    if (error instanceof AppError && error.status < 500) {
      io.err.line(error.message);
      return 1;
    }
    throw error;
  }
}

type Flags = Map<string, string | true>;

function parseFlags(args: readonly string[], withValue: readonly string[], bare: readonly string[]) {
  const flags: Flags = new Map();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (flags.has(arg)) throw new UsageMistake(`${arg} is given twice.`);
    else if (bare.includes(arg)) flags.set(arg, true);
    else if (!withValue.includes(arg)) throw new UsageMistake(`unknown option "${arg}".`);
    else if (args[i + 1] === undefined || args[i + 1]!.startsWith('--'))
      throw new UsageMistake(`${arg} needs a value.`);
    else flags.set(arg, args[++i]!);
  }
  return { flags, positional };
}

const valueOf = (flags: Flags, flag: string) => flags.get(flag) as string | undefined;

async function listCommand(deps: GrantCommandDeps, args: readonly string[], io: GrantCommandIo) {
  const { flags, positional } = parseFlags(args, ['--campus'], ['--all', '--json']);
  if (positional.length) throw new UsageMistake(`grants list takes no "${positional[0]}".`);
  const campus = valueOf(flags, '--campus');
  if (campus !== undefined && !(await deps.directory.findCampus(campus)))
    throw new UsageMistake(`--campus: no active campus has the id "${campus}".`);
  const grants = await deps.grants.list({ campusIds: campus ? [campus] : undefined, includeEnded: flags.has('--all') });
  if (flags.has('--json')) io.out.block(JSON.stringify(grants, null, 2));
  else if (!grants.length) io.out.line(flags.has('--all') ? 'No grant was ever given.' : 'No grant is in force.');
  else for (const grant of grants) io.out.line(describeGrant(grant));
  return 0;
}

async function giveCommand(deps: GrantCommandDeps, args: readonly string[], io: GrantCommandIo) {
  const { flags, positional } = parseFlags(args, ['--kind', '--campus', '--rights', '--expires'], []);
  if (positional.length !== 1) throw new UsageMistake('grants give needs one USERNAME.');
  const person = await deps.directory.findByUsername(normaliseUsername(positional[0]!));
  if (!person) throw new UsageMistake(`No person has the username "${positional[0]}".`);
  const request: GiveGrantRequest = {
    userId: person.id,
    kind: kindOf(valueOf(flags, '--kind')),
    campusId: valueOf(flags, '--campus'),
    rights: rightsOf(valueOf(flags, '--rights')),
    expiresOn: expiresOf(valueOf(flags, '--expires')),
  };
  const given = await deps.grants.give(request, { id: null, ip: null });
  io.out.line(`Gave ${describeGrant((await deps.grants.viewsOf([given]))[0]!)}`);
  io.out.line(`Grant id: ${given.id} (to revoke it: grants revoke ${given.id})`);
  return 0;
}

async function revokeCommand(deps: GrantCommandDeps, args: readonly string[], io: GrantCommandIo) {
  const { positional } = parseFlags(args, [], []);
  if (positional.length !== 1) throw new UsageMistake('grants revoke needs one GRANT_ID.');
  const revoked = await deps.grants.revoke(await deps.grants.find(positional[0]!), { id: null, ip: null });
  io.out.line(`Revoked ${describeGrant((await deps.grants.viewsOf([revoked]))[0]!)}; it has stopped.`);
  return 0;
}

function kindOf(kind: string | undefined): GrantKind {
  if (kind === undefined) throw new UsageMistake(`--kind is required: ${GRANT_KINDS.join(', ')}.`);
  if (!(GRANT_KINDS as readonly string[]).includes(kind))
    throw new UsageMistake(`--kind is one of ${GRANT_KINDS.join(', ')}, not "${kind}".`);
  return kind as GrantKind;
}

function rightsOf(list: string | undefined): DelegateRight[] | undefined {
  if (list === undefined) return undefined;
  const rights = list.split(',').map((right) => right.trim());
  const unknown = rights.find((right) => !(DELEGATE_RIGHTS as readonly string[]).includes(right));
  if (unknown !== undefined)
    throw new UsageMistake(`--rights are among ${DELEGATE_RIGHTS.join(', ')}, not "${unknown}".`);
  return rights as DelegateRight[];
}

function expiresOf(expires: string | undefined): string | null | undefined {
  if (expires === 'never') return null;
  if (expires !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(expires))
    throw new UsageMistake(`--expires is a day like 2027-06-30, or never; not "${expires}".`);
  return expires;
}

/** "delegate (print_badges, reset_passwords) on Lakeside Middle School to Ana Ruiz (aruiz), until 2027-06-30 [id]". */
function describeGrant(grant: GrantView): string {
  const rights = grant.rights.length ? ` (${grant.rights.join(', ')})` : '';
  const scope = grant.campus ? `on ${grant.campus.name}` : 'over the district';
  const until = grant.expiresAt === null ? 'until revoked' : `until ${lastDayOf(grant.expiresAt)}`;
  const state = grant.state === 'in_force' ? '' : ` — ${grant.state.replace('_', ' ')}`;
  return `${grant.kind}${rights} ${scope} to ${grant.person.displayName} (${grant.person.username}), ${until}${state} [${grant.id}]`;
}
