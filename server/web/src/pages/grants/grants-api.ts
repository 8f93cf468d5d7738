import type {
  GiveGrantRequest,
  GrantCandidatesResponse,
  GrantsResponse,
  GrantView,
} from '../../../../../shared/grants';
import { api } from '../../api';

export const GRANTS_PATH = '/grants';

export const grantsApi = {
  list: (includeEnded: boolean) => `/grants${includeEnded ? '?includeEnded=true' : ''}`,
  candidates: (campusId: string, query: string) =>
    api<GrantCandidatesResponse>(
      `/grants/candidates?campusId=${encodeURIComponent(campusId)}&q=${encodeURIComponent(query.trim())}`,
    ),
  give: (request: GiveGrantRequest) => api<GrantView>('/grants', { method: 'POST', body: request }),
  revoke: (grantId: string) =>
    api<GrantView>(`/grants/${encodeURIComponent(grantId)}/revoke`, { method: 'POST', body: {} }),
};

export type GrantsPageData = GrantsResponse;

/** The last day a grant works (it stops at the first moment of the next), as the browser's calendar has it. */
export function lastDay(expiresAt: number): Date {
  return new Date(expiresAt - 1);
}

/** Today as the browser's calendar has it, `YYYY-MM-DD`. */
export function todayInBrowser(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
