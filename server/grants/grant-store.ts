import { byEngine, type Storage, type Tx } from '../storage/storage';
import type { DelegateRight, GrantKind } from '../../shared/rights';
import { sqliteGrantStore } from './grant-store.sqlite';
import { postgresGrantStore } from './grant-store.postgres';

export interface GrantRecord {
  id: string;
  userId: string;
  kind: GrantKind;
  /** The campus it is over; null for a district grant. */
  campusId: string | null;
  /** A delegate's named rights; empty for other kinds. */
  rights: DelegateRight[];
  grantedBy: string | null;
  grantedAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
}

export type NewGrant = Omit<GrantRecord, 'revokedAt' | 'revokedBy'>;

export interface GrantFilter {
  /** Only grants over these campuses (district grants are left out when given). */
  campusIds?: readonly string[];
  userId?: string;
  /** Also list grants that were revoked or ran out (history); newest first either way. */
  includeEnded?: boolean;
}

/** The grants table: rows are given and revoked, never deleted. */
export interface GrantStore {
  give(grant: NewGrant, tx?: Tx): Promise<void>;
  /** Revokes a grant still unrevoked; the row as it now is, or undefined when unknown or already revoked. */
  revoke(id: string, revokedBy: string | null, at: number, tx?: Tx): Promise<GrantRecord | undefined>;
  find(id: string): Promise<GrantRecord | undefined>;
  /**
   * The person's grants in force at `at`: not revoked, not expired. Read on every request that needs a right; with
   * `tx`, inside the caller's unit of work (after `holdPerson`).
   */
  inForceFor(userId: string, at: number, tx?: Tx): Promise<GrantRecord[]>;
  /**
   * Makes every other unit of work that holds the same person wait until this one ends, so that reading the
   * person's grants and replacing one is not interleaved with another give (two portal processes on one PostgreSQL).
   */
  holdPerson(userId: string, tx: Tx): Promise<void>;
  list(filter: GrantFilter, at: number): Promise<GrantRecord[]>;
}

export const createGrantStore = (storage: Storage): GrantStore =>
  byEngine(storage, { sqlite: sqliteGrantStore, postgres: postgresGrantStore });
