import type { Directory, PeopleScope, Person } from '../directory/directory';
import type { Authority } from '../grants/authority';
import type { PeopleSearchResponse } from '../../shared/people';

/** A search names at most this many people: the helper types more to narrow it. */
const SEARCH_LIMIT = 20;

/**
 * Whom the viewer may look up, from their rights now: everyone with a district `view_people`; otherwise the students
 * of the campuses where they hold it, and of their own current classes where teachers hold it.
 */
export async function searchScopeOf(authority: Authority, viewer: Person): Promise<PeopleScope> {
  const rights = await authority.rightsOf(viewer);
  if (rights.district.includes('view_people')) return { everyone: true };
  return {
    everyone: false,
    studentCampusIds: rights.campuses.filter((c) => c.rights.includes('view_people')).map((c) => c.campusId),
    teacherId: rights.ownStudents.includes('view_people') ? viewer.id : null,
  };
}

export async function searchPeople(
  directory: Directory,
  authority: Authority,
  viewer: Person,
  query: string,
): Promise<PeopleSearchResponse> {
  const found = await directory.searchWithin(query, await searchScopeOf(authority, viewer), SEARCH_LIMIT);
  return {
    people: found.map(({ id, username, displayName, role, grade, campuses }) => ({
      id,
      username,
      displayName,
      role,
      grade,
      campuses,
    })),
  };
}
