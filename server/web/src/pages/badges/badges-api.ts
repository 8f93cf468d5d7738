import { useEffect, useState } from 'preact/hooks';
import type {
  BadgeGroup,
  BadgeGroupResponse,
  BadgeGroupsResponse,
  BadgePrintRequest,
} from '../../../../../shared/badges';
import { api, apiFile } from '../../api';

export const BADGES_PATH = '/badges';

/** The year-end void asks for this phrase, typed, as the server does. */
export const VOID_ALL_PHRASE = 'VOID ALL BADGES';

/** The badges page and its group pages. */
export function isBadgesPath(path: string): boolean {
  return path === BADGES_PATH || path.startsWith(`${BADGES_PATH}/`);
}

export function groupPath(group: Pick<BadgeGroup, 'kind' | 'id'>): string {
  return `${BADGES_PATH}/${group.kind}/${encodeURIComponent(group.id)}`;
}

/** The group a page path names (`/badges/class/<id>`), or null for the list. */
export function groupInPath(path: string): Pick<BadgeGroup, 'kind' | 'id'> | null {
  const match = /^\/badges\/(class|campus)\/([^/]+)$/.exec(path);
  return match ? { kind: match[1] as BadgeGroup['kind'], id: decodeURIComponent(match[2]!) } : null;
}

export const badgesApi = {
  groups: () => api<BadgeGroupsResponse>('/badges/groups'),
  group: (group: Pick<BadgeGroup, 'kind' | 'id'>) =>
    api<BadgeGroupResponse>(`/badges/groups/${group.kind}/${encodeURIComponent(group.id)}`),
  print: (request: BadgePrintRequest) => apiFile('/badges/print', { method: 'POST', body: request }),
  voidFor: (target: { userId: string } | { classId: string }) =>
    api<{ voided: number }>('/badges/void', { method: 'POST', body: target }),
  voidAll: (confirm: string) => api<{ voided: number }>('/badges/void-all', { method: 'POST', body: { confirm } }),
};

/** An answer loaded when `load` changes; the failure is kept as it came, so a refusal (403) can be told apart. */
export function useLoaded<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{ data: T | null; failure: unknown }>({ data: null, failure: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ data, failure: null }),
      (failure: unknown) => current && setState({ data: null, failure }),
    );
    return () => {
      current = false;
    };
  }, [key, round]);
  return { ...state, reload: () => setRound((value) => value + 1) };
}
