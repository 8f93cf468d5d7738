import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { accessRefused } from '../auth/viewer';
import { displayName, type Campus, type ClassSummary, type Directory, type Person } from '../directory/directory';
import { fileNameFor, groupsWith, listGroup, readTarget, type HelpTarget } from '../directory/helper-scope';
import type { Authority } from '../grants/authority';
import { notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import type { AccountGroup, AccountGroupResponse, AccountGroupsResponse } from '../../shared/accounts';
import type { AccountPolicy } from './account-policy';
import type { AccountService } from './account-service';
import { printClaimLetters, printCredentials } from './print-accounts';

const id = z.string().min(1).max(200);
const language = z.enum(['en', 'es']).default('en');
const sheetBody = z.object({ classId: id.optional(), campusId: id.optional(), userId: id.optional(), language });
const lettersBody = sheetBody.extend({ onlyUnclaimed: z.boolean().default(false) });
const personBody = z.object({ userId: id });

export interface AccountHelperRoutesDeps {
  accounts: AccountService;
  directory: Directory;
  audit: AuditLog;
  policy: AccountPolicy;
  authority: Authority;
  requireViewer: MiddlewareHandler<AppEnv>;
  publicUrl: string;
}

/** `/api/accounts`: credentials sheets, claim letters and resets, for the people a viewer may help. */
export function createAccountHelperRoutes(deps: AccountHelperRoutesDeps) {
  const { accounts, directory, audit, policy, authority } = deps;
  const routes = new Hono<AppEnv>();
  routes.use('*', deps.requireViewer);

  /** Whether the viewer may reset this person (or the students of this class or campus) now. */
  const mayReset = async (viewer: Person, target: HelpTarget) =>
    (await authority.warrantFor(viewer, 'reset_passwords', target)) !== undefined;

  routes.get('/groups', async (c) => {
    const viewer = c.get('viewer').person;
    await authority.checkAnywhere(c, 'view_people');
    const body: AccountGroupsResponse = {
      groups: await groupsOf(directory, await groupsWith(directory, authority, viewer, 'view_people')),
      mayResetSecondFactor: await authority.holdsDistrictWide(viewer, 'manage_district'),
    };
    return c.json(body);
  });

  routes.get('/groups/:kind{class|campus}/:id', async (c) => {
    const kind = c.req.param('kind');
    const target = kind === 'class' ? { classId: c.req.param('id') } : { campusId: c.req.param('id') };
    await authority.check(c, 'view_people', target);
    const listing = await listGroup(directory, target);
    if (!listing) throw notFound(kind === 'class' ? 'That class' : 'That campus');
    const { students, ...group } = listing;
    const states = await accounts.statesFor(students);
    const body: AccountGroupResponse = {
      group: { ...group, studentCount: students.length },
      students: students.map((student) => ({
        id: student.id,
        username: student.username,
        displayName: displayName(student),
        grade: student.grade,
        classTitle: student.classTitle,
        account: states.get(student.id)!,
      })),
      mayReset: await mayReset(c.get('viewer').person, target),
    };
    return c.json(body);
  });

  const printing = { accounts, directory, audit, policy, publicUrl: deps.publicUrl };

  routes.post('/credentials', async (c) => {
    const request = await readJson(c, sheetBody);
    const target = readTarget(request);
    await authority.check(c, 'print_badges', target);
    const printed = await printCredentials(printing, target, { ...request, ...actorOf(c) });
    return pdfAnswer(c, printed.pdf, fileNameFor('sign-ins', printed.title));
  });

  routes.post('/claim-letters', async (c) => {
    const request = await readJson(c, lettersBody);
    const target = readTarget(request);
    const viewer = c.get('viewer').person;
    // A first letter is printed matter (`print_badges`) or a reset's first step (`reset_passwords`): either will do.
    const printsBadges = (await authority.warrantFor(viewer, 'print_badges', target)) !== undefined;
    await authority.check(c, printsBadges ? 'print_badges' : 'reset_passwords', target);
    const managesDistrict = await authority.holdsDistrictWide(viewer, 'manage_district');
    const printed = await printClaimLetters(printing, target, {
      ...request,
      ...actorOf(c),
      mayPrintFor: (person) => person.role === 'student' || managesDistrict,
      mayReissue: (person) => mayReset(viewer, { userId: person.id }),
    });
    return pdfAnswer(c, printed.pdf, fileNameFor('claim-letters', printed.title));
  });

  routes.post('/reset', async (c) => {
    const { userId } = await readJson(c, personBody);
    await authority.check(c, 'reset_passwords', { userId });
    const person = await directory.findById(userId);
    if (!person || person.status !== 'active') throw notFound('That person');
    return c.json(await accounts.resetPassword(person, c.get('viewer').person.id, clientIp(c)));
  });

  routes.post('/totp-reset', async (c) => {
    const viewer = c.get('viewer').person;
    if (!(await authority.holdsDistrictWide(viewer, 'manage_district'))) throw await accessRefused(c, audit, 'role');
    const person = await directory.findById((await readJson(c, personBody)).userId);
    if (!person) throw notFound('That person');
    await accounts.resetSecondFactor(person, viewer.id, clientIp(c));
    return c.json({ reset: true });
  });

  return routes;
}

const actorOf = (c: Context<AppEnv>) => ({ actorId: c.get('viewer').person.id, ip: clientIp(c) });

function pdfAnswer(c: Context, pdf: Uint8Array, fileName: string) {
  c.header('Content-Type', 'application/pdf');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  return c.body(pdf as Uint8Array<ArrayBuffer>);
}

async function groupsOf(
  directory: Directory,
  { classes, campuses }: { classes: ClassSummary[]; campuses: Campus[] },
): Promise<AccountGroup[]> {
  const classGroups = await Promise.all(
    classes.map(async ({ id, title, campusName }) => ({
      kind: 'class' as const,
      id,
      title,
      campusName,
      studentCount: (await directory.studentsInClass(id)).length,
    })),
  );
  if (!campuses.length) return classGroups;
  const counts = new Map<string, number>();
  for (const { campusId } of await directory.studentGradesByCampus())
    counts.set(campusId, (counts.get(campusId) ?? 0) + 1);
  const campusGroups = campuses.map(({ id, name }) => ({
    kind: 'campus' as const,
    id,
    title: name,
    campusName: name,
    studentCount: counts.get(id) ?? 0,
  }));
  return [...classGroups, ...campusGroups];
}
