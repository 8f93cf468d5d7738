import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { accessRefused } from '../auth/viewer';
import { displayName, type Directory, type Person, type StudentInClass } from '../directory/directory';
import {
  campusesOf,
  fileNameFor,
  helpsStudents,
  listGroup,
  mayHelpWith,
  peopleFor,
  readTarget,
  type HelpTarget,
} from '../directory/helper-scope';
import { AppError, notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import type { AccountGroup, AccountGroupResponse, AccountGroupsResponse } from '../../shared/accounts';
import { ADMIN_ROLES } from '../../shared/roles';
import type { AccountPolicy } from './account-policy';
import { getsFixedPassword } from './account-policy';
import type { AccountService } from './account-service';
import { renderClaimLetters, renderCredentialsSheet } from './account-sheets';

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

  async function checkScope(c: Context<AppEnv>, target: HelpTarget) {
    if (!(await mayHelpWith(directory, c.get('viewer').person, target))) {
      const subjectUserId = 'userId' in target ? target.userId : undefined;
      throw await accessRefused(c, audit, 'scope', { subjectUserId, detail: target });
    }
  }

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

  routes.post('/credentials', async (c) => {
    const request = await readJson(c, sheetBody);
    const target = readTarget(request);
    await checkScope(c, target);
    const { students, title } = await peopleFor(directory, target);
    const young = students.filter((student) => getsFixedPassword(student, policy));
    if (!young.length)
      throw new AppError('no_credentials_to_print', 422, 'No student here has a password from the school to print.');
    const passwords = await accounts.fixedPasswordsFor(young);
    const rows = young.map((student) => ({
      displayName: displayName(student),
      username: student.username,
      password: passwords.get(student.id) ?? null,
      classTitle: student.classTitle,
      campusName: student.campusName,
    }));
    const pdf = await renderCredentialsSheet(rows, { portalUrl: deps.publicUrl, language: request.language, title });
    await audit.record({
      action: 'account.credentials_printed',
      outcome: 'success',
      actorUserId: c.get('viewer').person.id,
      subjectUserId: 'userId' in target ? target.userId : undefined,
      ip: clientIp(c),
      detail: { ...target, printed: rows.length },
    });
    return pdfAnswer(c, pdf, fileNameFor('sign-ins', title));
  });

  routes.post('/claim-letters', async (c) => {
    const request = await readJson(c, lettersBody);
    const target = readTarget(request);
    await checkScope(c, target);
    const { students, title } = await peopleFor(directory, target);
    const needing = await whoNeedsClaimLetters(accounts, policy, students, request.onlyUnclaimed);
    if (!needing.length)
      throw new AppError(
        'no_claim_letters',
        422,
        'Nobody here needs a claim letter: everyone has claimed their account.',
      );
    const byId = new Map(students.map((student) => [student.id, student]));
    const pdf = await accounts.issueClaimCodes(needing, c.get('viewer').person.id, clientIp(c), (issued) =>
      renderClaimLetters(
        issued.map(({ person, code, expiresAt }) => ({
          displayName: displayName(person),
          username: person.username,
          claimCode: code,
          expiresAt,
          classTitle: byId.get(person.id)?.classTitle ?? null,
          campusName: byId.get(person.id)?.campusName ?? '',
        })),
        { portalUrl: deps.publicUrl, language: request.language, title },
      ),
    );
    return pdfAnswer(c, pdf, fileNameFor('claim-letters', title));
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

function pdfAnswer(c: Context, pdf: Uint8Array, fileName: string) {
  c.header('Content-Type', 'application/pdf');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  return c.body(pdf as Uint8Array<ArrayBuffer>);
}

/** Who gets a claim letter: everyone who claims (not the fixed-password grades); only the unclaimed when asked. */
async function whoNeedsClaimLetters(
  accounts: AccountService,
  policy: AccountPolicy,
  people: readonly StudentInClass[],
  onlyUnclaimed: boolean,
) {
  const claimers = people.filter((person) => !getsFixedPassword(person, policy));
  if (!onlyUnclaimed) return claimers;
  const states = await accounts.statesFor(claimers);
  return claimers.filter((person) => states.get(person.id)?.status === 'unclaimed');
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
