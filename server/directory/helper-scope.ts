import { AppError, notFound } from '../errors';
import type { Authority, HelpTarget } from '../grants/authority';
import type { Right } from '../../shared/rights';
import {
  displayName,
  type Campus,
  type ClassSummary,
  type Directory,
  type Person,
  type StudentInClass,
} from './directory';

export type { HelpTarget } from '../grants/authority';

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

/**
 * The classes and campuses a viewer may open for `right`: the campuses where they hold it (every one for a district
 * right), and the current classes they teach where teachers hold it.
 */
export async function groupsWith(
  directory: Directory,
  authority: Authority,
  viewer: Person,
  right: Right,
): Promise<{ classes: ClassSummary[]; campuses: Campus[] }> {
  const rights = await authority.rightsOf(viewer);
  const classes = rights.ownStudents.includes(right) ? await directory.classesTaughtBy(viewer.id) : [];
  return { classes, campuses: await authority.campusesWith(viewer, right) };
}
