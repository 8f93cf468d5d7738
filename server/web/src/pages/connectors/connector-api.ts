import { api } from '../../api';

/**
 * A saved connector version. The definition is shown and edited as JSON; the server validates it, so the
 * page only reads the few parts it lists.
 */
export interface ConnectorVersion {
  appId: string;
  version: number;
  definition: { launchUrl?: string; origins?: string[]; login?: { mode?: string } } & Record<string, unknown>;
  savedAt: number;
  savedBy: string | null;
}

/** Where an empty editor starts, for an app that has no connector yet. */
export const STARTER_DEFINITION = {
  launchUrl: 'https://app.example/login',
  origins: ['https://app.example'],
  login: { mode: 'fill', fields: { username: '#username', password: '#password' }, submit: 'button[type=submit]' },
};

const appPath = (appId: string) => `/admin/connectors/${encodeURIComponent(appId)}`;

export const connectorApi = {
  historyPath: appPath,
  save: (appId: string, definition: unknown) =>
    api<{ connector: ConnectorVersion; changed: boolean }>(appPath(appId), { method: 'PUT', body: definition }),
  importFile: (file: unknown) =>
    api<{ ok: true; saved: string[]; unchanged: string[] }>('/admin/connectors/import', { method: 'POST', body: file }),
};

/** The file a browser downloads for "export" (the server names it). */
export const CONNECTOR_EXPORT_URL = '/api/admin/connectors/export';
