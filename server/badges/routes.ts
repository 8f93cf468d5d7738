import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { signedInAnswer } from '../auth/routes';
import type { SetSessionCookie } from '../auth/session-cookie';
import { accessRefused } from '../auth/viewer';
import {
  displayName,
  type Campus,
  type ClassSummary,
  type Directory,
  type StudentInClass,
} from '../directory/directory';
import { AppError, notFound } from '../errors';
import { KB, limitBody } from '../http/body-limit';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import {
  BADGE_LAYOUTS,
  type BadgeGroup,
  type BadgeGroupResponse,
  type BadgeGroupsResponse,
  type BadgeSignInResponse,
  type BadgeStudent,
} from '../../shared/badges';
import type { Authority } from '../grants/authority';
import {
  classListingOf,
  fileNameFor,
  groupsWith,
  listGroup,
  readTarget,
  type GroupListing,
  type HelpTarget,
} from '../directory/helper-scope';
import type { BadgeService, BadgeSignInResult } from './badge-service';
import { printBadgeSheet } from './print-badges';

/** A badge's text is 60 characters; anything much longer is not a badge. */
const BADGE_SIGN_IN_MAX_BYTES = 1 * KB;
const YEAR_END_PHRASE = 'VOID ALL BADGES';

const signInBody = z.object({ badge: z.string().max(200, 'is not a badge') });
const picturesBody = z.object({
  challenge: z.string().max(200),
  pictures: z.array(z.string().max(20)).max(2, 'pick two pictures'),
});
const id = z.string().min(1).max(200);
/** Exactly one of class, campus or person. */
const targetBody = z.union([
  z.strictObject({ classId: id }),
  z.strictObject({ campusId: id }),
  z.strictObject({ userId: id }),
]);
const printBody = z.object({
  classId: id.optional(),
  campusId: id.optional(),
  userId: id.optional(),
  layout: z.enum(BADGE_LAYOUTS),
  onlyMissing: z.boolean().default(false),
  // Checked, with its own words, by endOfDay.
  expiresOn: z.string().max(100).nullable().default(null),
  language: z.enum(['en', 'es']).default('en'),
});

export interface BadgeSignInRoutesDeps {
  badges: BadgeService;
  setSessionCookie: SetSessionCookie;
}

/**
 * `POST /api/auth/badge`: a scanned badge signs its owner in, with the same cookie as a password; or, where the
 * district asks young children for their two pictures, answers with the grid to pick them from
 * (`POST /api/auth/badge/pictures`).
 */
export function createBadgeSignInRoutes({ badges, setSessionCookie }: BadgeSignInRoutesDeps) {
  const routes = new Hono<AppEnv>();

  async function answer(c: Context<AppEnv>, result: BadgeSignInResult) {
    if (result.ok === false)
      throw new AppError('invalid_badge', 401, 'That badge doesn’t work. Ask your teacher for help.');
    if (result.ok === 'pick_pictures') {
      const body: BadgeSignInResponse = { next: 'pictures', challenge: result.challenge, choices: result.choices };
      return c.json(body);
    }
    setSessionCookie(c, result.session);
    // A badge is a bearer token: its session is never offered a password change.
    return c.json(signedInAnswer(result.person, null, false));
  }

  routes.post('/', limitBody(BADGE_SIGN_IN_MAX_BYTES), async (c) => {
    const { badge } = await readJson(c, signInBody);
    return answer(c, await badges.signIn(badge, clientIp(c)));
  });
  routes.post('/pictures', limitBody(BADGE_SIGN_IN_MAX_BYTES), async (c) => {
    const { challenge, pictures } = await readJson(c, picturesBody);
    return answer(c, await badges.pickPictures(challenge, pictures, clientIp(c)));
  });
  return routes;
}

export interface BadgeRoutesDeps {
  badges: BadgeService;
  directory: Directory;
  audit: AuditLog;
  authority: Authority;
  requireViewer: MiddlewareHandler<AppEnv>;
  now: () => number;
}

/** `/api/badges`: printing and voiding, for the people a viewer may help. */
export function createBadgeRoutes(deps: BadgeRoutesDeps) {
  const { badges, directory, audit, authority } = deps;
  const routes = new Hono<AppEnv>();
  routes.use('*', deps.requireViewer);

  const checkScope = (c: Context<AppEnv>, target: HelpTarget) => authority.check(c, 'print_badges', target);

  routes.get('/groups', async (c) => {
    const viewer = c.get('viewer').person;
    await authority.checkAnywhere(c, 'print_badges');
    const body: BadgeGroupsResponse = {
      groups: await groupsOf(directory, badges, await groupsWith(directory, authority, viewer, 'print_badges')),
      mayVoidAll: await authority.holdsDistrictWide(viewer, 'manage_district'),
    };
    return c.json(body);
  });

  routes.get('/groups/:kind{class|campus}/:id', async (c) => {
    const kind = c.req.param('kind') as BadgeGroup['kind'];
    const target = kind === 'class' ? { classId: c.req.param('id') } : { campusId: c.req.param('id') };
    await checkScope(c, target);
    const listed = await listBadgeGroup(directory, badges, target);
    if (!listed) throw notFound(kind === 'class' ? 'That class' : 'That campus');
    const body: BadgeGroupResponse = {
      group: listed.group,
      students: await describeStudents(badges, listed.students),
    };
    return c.json(body);
  });

  routes.post('/print', async (c) => {
    const request = await readJson(c, printBody);
    const target = readTarget(request);
    await checkScope(c, target);
    const { pdf, title } = await printBadgeSheet({ badges, directory, audit, now: deps.now }, target, {
      ...request,
      actorId: c.get('viewer').person.id,
      ip: clientIp(c),
    });
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="${fileNameFor('badges', title)}"`);
    return c.body(pdf as Uint8Array<ArrayBuffer>);
  });

  routes.post('/void', async (c) => {
    const target = readTarget(await readJson(c, targetBody));
    if ('campusId' in target) throw new AppError('invalid_request', 400, 'Void a class or a person, not a campus.');
    await checkScope(c, target);
    const userIds =
      'userId' in target ? [target.userId] : (await directory.studentsInClass(target.classId)).map((s) => s.id);
    const reason = 'userId' in target ? 'voided' : 'class';
    const actorId = c.get('viewer').person.id;
    const voided = await badges.voidFor(userIds, reason, actorId, (count, tx) =>
      audit.record(
        {
          action: 'badge.voided',
          outcome: 'success',
          actorUserId: actorId,
          subjectUserId: 'userId' in target ? target.userId : undefined,
          ip: clientIp(c),
          detail: { ...target, voided: count },
        },
        tx,
      ),
    );
    return c.json({ voided });
  });

  routes.post('/void-all', async (c) => {
    const viewer = c.get('viewer').person;
    if (!(await authority.holdsDistrictWide(viewer, 'manage_district'))) throw await accessRefused(c, audit, 'role');
    const { confirm } = await readJson(c, z.object({ confirm: z.string().max(100) }));
    if (confirm !== YEAR_END_PHRASE) {
      throw new AppError('invalid_request', 400, `confirm: type ${YEAR_END_PHRASE} to void every badge`);
    }
    const voided = await badges.voidAll(viewer.id, (count, tx) =>
      audit.record(
        {
          action: 'badge.voided_all',
          outcome: 'success',
          actorUserId: viewer.id,
          ip: clientIp(c),
          detail: { voided: count },
        },
        tx,
      ),
    );
    return c.json({ voided });
  });

  return routes;
}

async function groupsOf(
  directory: Directory,
  badges: BadgeService,
  { classes, campuses }: { classes: ClassSummary[]; campuses: Campus[] },
): Promise<BadgeGroup[]> {
  // The summaries are at hand: only each class's students are read.
  const classGroups = await Promise.all(
    classes.map(async (found) => groupOf(badges, await classListingOf(directory, found))),
  );
  if (!campuses.length) return classGroups;
  // Counted from grades and flags alone: a district's campus list must not read every student in full.
  const eligible = new Map<string, number>();
  for (const { campusId, grade, sisFlags } of await directory.studentGradesByCampus()) {
    if (badges.isEligible({ role: 'student', status: 'active', grade, sisFlags })) {
      eligible.set(campusId, (eligible.get(campusId) ?? 0) + 1);
    }
  }
  const campusGroups = campuses.map(({ id, name }) => ({
    kind: 'campus' as const,
    id,
    title: name,
    campusName: name,
    termEndsOn: null,
    eligibleCount: eligible.get(id) ?? 0,
  }));
  return [...classGroups, ...campusGroups];
}

async function listBadgeGroup(
  directory: Directory,
  badges: BadgeService,
  target: { classId: string } | { campusId: string },
): Promise<{ group: BadgeGroup; students: StudentInClass[] } | undefined> {
  const listing = await listGroup(directory, target);
  return listing && { group: groupOf(badges, listing), students: listing.students };
}

const groupOf = (badges: BadgeService, { students, ...group }: GroupListing): BadgeGroup => ({
  ...group,
  eligibleCount: students.filter(badges.isEligible).length,
});

async function describeStudents(badges: BadgeService, students: StudentInClass[]): Promise<BadgeStudent[]> {
  const states = await badges.statesFor(students);
  return students.map((student) => ({
    id: student.id,
    username: student.username,
    displayName: displayName(student),
    grade: student.grade,
    eligible: badges.isEligible(student),
    badge: states.get(student.id)!,
  }));
}
