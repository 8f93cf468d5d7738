import { byEngine, type Storage, type Tx } from '../storage/storage';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import type { FillFailureReason, FillSeen } from '../../shared/vault/fill-outcome';
import type { FillOutcome } from '../vault/launches';
import { postgresTestRunStore } from './test-run-store.postgres';
import { sqliteTestRunStore } from './test-run-store.sqlite';

/** A test run as stored: the sealed test credential is wiped once released or expired (see `markReleased`). */
export interface TestRun {
  id: string;
  appId: string;
  definition: ConnectorDefinition;
  /** Sealed with the vault cipher; '' once released or expired. */
  username: string;
  password: string;
  extra: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  releasedAt: number | null;
  outcome: FillOutcome | null;
  outcomeReason: FillFailureReason | null;
  seen: FillSeen | null;
  outcomeAt: number | null;
}

export type NewTestRun = Pick<
  TestRun,
  'id' | 'appId' | 'definition' | 'username' | 'password' | 'extra' | 'createdBy' | 'createdAt' | 'expiresAt'
>;

export interface ReportedOutcome {
  outcome: FillOutcome;
  reason: FillFailureReason | null;
  seen: FillSeen | null;
}

/** IT's connector test runs: one release each, within their expiry, and what the extension saw. */
export interface TestRunStore {
  create(run: NewTestRun, tx?: Tx): Promise<void>;
  find(id: string, tx?: Tx): Promise<TestRun | undefined>;
  /**
   * The guarded update that decides a release: marks the run used and wipes its sealed credential, unless another
   * request already did or the run expired. The caller reads the credential before, inside the same transaction.
   */
  markReleased(id: string, at: number, tx?: Tx): Promise<boolean>;
  /** Records a report unless a final one (succeeded, failed) is already recorded; false then. */
  recordOutcome(id: string, reported: ReportedOutcome, at: number, tx?: Tx): Promise<boolean>;
  /** Wipes the sealed credentials of runs that expired unreleased: nothing waits there to be released. */
  wipeExpired(at: number, tx?: Tx): Promise<number>;
}

export function createTestRunStore(storage: Storage): TestRunStore {
  return byEngine(storage, { sqlite: sqliteTestRunStore, postgres: postgresTestRunStore });
}
