import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { accessRefused } from '../auth/viewer';
import { displayName, type Directory, type Person } from '../directory/directory';
import { campusesOf, fileNameFor, helpsStudents, listGroup, scopeChecker, readTarget } from '../directory/helper-scope';
import { notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import type { AccountGroup, AccountGroupResponse, AccountGroupsResponse } from '../../shared/accounts';
import { ADMIN_ROLES } from '../../shared/roles';
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
  requireViewer: MiddlewareHandler<AppEnv>;
  publicUrl: string;
}

/** `/api/accounts`: credentials sheets, claim letters and resets, for the people a viewer may help. */
export function createAccountHelperRoutes(deps: AccountHelperRoutesDeps) {
  const { accounts, directory, audit, policy } = deps;
  const routes = new Hono<AppEnv>();
  routes.use('*', deps.requireViewer);

  const checkScope = scopeChecker(directory, audit);

  /** Whether the viewer may reset this person: IT anyone, a principal their campus's students, a teacher (where allowed) their own. */
  const mayReset = (viewer: Person, person?: Person) =>
    ADMIN_ROLES.includes(viewer.role) ||
    ((person === undefined || person.role === 'student') &&
      (viewer.role === 'principal' || (viewer.role === 'teacher' && policy.teacherResets)));

  routes.get('/groups', async (c) => {
    const viewer = c.get('viewer').person;
    if (!helpsStudents(viewer)) throw await accessRefused(c, audit, 'role');
    const body: AccountGroupsResponse = {
      groups: await groupsOf(directory, viewer),
      mayResetSecondFactor: ADMIN_ROLES.includes(viewer.role),
    };
    return c.json(body);
  });

  routes.get('/groups/:kind{class|campus}/:id', async (c) => {
    const kind = c.req.param('kind');
    const target = kind === 'class' ? { classId: c.req.param('id') } : { campusId: c.req.param('id') };
    await checkScope(c, target);
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
      mayReset: mayReset(c.get('viewer').person),
    };
    return c.json(body);
  });

  const printing = { accounts, directory, audit, policy, publicUrl: deps.publicUrl };

  routes.post('/credentials', async (c) => {
    const request = await readJson(c, sheetBody);
    const target = readTarget(request);
    await checkScope(c, target);
    const printed = await printCredentials(printing, target, { ...request, ...actorOf(c) });
    return pdfAnswer(c, printed.pdf, fileNameFor('sign-ins', printed.title));
  });

  routes.post('/claim-letters', async (c) => {
    const request = await readJson(c, lettersBody);
    const target = readTarget(request);
    await checkScope(c, target);
    const viewer = c.get('viewer').person;
    const printed = await printClaimLetters(printing, target, {
      ...request,
      ...actorOf(c),
      mayPrintFor: (person) => person.role === 'student' || ADMIN_ROLES.includes(viewer.role),
      mayReissue: (person) => mayReset(viewer, person),
    });
    return pdfAnswer(c, printed.pdf, fileNameFor('claim-letters', printed.title));
  });

  routes.post('/reset', async (c) => {
    const { userId } = await readJson(c, personBody);
    await checkScope(c, { userId });
    const person = await directory.findById(userId);
    if (!person || person.status !== 'active') throw notFound('That person');
    if (!mayReset(c.get('viewer').person, person))
      throw await accessRefused(c, audit, 'scope', { subjectUserId: userId, detail: { userId } });
    return c.json(await accounts.resetPassword(person, c.get('viewer').person.id, clientIp(c)));
  });

  routes.post('/totp-reset', async (c) => {
    const viewer = c.get('viewer').person;
    if (!ADMIN_ROLES.includes(viewer.role)) throw await accessRefused(c, audit, 'role');
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

async function groupsOf(directory: Directory, viewer: Person): Promise<AccountGroup[]> {
  if (viewer.role === 'teacher') {
    const taught = await directory.classesTaughtBy(viewer.id);
    return Promise.all(
      taught.map(async ({ id, title, campusName }) => ({
        kind: 'class' as const,
        id,
        title,
        campusName,
        studentCount: (await directory.studentsInClass(id)).length,
      })),
    );
  }
  const counts = new Map<string, number>();
  for (const { campusId } of await directory.studentGradesByCampus())
    counts.set(campusId, (counts.get(campusId) ?? 0) + 1);
  return (await campusesOf(directory, viewer)).map(({ id, name }) => ({
    kind: 'campus' as const,
    id,
    title: name,
    campusName: name,
    studentCount: counts.get(id) ?? 0,
  }));
}
