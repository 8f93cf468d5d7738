import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditLog } from '../audit/audit-log';
import { displayName, type Campus, type Directory, type Person } from '../directory/directory';
import { AppError, invalidRequest, notFound } from '../errors';
import type { Storage } from '../storage/storage';
import type { GiveGrantRequest, GrantCandidatesResponse, GrantView } from '../../shared/grants';
import { DISTRICT_GRANT_KINDS, type DelegateRight, type GrantKind } from '../../shared/rights';
import { endOfDay, schoolYearEnd } from './grant-expiry';
import type { GrantFilter, GrantRecord, GrantStore, NewGrant } from './grant-store';

/** How many people the staff picker offers at once. */
const CANDIDATE_LIMIT = 50;

export interface GrantServiceDeps {
  storage: Storage;
  store: GrantStore;
  directory: Directory;
  audit: AuditLog;
  /** GATEHOUSE_SCHOOL_YEAR_ENDS, `MM-DD`: where a grant given without an end date ends. */
  schoolYearEnds: string;
  now: () => number;
}

/** Who is acting: a signed-in person (with the address they came from), or the command line (both null). */
export interface GrantActor {
  id: string | null;
  ip: string | null;
}

export type GrantService = ReturnType<typeof createGrantService>;

export const isDistrictKind = (kind: GrantKind) => (DISTRICT_GRANT_KINDS as readonly GrantKind[]).includes(kind);

/**
 * Gives, revokes and lists grants. Who may give what is the caller's to decide (the routes ask the authority; the
 * command line is IT); this checks that the grant itself makes sense, and answers a 400 naming the field when not.
 */
export function createGrantService(deps: GrantServiceDeps) {
  const { storage, store, directory, audit, now } = deps;

  const defaultExpiresOn = () => schoolYearEnd(deps.schoolYearEnds, now());

  /** The grant the request describes, checked whole; the first problem as a 400 naming its field. */
  async function grantOf(
    request: GiveGrantRequest,
    grantedBy: string | null,
    latestEnd: number | null,
  ): Promise<NewGrant> {
    const person = await holderOf(request.userId);
    const campusId = await campusOf(request);
    if (request.kind === 'delegate' && !person.campusIds.includes(campusId!))
      throw invalidRequest('userId', 'is not on the staff of that campus');
    return {
      id: randomUUID(),
      userId: person.id,
      kind: request.kind,
      campusId,
      rights: rightsOf(request),
      grantedBy,
      grantedAt: now(),
      expiresAt: cappedAt(expiryOf(request), latestEnd),
    };
  }

  async function holderOf(userId: string): Promise<Person> {
    const person = await directory.findById(userId);
    if (!person) throw invalidRequest('userId', 'no such person');
    if (person.status !== 'active') throw invalidRequest('userId', 'the account is turned off');
    if (person.role === 'student') throw invalidRequest('userId', 'a student cannot hold a grant');
    return person;
  }

  async function campusOf({ kind, campusId }: GiveGrantRequest): Promise<string | null> {
    if (isDistrictKind(kind)) {
      if (campusId) throw invalidRequest('campusId', 'a district grant is over the whole district; leave it out');
      return null;
    }
    if (!campusId) throw invalidRequest('campusId', 'is required');
    if (!(await directory.findCampus(campusId))) throw invalidRequest('campusId', 'no such campus');
    return campusId;
  }

  function rightsOf({ kind, rights = [] }: GiveGrantRequest): DelegateRight[] {
    if (kind !== 'delegate') {
      if (rights.length) throw invalidRequest('rights', 'only a delegate’s rights are chosen; leave it out');
      return [];
    }
    if (!rights.length) throw invalidRequest('rights', 'choose at least one');
    return [...new Set(rights)];
  }

  function expiryOf({ kind, expiresOn }: GiveGrantRequest): number | null {
    if (expiresOn === null) {
      if (!isDistrictKind(kind)) throw invalidRequest('expiresOn', 'a campus grant must have an end date');
      return null;
    }
    const expiresAt = endOfDay(expiresOn ?? defaultExpiresOn());
    if (expiresAt === undefined) throw invalidRequest('expiresOn', 'is not a day of the calendar');
    if (expiresAt <= now()) throw invalidRequest('expiresOn', 'must be today or later');
    return expiresAt;
  }

  /**
   * Gives the grant, in one transaction with its audit. A grant of the same kind over the same scope that the person
   * still holds is revoked in it too (the new one replaces it), and audited as such.
   */
  async function give(request: GiveGrantRequest, actor: GrantActor, latestEnd: number | null = null) {
    const grant = await grantOf(request, actor.id, latestEnd);
    await storage.transaction(async (tx) => {
      await store.holdPerson(grant.userId, tx);
      const held = await store.inForceFor(grant.userId, grant.grantedAt, tx);
      for (const old of held.filter((each) => each.kind === grant.kind && each.campusId === grant.campusId)) {
        const revoked = await store.revoke(old.id, actor.id, grant.grantedAt, tx);
        if (revoked) await audit.record(revokedEntry(revoked, actor, { replacedBy: grant.id }), tx);
      }
      await store.give(grant, tx);
      await audit.record(givenEntry(grant, actor), tx);
    });
    return { ...grant, revokedAt: null, revokedBy: null };
  }

  /** Ends a grant at once; 409 when it had already ended (revoked, or run out). */
  async function revoke(grant: GrantRecord, actor: GrantActor): Promise<GrantRecord> {
    if (stateOf(grant, now()) !== 'in_force') throw grantEnded();
    return storage.transaction(async (tx) => {
      const revoked = await store.revoke(grant.id, actor.id, now(), tx);
      if (!revoked) throw grantEnded();
      await audit.record(revokedEntry(revoked, actor), tx);
      return revoked;
    });
  }

  /** Whether the person is active staff (not a student) of the campus: whom a principal may name a delegate. */
  async function isCampusStaff(userId: string, campusId: string): Promise<boolean> {
    const person = await directory.findById(userId);
    return person?.status === 'active' && person.role !== 'student' && person.campusIds.includes(campusId);
  }

  async function find(grantId: string): Promise<GrantRecord> {
    const grant = await store.find(grantId);
    if (!grant) throw notFound('That grant');
    return grant;
  }

  /** The grants the filter selects, in force first, each newest first. */
  async function list(filter: GrantFilter): Promise<GrantView[]> {
    const at = now();
    const records = await store.list(filter, at);
    const inForceFirst = [...records].sort(
      (a, b) => Number(stateOf(b, at) === 'in_force') - Number(stateOf(a, at) === 'in_force'),
    );
    return viewsOf(inForceFirst);
  }

  /** The records as the page shows them, with names instead of ids. */
  async function viewsOf(records: GrantRecord[]): Promise<GrantView[]> {
    const people = new Map<string, Promise<Person | undefined>>();
    const campuses = new Map<string, Promise<Campus | undefined>>();
    const personOf = (id: string) => people.get(id) ?? people.set(id, directory.findById(id)).get(id)!;
    const campusNamed = (id: string) => campuses.get(id) ?? campuses.set(id, directory.findCampus(id)).get(id)!;
    const nameOf = async (id: string | null) => {
      const person = id === null ? undefined : await personOf(id);
      return person ? { id: person.id, displayName: displayName(person) } : null;
    };
    const at = now();
    return Promise.all(
      records.map(async (grant): Promise<GrantView> => {
        const holder = await personOf(grant.userId);
        const campus = grant.campusId === null ? undefined : await campusNamed(grant.campusId);
        return {
          id: grant.id,
          kind: grant.kind,
          person: {
            id: grant.userId,
            username: holder?.username ?? '',
            displayName: holder ? displayName(holder) : grant.userId,
            role: holder?.role ?? '',
          },
          campus: grant.campusId === null ? null : { id: grant.campusId, name: campus?.name ?? grant.campusId },
          rights: grant.rights,
          grantedBy: await nameOf(grant.grantedBy),
          grantedAt: grant.grantedAt,
          expiresAt: grant.expiresAt,
          state: stateOf(grant, at),
          revokedAt: grant.revokedAt,
          revokedBy: await nameOf(grant.revokedBy),
        };
      }),
    );
  }

  /** Staff of the campus whose name or username holds `query` (all of them, up to the limit, without one). */
  async function candidates(campusId: string, query = ''): Promise<GrantCandidatesResponse> {
    const staff = await directory.staffOnCampus(campusId, query.trim(), CANDIDATE_LIMIT);
    return {
      people: staff.map((person) => ({
        id: person.id,
        username: person.username,
        displayName: displayName(person),
        role: person.role,
      })),
    };
  }

  return {
    give,
    revoke,
    find,
    findIfAny: (grantId: string) => store.find(grantId),
    isCampusStaff,
    list,
    viewsOf,
    candidates,
    defaultExpiresOn,
  };
}

/** The end asked for, brought forward to `latestEnd` when that comes first (null: no end). */
function cappedAt(expiresAt: number | null, latestEnd: number | null): number | null {
  if (latestEnd === null) return expiresAt;
  return expiresAt === null ? latestEnd : Math.min(expiresAt, latestEnd);
}

export function stateOf(grant: GrantRecord, at: number): GrantView['state'] {
  if (grant.revokedAt !== null) return 'revoked';
  return grant.expiresAt !== null && grant.expiresAt <= at ? 'expired' : 'in_force';
}

const grantEnded = () => new AppError('grant_ended', 409, 'That grant has already ended.');

function givenEntry(grant: NewGrant, actor: GrantActor): AuditEntry {
  const { id: grantId, kind, campusId, rights, expiresAt } = grant;
  return {
    action: 'grant.given',
    outcome: 'success',
    actorUserId: actor.id,
    subjectUserId: grant.userId,
    ip: actor.ip,
    detail: { grantId, kind, campusId, rights, expiresAt, ...(actor.id === null ? { via: 'cli' } : {}) },
  };
}

function revokedEntry(grant: GrantRecord, actor: GrantActor, more: Record<string, string> = {}): AuditEntry {
  const { id: grantId, kind, campusId, rights } = grant;
  return {
    action: 'grant.revoked',
    outcome: 'success',
    actorUserId: actor.id,
    subjectUserId: grant.userId,
    ip: actor.ip,
    detail: { grantId, kind, campusId, rights, ...more, ...(actor.id === null ? { via: 'cli' } : {}) },
  };
}
