import { byEngine, type Storage, type Tx } from '../storage/storage';
import { postgresAccountStore } from './account-store.postgres';
import { sqliteAccountStore } from './account-store.sqlite';

/** A person's row in `accounts`; a person without one has never been through the accounts feature. */
export interface AccountRecord {
  userId: string;
  passwordKind: 'fixed' | 'chosen' | null;
  fixedPasswordSealed: string | null;
  temporaryPasswordHash: string | null;
  temporaryExpiresAt: number | null;
  passwordChangedAt: number | null;
  totpSecretSealed: string | null;
  totpPendingSealed: string | null;
  totpEnrolledAt: number | null;
  totpLastStep: number | null;
  recoveryQuestions: string[] | null;
  recoveryAnswersHash: string | null;
  lastResetAt: number | null;
  /** Who reset it last; null when it was the command line (or never). */
  lastResetBy: string | null;
}

/** The columns of `accounts` that hold values sealed with the vault's key. */
export const SEALED_ACCOUNT_FIELDS = ['fixedPasswordSealed', 'totpSecretSealed', 'totpPendingSealed'] as const;
export type SealedAccountField = (typeof SEALED_ACCOUNT_FIELDS)[number];

export interface SealedAccountValue {
  userId: string;
  field: SealedAccountField;
  sealed: string;
}

export interface ClaimCodeRecord {
  userId: string;
  codeHash: string;
  issuedAt: number;
  issuedBy: string | null;
  expiresAt: number;
}

/**
 * The accounts tables (accounts, claim_codes, recovery_codes). `users.password_hash` is the directory's: callers
 * set it through the directory in the same unit of work.
 */
export interface AccountStore {
  find(userId: string): Promise<AccountRecord | undefined>;
  /** The rows of these people that exist, by user id. */
  findMany(userIds: readonly string[]): Promise<Map<string, AccountRecord>>;

  /**
   * Records that the person's password was set (`fixed` with its sealed copy for printing, or `chosen` with null):
   * upserts the row, sets the kind, the sealed copy and `password_changed_at`, and clears any temporary password.
   */
  passwordSet(
    userId: string,
    kind: 'fixed' | 'chosen',
    fixedPasswordSealed: string | null,
    at: number,
    tx?: Tx,
  ): Promise<void>;
  /** Forgets the person's password of any kind (fixed, temporary) as a reset does; upserts the row. */
  forgetPassword(userId: string, tx?: Tx): Promise<void>;
  /** Stores a helper's temporary password (argon2id) and its end; upserts the row; replaces any earlier one. */
  setTemporaryPassword(userId: string, passwordHash: string, expiresAt: number, tx?: Tx): Promise<void>;
  /**
   * Uses up a temporary password: clears it only if it is still this hash (compare-and-set), so two sign-ins with
   * one temporary password give one session. True when this call used it.
   */
  useTemporaryPassword(userId: string, passwordHash: string, tx?: Tx): Promise<boolean>;

  /** Notes a helper's reset (who, when), for the person's teacher to see; upserts the row. */
  recordReset(userId: string, actorId: string | null, at: number, tx?: Tx): Promise<void>;

  /** Saves the chosen recovery questions and the hash of their answers (upserts the row). */
  saveRecovery(userId: string, questions: readonly string[], answersHash: string, tx?: Tx): Promise<void>;

  /** Keeps a key shown to the person for enrolment until a code confirms it (upserts; replaces an earlier one). */
  setPendingTotp(userId: string, sealedSecret: string, tx?: Tx): Promise<void>;
  /**
   * Makes the pending key the person's, if it is still `sealedSecret` (compare-and-set), with `step` as the last
   * accepted one, and replaces their recovery codes with these hashes. True when this call enrolled them.
   */
  confirmTotp(
    userId: string,
    sealedSecret: string,
    step: number,
    at: number,
    recoveryCodeHashes: readonly string[],
    tx?: Tx,
  ): Promise<boolean>;
  /** Accepts a code's step only if it is later than the last accepted one (compare-and-set): a code works once. */
  acceptTotpStep(userId: string, step: number, tx?: Tx): Promise<boolean>;
  /** Forgets the key, any pending key and the recovery codes (IT's reset); true when there was a key or pending key. */
  clearTotp(userId: string, tx?: Tx): Promise<boolean>;
  /** Marks an unused recovery code used (compare-and-set); true when this call used it. */
  useRecoveryCode(userId: string, codeHash: string, at: number, tx?: Tx): Promise<boolean>;
  /** How many of the person's recovery codes are unused; with `codeHash`, whether that one is (0 or 1). */
  unusedRecoveryCodes(userId: string, codeHash?: string): Promise<number>;

  /** Every sealed value (fixed passwords, authenticator keys), for a key rotation. */
  sealedValues(tx?: Tx): Promise<SealedAccountValue[]>;
  /** Replaces one sealed value if it is still `from` (compare-and-set); true when it did. */
  replaceSealed(userId: string, field: SealedAccountField, from: string, to: string, tx?: Tx): Promise<boolean>;

  /** Saves a person's claim code, replacing the one they had. */
  saveClaimCode(code: ClaimCodeRecord, tx?: Tx): Promise<void>;
  findClaimCode(userId: string): Promise<ClaimCodeRecord | undefined>;
  /** Each of these people's claim code, by user id. */
  claimCodesFor(userIds: readonly string[]): Promise<Map<string, ClaimCodeRecord>>;
  /** Deletes the code if it is still this hash (compare-and-set): a claim code works once. */
  useClaimCode(userId: string, codeHash: string, tx?: Tx): Promise<boolean>;
  /** Deletes these people's claim codes (deactivation, a new password); returns how many. */
  dropClaimCodes(userIds: readonly string[], tx?: Tx): Promise<number>;
  /** Forgets these people's temporary passwords (deactivation: one must not work again on reactivation). */
  dropTemporaryPasswords(userIds: readonly string[], tx?: Tx): Promise<void>;
}

export function createAccountStore(storage: Storage): AccountStore {
  return byEngine(storage, { sqlite: sqliteAccountStore, postgres: postgresAccountStore });
}
