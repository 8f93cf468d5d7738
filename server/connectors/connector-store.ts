import { AppError } from '../errors';
import type { ChangeWatch } from '../storage/change-generations';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import {
  CONNECTOR_FILE_FORMAT,
  connectorFile,
  connectorSchema,
  type ConnectorDefinition,
} from '../../shared/connectors/connector';
import { sqliteConnectorRows } from './connector-store.sqlite';
import { postgresConnectorRows } from './connector-store.postgres';

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
  /** The connector in use for an app (its highest version), if it has one. From memory: see `createConnectorStore`. */
  current(appId: string): Connector | undefined;
  all(): Connector[];
  history(appId: string): Promise<Connector[]>;
  /** Validates and saves a new version; saving what is already current changes nothing. */
  save(appId: string, input: unknown, savedBy: string | null, tx?: Tx): Promise<SaveResult>;
  exportFile(slugOf: (appId: string) => string): { format: string; connectors: object[] };
  /** Validates every connector in the file first; saves all or none. */
  importFile(
    input: unknown,
    appIdOf: (slug: string) => string | undefined,
    savedBy: string | null,
  ): Promise<ImportResult>;
}

export interface SaveResult {
  connector: Connector;
  changed: boolean;
}

export type ImportResult =
  { ok: true; saved: string[]; unchanged: string[] } | { ok: false; problems: ConnectorProblem[] };

/** What each engine's adapter does: rows in, rows out. */
export interface ConnectorRows {
  /** Every app's highest version. */
  currentAll(): Promise<Connector[]>;
  history(appId: string): Promise<Connector[]>;
  /**
   * In one transaction (the caller's `tx` when given): each definition that differs from its app's current version
   * becomes the next version, and the connectors' generation is bumped.
   */
  saveVersions(
    changes: { appId: string; definition: ConnectorDefinition }[],
    savedBy: string | null,
    savedAt: number,
    tx?: Tx,
  ): Promise<SaveResult[]>;
}

export const CONNECTORS_TOPIC = 'connectors';

export class ConnectorInvalidError extends AppError {
  constructor(readonly problems: ConnectorProblem[]) {
    const first = problems[0]!;
    super('connector_invalid', 400, `${first.field}: ${first.problem}`, {}, problems);
  }
}

/** Each engine's adapter. */
const connectorRows = (storage: Storage) =>
  byEngine(storage, { sqlite: sqliteConnectorRows, postgres: postgresConnectorRows });

/**
 * Validates and saves connectors for a writer that holds no copy in memory (the demo seed): in one transaction
 * (`tx` when given), bumping the connectors' generation, so every running process takes them in.
 */
export async function saveConnectorVersions(
  storage: Storage,
  list: { appId: string; definition: unknown }[],
  {
    savedBy,
    savedAt,
    allowDevelopmentHttp,
  }: { savedBy: string | null; savedAt: number; allowDevelopmentHttp: boolean },
  tx?: Tx,
): Promise<SaveResult[]> {
  const schema = connectorSchema({ allowDevelopmentHttp });
  const valid = list.map(({ appId, definition }) => {
    const parsed = schema.safeParse(definition);
    if (!parsed.success) throw new ConnectorInvalidError(problemsOf(appId, parsed.error.issues));
    return { appId, definition: parsed.data };
  });
  return connectorRows(storage).saveVersions(valid, savedBy, savedAt, tx);
}

export const problemsOf = (app: string, issues: { path: PropertyKey[]; message: string }[]): ConnectorProblem[] =>
  issues.map((issue) => ({ app, field: issue.path.join('.') || 'connector', problem: issue.message }));

/**
 * Versioned app connectors. The current versions are few and read on every release, so each process holds them in
 * memory. A save here is in force here at once (with the caller's `tx`: at the next check after it commits); a save
 * made by another process or the CLI is in force here within about 1 s (the watch's check interval).
 */
export async function createConnectorStore(
  storage: Storage,
  changes: ChangeWatch,
  now: () => number,
  options: { allowDevelopmentHttp: boolean },
): Promise<ConnectorStore> {
  const rows = connectorRows(storage);
  const schema = connectorSchema(options);
  let currentByApp = new Map<string, Connector>();
  const followed = await changes.follow(CONNECTORS_TOPIC, async () => {
    // In app id order by code unit on either engine (PostgreSQL's text order follows its locale).
    const current = (await rows.currentAll()).toSorted((a, b) => (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0));
    currentByApp = new Map(current.map((connector) => [connector.appId, connector]));
  });

  const validate = (app: string, input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) return { definition: parsed.data, problems: [] };
    return { definition: undefined, problems: problemsOf(app, parsed.error.issues) };
  };

  const saveVersions = async (
    list: { appId: string; definition: ConnectorDefinition }[],
    savedBy: string | null,
    tx?: Tx,
  ) => {
    const results = await rows.saveVersions(list, savedBy, now(), tx);
    // Inside a caller's transaction nothing is committed yet: the next check picks the change up.
    if (!tx && results.some((result) => result.changed)) await followed.refresh();
    return results;
  };

  const store: ConnectorStore = {
    current: (appId) => currentByApp.get(appId),
    all: () => [...currentByApp.values()],
    history: (appId) => rows.history(appId),
    async save(appId, input, savedBy, tx) {
      const { definition, problems } = validate(appId, input);
      if (!definition) throw new ConnectorInvalidError(problems);
      const [result] = await saveVersions([{ appId, definition }], savedBy, tx);
      return result!;
    },
    exportFile: (slugOf) => ({
      format: CONNECTOR_FILE_FORMAT,
      connectors: store.all().map(({ appId, definition }) => ({ app: slugOf(appId), ...definition })),
    }),
    async importFile(input, appIdOf, savedBy) {
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
      const results = await saveVersions(valid, savedBy);
      const saved = valid.filter((_, index) => results[index]!.changed).map(({ slug }) => slug);
      const unchanged = valid.filter((_, index) => !results[index]!.changed).map(({ slug }) => slug);
      return { ok: true, saved, unchanged };
    },
  };
  return store;
}
