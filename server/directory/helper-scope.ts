import type { Context } from 'hono';
import type { AuditLog } from '../audit/audit-log';
import { accessRefused } from '../auth/viewer';
import { AppError, notFound } from '../errors';
import type { AppEnv } from '../http/env';
import {
  displayName,
  type Campus,
  type ClassSummary,
  type Directory,
  type Person,
  type StudentInClass,
} from './directory';
import { ADMIN_ROLES } from '../../shared/roles';

/** Whom a helper's request is about: a class, a campus or one person. */
export type HelpTarget = { classId: string } | { campusId: string } | { userId: string };

/**
 * Who may help whom (print badges or sign-in sheets, void badges, reset passwords): IT anywhere, a principal
 * their campuses, a teacher their own current students.
 */
export async function mayHelpWith(directory: Directory, viewer: Person, target: HelpTarget): Promise<boolean> {
  if (ADMIN_ROLES.includes(viewer.role)) return true;
  if (viewer.role === 'principal') return onViewersCampus(directory, viewer, target);
  if (viewer.role === 'teacher') return teachesTarget(directory, viewer, target);
  return false;
}

/** Refuses (403, audited with what was reached for) a viewer who may not help with this target. */
export function scopeChecker(directory: Directory, audit: AuditLog) {
  return async (c: Context<AppEnv>, target: HelpTarget) => {
    if (!(await mayHelpWith(directory, c.get('viewer').person, target))) {
      const subjectUserId = 'userId' in target ? target.userId : undefined;
      throw await accessRefused(c, audit, 'scope', { subjectUserId, detail: target });
    }
  };
}

/** Whether the viewer helps students at all (the badges and sign-ins pages). */
export const helpsStudents = (viewer: Person) =>
  ADMIN_ROLES.includes(viewer.role) || viewer.role === 'principal' || viewer.role === 'teacher';

async function onViewersCampus(directory: Directory, viewer: Person, target: HelpTarget) {
  const campuses = new Set(viewer.campusIds);
  if ('campusId' in target) return campuses.has(target.campusId);
  if ('classId' in target) {
    const found = await directory.findClass(target.classId);
    return found !== undefined && campuses.has(found.campusId);
  }
  const person = await directory.findById(target.userId);
  return person !== undefined && person.campusIds.some((id) => campuses.has(id));
}

async function teachesTarget(directory: Directory, viewer: Person, target: HelpTarget) {
  if ('campusId' in target) return false;
  if ('userId' in target) return directory.teaches(viewer.id, target.userId);
  const taught = await directory.classesTaughtBy(viewer.id);
  return taught.some((taughtClass) => taughtClass.id === target.classId);
}

/** Exactly one of `classId`, `campusId`, `userId` from a request, or a 400. */
export function readTarget(request: { classId?: string; campusId?: string; userId?: string }): HelpTarget {
  const given = (['classId', 'campusId', 'userId'] as const).filter((key) => request[key] !== undefined);
  if (given.length !== 1) throw new AppError('invalid_request', 400, 'Name one of classId, campusId or userId.');
  const key = given[0]!;
  return { [key]: request[key]! } as HelpTarget;
}

/** A class or a campus as a helper's page lists it, with its active students. */
export interface GroupListing {
  kind: 'class' | 'campus';
  id: string;
  title: string;
  campusName: string;
  termEndsOn: string | null;
  students: StudentInClass[];
}

export async function listGroup(
  directory: Directory,
  target: { classId: string } | { campusId: string },
): Promise<GroupListing | undefined> {
  if ('classId' in target) {
    const found = await directory.findClass(target.classId);
    return found && classListingOf(directory, found);
  }
  const campus = await directory.findCampus(target.campusId);
  if (!campus) return undefined;
  const students = await directory.studentsOnCampus(campus.id);
  return { kind: 'campus', id: campus.id, title: campus.name, campusName: campus.name, termEndsOn: null, students };
}

export async function classListingOf(directory: Directory, found: ClassSummary): Promise<GroupListing> {
  const { id, title, campusName, termEndsOn } = found;
  return { kind: 'class', id, title, campusName, termEndsOn, students: await directory.studentsInClass(id) };
}

/** The campuses a viewer helps on: every one for IT, a principal's own. */
export async function campusesOf(directory: Directory, viewer: Person): Promise<Campus[]> {
  if (ADMIN_ROLES.includes(viewer.role)) return directory.campuses();
  const found = await Promise.all(viewer.campusIds.map((id) => directory.findCampus(id)));
  return found.filter((campus) => campus !== undefined);
}

/** A download's file name from a class or campus title: letters, digits and dashes only. */
export const fileNameFor = (prefix: string, title: string) =>
  `${prefix}-${
    title
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'sheet'
  }.pdf`;

/**
 * The people a sheet is printed for, with its title: a class's or a campus's active students, or one person
 * (a student with their first class, or anyone else with none); 404 when the class, campus or person is unknown.
 */
export async function peopleFor(
  directory: Directory,
  target: HelpTarget,
): Promise<{ students: StudentInClass[]; title: string }> {
  if ('classId' in target) {
    const found = await directory.findClass(target.classId);
    if (!found) throw notFound(`Class ${target.classId}`);
    return { students: await directory.studentsInClass(found.id), title: `${found.title} · ${found.campusName}` };
  }
  if ('campusId' in target) {
    const campus = await directory.findCampus(target.campusId);
    if (!campus) throw notFound(`Campus ${target.campusId}`);
    return { students: await directory.studentsOnCampus(campus.id), title: campus.name };
  }
  const person = await directory.findById(target.userId);
  if (!person) throw notFound(`Person ${target.userId}`);
  const onCampus = person.campusIds[0] ? await directory.studentsOnCampus(person.campusIds[0]) : [];
  const student = onCampus.find((listed) => listed.id === person.id) ?? { ...person, classTitle: null, campusName: '' };
  return { students: [student], title: displayName(person) };
}
