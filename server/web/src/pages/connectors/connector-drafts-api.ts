import { api } from '../../api';
import type { ConnectorDraftSummary } from '../../../../../shared/connectors/connector-drafts';
import type { ConnectorVersion } from './connector-api';

export type { ConnectorDraftSummary };

export const DRAFTS_PATH = '/admin/connector-drafts';
const draftPath = (id: string) => `${DRAFTS_PATH}/${encodeURIComponent(id)}`;

/** The Connectors page's drafts from capture: save one (as edited) as its app's connector, or discard it. */
export const draftApi = {
  save: (id: string, definition: unknown) =>
    api<{ connector: ConnectorVersion; changed: boolean }>(`${draftPath(id)}/save`, {
      method: 'POST',
      body: definition,
    }),
  // A body, though empty: the CSRF guard takes only JSON for a change.
  discard: (id: string) => api<void>(draftPath(id), { method: 'DELETE', body: {} }),
};
