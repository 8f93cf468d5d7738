import { byEngine, type Storage } from '../../storage/storage';
import { postgresPayloadRows } from './payload-store.postgres';
import { sqlitePayloadRows } from './payload-store.sqlite';

/**
 * What oidc-provider keeps between requests (interactions, sessions, grants, codes, tokens), one row per model
 * and id in `oidc_payloads`. A row past its expiry is never found, whatever the provider would make of it, and
 * the housekeeping job deletes it. A code is spent by a guarded update, so two requests racing with one code
 * (or two portal processes on one PostgreSQL) spend it once.
 */

export type OidcPayload = Record<string, unknown>;

export interface StoredPayload {
  payload: OidcPayload;
  /** When it was spent (codes, refresh tokens), milliseconds; null while unspent. */
  consumedAt: number | null;
}

export interface PayloadRow {
  model: string;
  id: string;
  payload: OidcPayload;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresAt: number | null;
}

/** The statements each engine's adapter runs. */
export interface PayloadRows {
  upsert(row: PayloadRow): Promise<void>;
  find(model: string, by: 'id' | 'uid' | 'userCode', value: string, now: number): Promise<StoredPayload | undefined>;
  /** Marks a live, unspent row spent; false when there was none. */
  consume(model: string, id: string, now: number): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  revokeByGrantId(model: string, grantId: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

export interface OidcPayloadStore {
  /** Saves the payload; `expiresInSeconds` as oidc-provider gives it (none: kept until destroyed). */
  upsert(model: string, id: string, payload: OidcPayload, expiresInSeconds: number | undefined): Promise<void>;
  find(model: string, id: string): Promise<StoredPayload | undefined>;
  findByUid(model: string, uid: string): Promise<StoredPayload | undefined>;
  findByUserCode(model: string, userCode: string): Promise<StoredPayload | undefined>;
  consume(model: string, id: string): Promise<boolean>;
  destroy(model: string, id: string): Promise<void>;
  /** Deletes every row of the model issued under the grant (a replayed code revokes its grant's tokens). */
  revokeByGrantId(model: string, grantId: string): Promise<void>;
  /** Housekeeping: deletes rows past their expiry; returns how many. */
  sweepExpired(): Promise<number>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

export function createOidcPayloadStore(storage: Storage, now: () => number): OidcPayloadStore {
  const rows = byEngine(storage, { sqlite: sqlitePayloadRows, postgres: postgresPayloadRows });
  return {
    upsert: (model, id, payload, expiresInSeconds) =>
      rows.upsert({
        model,
        id,
        payload,
        grantId: text(payload.grantId),
        userCode: text(payload.userCode),
        uid: text(payload.uid),
        expiresAt: expiresInSeconds === undefined ? null : now() + expiresInSeconds * 1000,
      }),
    find: (model, id) => rows.find(model, 'id', id, now()),
    findByUid: (model, uid) => rows.find(model, 'uid', uid, now()),
    findByUserCode: (model, userCode) => rows.find(model, 'userCode', userCode, now()),
    consume: (model, id) => rows.consume(model, id, now()),
    destroy: (model, id) => rows.destroy(model, id),
    revokeByGrantId: (model, grantId) => rows.revokeByGrantId(model, grantId),
    sweepExpired: () => rows.deleteExpired(now()),
  };
}
