import type { ConnectorDefinition } from '../../shared/connectors/connector';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import { postgresDraftStore } from './drafts.postgres';
import { sqliteDraftStore } from './drafts.sqlite';

/** A connector IT recorded with the extension's "Capture this login", waiting to be reviewed. */
export interface ConnectorDraft {
  id: string;
  appId: string;
  definition: ConnectorDefinition;
  capturedBy: string;
  capturedAt: number;
}

/** Captured connector drafts: kept until IT saves one as the app's connector or discards it. */
export interface ConnectorDraftStore {
  add(draft: ConnectorDraft, tx?: Tx): Promise<void>;
  /** Newest first. */
  list(): Promise<ConnectorDraft[]>;
  find(id: string): Promise<ConnectorDraft | undefined>;
  /** Removes the draft; false when it was already gone (someone else saved or discarded it first). */
  remove(id: string, tx?: Tx): Promise<boolean>;
}

export const createConnectorDraftStore = (storage: Storage): ConnectorDraftStore =>
  byEngine(storage, { sqlite: sqliteDraftStore, postgres: postgresDraftStore });
