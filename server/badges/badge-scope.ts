import type { Directory, Person } from '../directory/directory';
import { ADMIN_ROLES } from '../../shared/roles';

/** Whose badges a request is about: a class, a campus or one person. */
export type BadgeTarget = { classId: string } | { campusId: string } | { userId: string };

/** Who may print or void whose badges: IT anywhere, a principal their campuses, a teacher their own students. */
export async function mayHandleBadges(directory: Directory, viewer: Person, target: BadgeTarget): Promise<boolean> {
  if (ADMIN_ROLES.includes(viewer.role)) return true;
  if (viewer.role === 'principal') return onViewersCampus(directory, viewer, target);
  if (viewer.role === 'teacher') return teachesTarget(directory, viewer, target);
  return false;
}

/** Whether the viewer may see the badges page at all. */
export const printsBadges = (viewer: Person) =>
  ADMIN_ROLES.includes(viewer.role) || viewer.role === 'principal' || viewer.role === 'teacher';

async function onViewersCampus(directory: Directory, viewer: Person, target: BadgeTarget) {
  const campuses = new Set(viewer.campusIds);
  if ('campusId' in target) return campuses.has(target.campusId);
  if ('classId' in target) {
    const found = await directory.findClass(target.classId);
    return found !== undefined && campuses.has(found.campusId);
  }
  const person = await directory.findById(target.userId);
  return person !== undefined && person.campusIds.some((id) => campuses.has(id));
}

async function teachesTarget(directory: Directory, viewer: Person, target: BadgeTarget) {
  if ('campusId' in target) return false;
  if ('userId' in target) return directory.teaches(viewer.id, target.userId);
  const taught = await directory.classesTaughtBy(viewer.id);
  return taught.some((taughtClass) => taughtClass.id === target.classId);
}
