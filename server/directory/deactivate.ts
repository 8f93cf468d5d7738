import type { AccountStore } from '../accounts/account-store';
import type { SessionStore } from '../auth/sessions';
import type { BadgeStore } from '../badges/badge-store';
import type { ExtensionSessionStore } from '../extension/extension-sessions';
import type { Storage } from '../storage/storage';
import type { LaunchStore } from '../vault/launches';
import type { Directory } from './directory';

export interface DeactivationStores {
  storage: Storage;
  directory: Pick<Directory, 'deactivate'>;
  sessions: Pick<SessionStore, 'endAllFor'>;
  extensionSessions: Pick<ExtensionSessionStore, 'endAllFor'>;
  launches: Pick<LaunchStore, 'cancelUnreleasedFor'>;
  badges: Pick<BadgeStore, 'voidFor'>;
  accounts: Pick<AccountStore, 'dropClaimCodes' | 'dropTemporaryPasswords'>;
  now: () => number;
}

/**
 * Turns a person's account off and ends everything that lets them in, in one unit of work: portal sessions
 * (with their pairing codes, and those made with their badge), extension sessions, launches not yet released,
 * their badge (voided as `deactivated`), their claim code and temporary password.
 * The roster import calls this for people who left; nothing about them is deleted.
 */
export async function deactivatePerson(stores: DeactivationStores, userId: string): Promise<boolean> {
  return stores.storage.transaction(async (tx) => {
    const changed = await stores.directory.deactivate(userId, tx);
    await stores.sessions.endAllFor(userId, tx);
    await stores.extensionSessions.endAllFor(userId, tx);
    await stores.launches.cancelUnreleasedFor(userId, tx);
    await stores.badges.voidFor([userId], 'deactivated', null, stores.now(), tx);
    await stores.accounts.dropClaimCodes([userId], tx);
    await stores.accounts.dropTemporaryPasswords([userId], tx);
    return changed;
  });
}
