import type { RosterHealth, RosterReport, RosterSyncSummary } from '../../../../../shared/roster';
import { api, ApiError } from '../../api';

/** Sent with every upload: a header no other site's form can add (the server's CSRF guard asks for it). */
const UPLOAD_HEADER = 'x-gatehouse-upload';

/** What the server said about a bundle: a preview, or the import's outcome (a refusal carries its report too). */
export interface RosterAnswer {
  report: RosterReport;
}

type ErrorPayload = { error?: { code: string; message: string; details?: unknown }; report?: RosterReport };

/** Sends the chosen files (one .zip, or .csv files) as a form; a refused bundle answers with its report. */
async function upload(path: string, files: File[]): Promise<RosterAnswer> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api/admin/roster${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { [UPLOAD_HEADER]: '1' },
      body: form,
    });
  } catch {
    throw new ApiError('network', 0, 'network');
  }
  const payload = (await response.json().catch(() => ({}))) as ErrorPayload & Partial<RosterAnswer>;
  if (payload.report) return { report: payload.report };
  throw new ApiError(
    payload.error?.code ?? 'unknown',
    response.status,
    payload.error?.message ?? response.statusText,
    null,
    payload.error?.details,
  );
}

export const rosterApi = {
  preview: (files: File[]) => upload('/preview', files),
  importFiles: (files: File[]) => upload('/import', files),
  approve: (syncId: number) => api<RosterAnswer>(`/admin/roster/syncs/${syncId}/approve`, { method: 'POST', body: {} }),
  report: (syncId: number) => api<RosterAnswer>(`/admin/roster/syncs/${syncId}`),
};

export const ROSTER_PATHS = { syncs: '/admin/roster/syncs?limit=50', health: '/admin/roster/health' };
export type { RosterHealth, RosterReport, RosterSyncSummary };
