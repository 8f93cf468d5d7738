import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../db/connection';
import { AppError } from '../errors';
import {
  CONNECTOR_FILE_FORMAT,
  connectorFile,
  connectorSchema,
  type ConnectorDefinition,
} from '../../shared/connectors/connector';

export interface Connector {
  appId: string;
  version: number;
  definition: ConnectorDefinition;
  savedAt: number;
  savedBy: string | null;
}

/** One problem in an import file or a connector body, named by where it is. */
export interface ConnectorProblem {
  app: string;
  field: string;
  problem: string;
}

export interface ConnectorStore {
  /** The connector in use for an app (its highest version), if it has one. */
  current(appId: string): Connector | undefined;
  all(): Connector[];
  history(appId: string): Connector[];
  /** Validates and saves a new version; saving what is already current changes nothing. */
  save(appId: string, input: unknown, savedBy: string | null): { connector: Connector; changed: boolean };
  exportFile(slugOf: (appId: string) => string): { format: string; connectors: object[] };
  /** Validates every connector in the file first; saves all or none. */
  importFile(input: unknown, appIdOf: (slug: string) => string | undefined, savedBy: string | null): ImportResult;
}

export type ImportResult =
  { ok: true; saved: string[]; unchanged: string[] } | { ok: false; problems: ConnectorProblem[] };

type Row = Omit<Connector, 'definition'> & { definition: string };

export class ConnectorInvalidError extends AppError {
  constructor(readonly problems: ConnectorProblem[]) {
    const first = problems[0]!;
    super('connector_invalid', 400, `${first.field}: ${first.problem}`, {}, problems);
  }
}

/** Versioned app connectors. The current versions are few and read on every release, so they are cached. */
export function createConnectorStore(db: Db, now: () => number, options: { allowDevelopmentHttp: boolean }) {
  const sqlite = db.$client;
  const schema = connectorSchema(options);
  const selectCurrent = sqlite.prepare(`SELECT app_id AS appId, version, definition, saved_at AS savedAt,
    saved_by AS savedBy FROM connector_versions c
    WHERE version = (SELECT max(version) FROM connector_versions WHERE app_id = c.app_id) ORDER BY app_id`);
  const selectHistory = sqlite.prepare(`SELECT app_id AS appId, version, definition, saved_at AS savedAt,
    saved_by AS savedBy FROM connector_versions WHERE app_id = ? ORDER BY version DESC`);
  const insert = sqlite.prepare(
    'INSERT INTO connector_versions (app_id, version, definition, saved_at, saved_by) VALUES (?, ?, ?, ?, ?)',
  );
  const toConnector = (row: Row): Connector => ({ ...row, definition: JSON.parse(row.definition) });

  let cache: Map<string, Connector> | undefined;
  const currentMap = () =>
    (cache ??= new Map((selectCurrent.all() as Row[]).map((row) => [row.appId, toConnector(row)])));

  const validate = (app: string, input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { definition: parsed.data, problems: [] };
    const problems = parsed.error.issues.map((issue) => ({
      app,
      field: issue.path.join('.') || 'connector',
      problem: issue.message,
    }));
    return { definition: undefined, problems };
  };

  const write = (appId: string, definition: ConnectorDefinition, savedBy: string | null) => {
    const existing = currentMap().get(appId);
    if (existing && isDeepStrictEqual(existing.definition, definition)) return { connector: existing, changed: false };
    const connector = { appId, version: (existing?.version ?? 0) + 1, definition, savedAt: now(), savedBy };
    insert.run(appId, connector.version, JSON.stringify(definition), connector.savedAt, savedBy);
    return { connector, changed: true };
  };

  const store: ConnectorStore = {
    current: (appId) => currentMap().get(appId),
    all: () => [...currentMap().values()],
    history: (appId) => (selectHistory.all(appId) as Row[]).map(toConnector),
    save(appId, input, savedBy) {
      const { definition, problems } = validate(appId, input);
      if (!definition) throw new ConnectorInvalidError(problems);
      const written = write(appId, definition, savedBy);
      // After the write: `write` itself fills the cache from the rows before its insert.
      cache = undefined;
      return written;
    },
    exportFile: (slugOf) => ({
      format: CONNECTOR_FILE_FORMAT,
      connectors: store.all().map(({ appId, definition }) => ({ app: slugOf(appId), ...definition })),
    }),
    importFile(input, appIdOf, savedBy) {
      const file = connectorFile.safeParse(input);
      if (!file.success) {
        const issue = file.error.issues[0]!;
        return { ok: false, problems: [{ app: '', field: issue.path.join('.') || 'file', problem: issue.message }] };
      }
      const problems: ConnectorProblem[] = [];
      const valid: { appId: string; slug: string; definition: ConnectorDefinition }[] = [];
      for (const { app: slug, ...body } of file.data.connectors) {
        const appId = appIdOf(slug);
        if (!appId) problems.push({ app: slug, field: 'app', problem: 'is not an app in this district' });
        const checked = validate(slug, body);
        problems.push(...checked.problems);
        if (appId && checked.definition) valid.push({ appId, slug, definition: checked.definition });
      }
      if (problems.length > 0) return { ok: false, problems };
      const saved: string[] = [];
      const unchanged: string[] = [];
      cache = undefined;
      sqlite.transaction(() => {
        for (const { appId, slug, definition } of valid) {
          (write(appId, definition, savedBy).changed ? saved : unchanged).push(slug);
          cache = undefined;
        }
      })();
      return { ok: true, saved, unchanged };
    },
  };
  return store;
}
