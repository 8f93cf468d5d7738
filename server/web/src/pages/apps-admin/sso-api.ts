import { api } from '../../api';
import type { SsoRegistrationBody, SsoRegistrationView } from '../../../../../shared/federation';
import type { IdpFacts, SsoPreview, SsoSaveAnswer } from '../../../../../shared/sso-admin';

const path = (appId: string) => `/admin/sso/${encodeURIComponent(appId)}`;

/** IT's SSO registration API (shared/sso-admin.ts is its contract). */
export const ssoApi = {
  get: (appId: string) => api<{ registration: SsoRegistrationView; metadata: string | null }>(path(appId)),
  save: (appId: string, registration: SsoRegistrationBody, version: number) =>
    api<SsoSaveAnswer>(path(appId), { method: 'PUT', body: { registration, version } }),
  remove: (appId: string, version: number) => api<void>(path(appId), { method: 'DELETE', body: { version } }),
  rotateSecret: (appId: string, version: number) =>
    api<SsoSaveAnswer>(`${path(appId)}/rotate-secret`, { method: 'POST', body: { version } }),
  preview: (appId: string, person: string) =>
    api<SsoPreview>(`${path(appId)}/preview`, { method: 'POST', body: { person } }),
  idp: () => api<IdpFacts>('/admin/sso/idp'),
};
