import type { Locale } from '../../../../../shared/i18n';
import type {
  ConfirmCredentialResponse,
  MyClassesResponse,
  PeopleSearchResponse,
  PersonPageResponse,
  ReleaseThrottleResponse,
  TroubleshootAnswer,
} from '../../../../../shared/people';
import { api } from '../../api';

export const PEOPLE_PATH = '/people';
export const TROUBLESHOOT_PATH = '/troubleshoot';
export const MY_CLASSES_PATH = '/classes';

/** The people search and each person's page (`/people/<id>`). */
export function isPeoplePath(path: string): boolean {
  return path === PEOPLE_PATH || path.startsWith(`${PEOPLE_PATH}/`);
}

export function personPath(id: string): string {
  return `${PEOPLE_PATH}/${encodeURIComponent(id)}`;
}

/** The person a page path names (`/people/<id>`), or null for the search. */
export function personInPath(path: string): string | null {
  const match = /^\/people\/([^/]+)$/.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** "Why can't … get in?" (`/troubleshoot`), or opened for one person (`/troubleshoot/<id>`, from their page or a class). */
export function isTroubleshootPath(path: string): boolean {
  return path === TROUBLESHOOT_PATH || path.startsWith(`${TROUBLESHOOT_PATH}/`);
}

export function troubleshootPath(personId: string): string {
  return `${TROUBLESHOOT_PATH}/${encodeURIComponent(personId)}`;
}

/** The person a troubleshoot path names, or null. */
export function troubleshootPersonIn(path: string): string | null {
  const match = /^\/troubleshoot\/([^/]+)$/.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** The search as the server answers it: only people the viewer may look at. */
export const peopleSearchPath = (query: string) => `/people?q=${encodeURIComponent(query)}`;

/** A person's page; the access rules' words come in `language`. */
export const personApiPath = (id: string, language: Locale) => `/people/${encodeURIComponent(id)}?lang=${language}`;

export const peopleApi = {
  person: (id: string, language: Locale) => api<PersonPageResponse>(personApiPath(id, language)),
  troubleshoot: (id: string, appId: string | null, language: Locale) => {
    const query = new URLSearchParams({ lang: language, ...(appId ? { app: appId } : {}) });
    return api<TroubleshootAnswer>(`/people/${encodeURIComponent(id)}/troubleshoot?${query}`);
  },
  releaseThrottle: (id: string) =>
    api<ReleaseThrottleResponse>(`/people/${encodeURIComponent(id)}/release-throttle`, { method: 'POST', body: {} }),
  confirmCredential: (id: string, appId: string) =>
    api<ConfirmCredentialResponse>(`/people/${encodeURIComponent(id)}/apps/${encodeURIComponent(appId)}/confirm`, {
      method: 'POST',
      body: {},
    }),
  myClasses: () => api<MyClassesResponse>('/my-classes'),
};
