import type { Context, MiddlewareHandler } from 'hono';
import type { AuditLog } from '../audit/audit-log';
import { accessRefused } from '../auth/viewer';
import type { Campus, Directory, Person } from '../directory/directory';
import type { AppEnv } from '../http/env';
import { clientIp } from '../http/request';
import {
  RIGHTS,
  RIGHTS_OF_KIND,
  TEACHER_RIGHTS,
  type GrantKind,
  type Right,
  type ViewerRights,
} from '../../shared/rights';
import type { Role } from '../../shared/roles';
import type { GrantRecord, GrantStore } from './grant-store';

/** Whom a helper's request is about: a class, a campus or one person. */
export type HelpTarget = { classId: string } | { campusId: string } | { userId: string };

/** What let a request through: the viewer's role, their own class, or a grant (named, so its use is audited). */
export type Warrant = { via: 'role' } | { via: 'teacher' } | { via: 'grant'; grantId: string; kind: GrantKind };

/** Roles the portal gives (never the SIS) that hold every right over the district, as an `it` grant does. */
const DISTRICT_ROLES: readonly Role[] = ['it', 'district_admin'];

export interface AuthorityDeps {
  directory: Directory;
  grants: GrantStore;
  audit: AuditLog;
  /** Whether teachers may reset their own students' passwords (`GATEHOUSE_TEACHER_RESETS`). */
  teacherResets: boolean;
  now: () => number;
}

export type Authority = ReturnType<typeof createAuthority>;

/**
 * Who may do what, decided per request against the target and the grants in force at that moment (an expired or
 * revoked grant stops at once). District rights reach everyone, except that only a holder of `manage_district`
 * acts on someone who holds rights over others themselves (the help desk cannot reset IT, a principal or a
 * delegate). Campus and class rights reach students only.
 */
export function createAuthority(deps: AuthorityDeps) {
  const { directory, grants, audit, now } = deps;
  const teacherRights = TEACHER_RIGHTS.filter((right) => right !== 'reset_passwords' || deps.teacherResets);

  async function holdingsOf(person: Person): Promise<Holding[]> {
    const held: Holding[] = [];
    if (DISTRICT_ROLES.includes(person.role))
      held.push({ scope: 'district', rights: RIGHTS, warrant: { via: 'role' } });
    if (person.role === 'principal') {
      for (const campusId of person.campusIds)
        held.push({ scope: { campusId }, rights: RIGHTS_OF_KIND.principal, warrant: { via: 'role' } });
    }
    for (const grant of await grants.inForceFor(person.id, now())) {
      // A campus grant works only while its holder is still staff there: one the roster moved away (or made a
      // student) keeps the row, unchanged, but not the rights.
      if (grant.campusId !== null && (person.role === 'student' || !person.campusIds.includes(grant.campusId)))
        continue;
      held.push(holdingOfGrant(grant));
    }
    return held;
  }

  /** Whether a person holds rights over others (district or campus): only district managers act on them. */
  async function holdsRightsOverOthers(person: Person) {
    return (await holdingsOf(person)).length > 0;
  }

  async function reaches(holding: Holding, target: HelpTarget, right: Right): Promise<boolean> {
    if (!holding.rights.includes(right)) return false;
    if (holding.scope === 'district') return true;
    if ('campusId' in target) return holding.scope.campusId === target.campusId;
    if ('classId' in target) return (await directory.findClass(target.classId))?.campusId === holding.scope.campusId;
    const person = await directory.findById(target.userId);
    return person?.role === 'student' && person.campusIds.includes(holding.scope.campusId);
  }

  async function teachesTarget(viewer: Person, target: HelpTarget) {
    if ('campusId' in target) return false;
    if ('userId' in target) {
      // The SIS may enrol staff in a section as students (a training course): teacher rights reach students only.
      const person = await directory.findById(target.userId);
      return person?.role === 'student' && directory.teaches(viewer.id, target.userId);
    }
    return (await directory.classesTaughtBy(viewer.id)).some((taught) => taught.id === target.classId);
  }

  /** The warrant that lets `viewer` use `right` on `target` now, roles before grants; undefined when none does. */
  async function warrantFor(viewer: Person, right: Right, target: HelpTarget): Promise<Warrant | undefined> {
    if ('userId' in target && target.userId !== viewer.id) {
      const person = await directory.findById(target.userId);
      if (person && right !== 'view_people' && (await holdsRightsOverOthers(person))) {
        const held = await holdingsOf(viewer);
        return byPreference(held.filter((h) => h.scope === 'district' && h.rights.includes('manage_district')));
      }
    }
    const held = await holdingsOf(viewer);
    const reaching: Holding[] = [];
    for (const holding of held) if (await reaches(holding, target, right)) reaching.push(holding);
    const byRoleOrGrant = byPreference(reaching);
    if (byRoleOrGrant?.via === 'role') return byRoleOrGrant;
    if (viewer.role === 'teacher' && teacherRights.includes(right) && (await teachesTarget(viewer, target)))
      return { via: 'teacher' };
    return byRoleOrGrant;
  }

  /** The warrant (role before grant) by which the viewer holds `right` over the whole district, if any. */
  async function districtWarrant(viewer: Person, right: Right): Promise<Warrant | undefined> {
    return byPreference((await holdingsOf(viewer)).filter((h) => h.scope === 'district' && h.rights.includes(right)));
  }

  /** Whether the viewer holds `right` over the whole district (IT's pages, district grants). */
  async function holdsDistrictWide(viewer: Person, right: Right): Promise<boolean> {
    return (await districtWarrant(viewer, right)) !== undefined;
  }

  /** Everything the person holds now, summarised for the page (which links to show). */
  async function rightsOf(person: Person): Promise<ViewerRights> {
    const held = await holdingsOf(person);
    const district = new Set(held.flatMap((h) => (h.scope === 'district' ? h.rights : [])));
    const byCampus = new Map<string, Set<Right>>();
    for (const holding of held) {
      if (holding.scope === 'district') continue;
      const rights = byCampus.get(holding.scope.campusId) ?? new Set<Right>();
      for (const right of holding.rights) rights.add(right);
      byCampus.set(holding.scope.campusId, rights);
    }
    const campuses = await Promise.all(
      [...byCampus].map(async ([campusId, rights]) => ({
        campusId,
        campusName: (await directory.findCampus(campusId))?.name ?? campusId,
        rights: RIGHTS.filter((right) => rights.has(right)),
      })),
    );
    const teaches = person.role === 'teacher' && (await directory.classesTaughtBy(person.id)).length > 0;
    return {
      district: RIGHTS.filter((right) => district.has(right)),
      campuses: campuses.sort((a, b) => a.campusName.localeCompare(b.campusName)),
      ownStudents: teaches ? [...teacherRights] : [],
    };
  }

  return {
    warrantFor,
    rightsOf,
    districtWarrant,

    /** Lets through (after requireViewer) only holders of `right` over the whole district; a refusal is audited. */
    requireDistrictWide(right: Right): MiddlewareHandler<AppEnv> {
      return async (c, next) => {
        const viewer = c.get('viewer').person;
        if (!(await holdsDistrictWide(viewer, right)))
          throw await accessRefused(c, audit, 'role', { detail: { right } });
        return next();
      };
    },

    holdsDistrictWide,

    /**
     * Lets the request through with the warrant it rests on, or refuses it: 403, audited with what was reached
     * for. A grant that let it through is audited as used (`grant.used`), naming the grant and the right.
     */
    async check(c: Context<AppEnv>, right: Right, target: HelpTarget): Promise<Warrant> {
      const viewer = c.get('viewer').person;
      const subjectUserId = 'userId' in target ? target.userId : undefined;
      const warrant = await warrantFor(viewer, right, target);
      if (!warrant) throw await accessRefused(c, audit, 'scope', { subjectUserId, detail: { ...target, right } });
      if (warrant.via === 'grant') {
        await audit.record({
          action: 'grant.used',
          outcome: 'success',
          actorUserId: viewer.id,
          subjectUserId,
          ip: clientIp(c),
          detail: {
            grantId: warrant.grantId,
            kind: warrant.kind,
            right,
            route: `${c.req.method} ${c.req.path}`,
            ...target,
          },
        });
      }
      return warrant;
    },

    /** Refuses (403, audited) a viewer who holds `right` nowhere at all: the pages that list what one may help with. */
    async checkAnywhere(c: Context<AppEnv>, right: Right): Promise<ViewerRights> {
      const rights = await rightsOf(c.get('viewer').person);
      const anywhere =
        rights.district.includes(right) ||
        rights.campuses.some((campus) => campus.rights.includes(right)) ||
        rights.ownStudents.includes(right);
      if (!anywhere) throw await accessRefused(c, audit, 'role', { detail: { right } });
      return rights;
    },

    /** The campuses on which the viewer holds `right` (every campus for a district right), by name. */
    async campusesWith(viewer: Person, right: Right): Promise<Campus[]> {
      const held = (await holdingsOf(viewer)).filter((h) => h.rights.includes(right));
      if (held.some((h) => h.scope === 'district')) return directory.campuses();
      const ids = new Set(held.flatMap((h) => (h.scope === 'district' ? [] : [h.scope.campusId])));
      const found = await Promise.all([...ids].map((id) => directory.findCampus(id)));
      return found.filter((campus) => campus !== undefined).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

interface Holding {
  scope: 'district' | { campusId: string };
  rights: readonly Right[];
  warrant: Warrant;
}

function holdingOfGrant(grant: GrantRecord): Holding {
  const warrant: Warrant = { via: 'grant', grantId: grant.id, kind: grant.kind };
  const scope = grant.campusId === null ? 'district' : { campusId: grant.campusId };
  const rights: readonly Right[] =
    grant.kind === 'delegate' ? ['view_people', ...grant.rights] : RIGHTS_OF_KIND[grant.kind];
  return { scope, rights, warrant };
}

/** A role's warrant before a grant's: a grant is named as used only when nothing else let the request through. */
function byPreference(holdings: Holding[]): Warrant | undefined {
  return (holdings.find((h) => h.warrant.via === 'role') ?? holdings[0])?.warrant;
}
