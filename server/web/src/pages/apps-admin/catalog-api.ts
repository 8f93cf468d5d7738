import { api, ApiError } from '../../api';
import type { AdminApp, AppDraft, AppVersionView, CatalogPreview } from '../../../../../shared/catalog-admin';

export const APPS_ADMIN_PATH = '/admin/apps';

const BASE = '/admin/catalog';
const appPath = (id: string) => `${BASE}/apps/${encodeURIComponent(id)}`;

/** What `POST /import` answers: the slugs created and updated. */
export interface CatalogImportResult {
  created: string[];
  updated: string[];
  unchanged?: string[];
  /** Live apps the file marks retired. */
  retired?: string[];
}

export interface Campus {
  id: string;
  name: string;
}

/** Sends an image as the request body, as `PUT /apps/:id/icon` wants it. */
async function sendIcon(appId: string, file: Blob): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api${appPath(appId)}/icon`, {
      method: 'PUT',
      credentials: 'same-origin',
      // The header no other site's form can add: the server's CSRF guard asks for it on uploads.
      headers: { 'content-type': file.type || 'application/octet-stream', 'x-gatehouse-upload': '1' },
      body: file,
    });
  } catch {
    throw new ApiError('network', 0, 'network');
  }
  if (response.ok) return;
  const payload = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  throw new ApiError(payload.error?.code ?? 'unknown', response.status, payload.error?.message ?? response.statusText);
}

/** A change's answer: the app as saved (also accepted wrapped as `{ app }`). */
async function saved(answer: Promise<unknown>): Promise<AdminApp> {
  const body = (await answer) as AdminApp | { app: AdminApp };
  return 'app' in body ? body.app : body;
}

/** IT's catalog API (shared/catalog-admin.ts is its contract). */
export const catalogApi = {
  listPath: `${BASE}/apps`,
  appPath,
  campusesPath: '/admin/campuses',
  get: (id: string) => api<{ app: AdminApp; versions: AppVersionView[] }>(appPath(id)),
  create: (draft: AppDraft) => saved(api(`${BASE}/apps`, { method: 'POST', body: draft })),
  save: (id: string, draft: AppDraft, version: number) =>
    saved(api(appPath(id), { method: 'PUT', body: { draft, version } })),
  retire: (id: string) => saved(api(`${appPath(id)}/retire`, { method: 'POST', body: {} })),
  restore: (id: string) => saved(api(`${appPath(id)}/restore`, { method: 'POST', body: {} })),
  preview: (draft: AppDraft, appId?: string, names?: 'gains' | 'losses') =>
    api<CatalogPreview>(`${BASE}/preview`, {
      method: 'POST',
      body: { draft, ...(appId && { appId }), ...(names && { names }) },
    }),
  putIcon: sendIcon,
  deleteIcon: (id: string) => api<void>(`${appPath(id)}/icon`, { method: 'DELETE' }),
  importFile: (file: unknown) => api<CatalogImportResult>(`${BASE}/import`, { method: 'POST', body: file }),
};

/** The file a browser downloads for "Export" (the server names it). */
export const CATALOG_EXPORT_URL = `/api${BASE}/export`;

/** Where an app's uploaded icon is served. */
export const uploadedIconUrl = (app: Pick<AdminApp, 'id' | 'hasUploadedIcon' | 'version'>) =>
  app.hasUploadedIcon ? `/api/apps/${encodeURIComponent(app.id)}/icon?v=${app.version}` : null;
