import { api } from '../../api';
import type { MessageKey } from '../../../../../shared/i18n';

/** How one of the signed-in person's vault tiles stands (GET /api/vault/tiles). */
export interface VaultTileStatus {
  appId: string;
  state: 'ready' | 'needs_attention' | 'missing' | 'not_configured';
  source: 'self' | 'it' | 'group' | 'template' | null;
  holdReason: string | null;
  userEntries: 'off' | 'it_wins' | 'user_wins';
  hasOwnEntry: boolean;
  withoutExtension: { showUsername: boolean; revealPassword: boolean };
  extraFieldLabel: string | null;
}

/** What to type on a computer without the extension; the password only after an explicit reveal. */
export interface SignInHelp {
  launchUrl: string;
  username: string | null;
  password: string | null;
  extra: string | null;
  extraFieldLabel: string | null;
  canRevealPassword: boolean;
}

/** One launch, which the browser extension may redeem once, shortly. */
export interface LaunchTicket {
  launchId: string;
  appId: string;
  launchUrl: string;
  /** The origins the app's sign-in may be used on. */
  origins: string[];
  expiresAt: number;
}

export interface OwnEntry {
  username: string;
  password: string;
  extra?: string;
}

const appPath = (appId: string) => `/vault/apps/${encodeURIComponent(appId)}`;
const tilesOf = (answer: Promise<{ tiles: VaultTileStatus[] }>) => answer.then((result) => result.tiles);

/** The person's own vault calls. Those that change something answer with every tile's new status. */
export const vaultApi = {
  tiles: () => tilesOf(api('/vault/tiles')),
  launch: (appId: string) => api<LaunchTicket>(`${appPath(appId)}/launch`, { method: 'POST', body: {} }),
  help: (appId: string) => api<SignInHelp>(`${appPath(appId)}/help`),
  reveal: (appId: string) => api<SignInHelp>(`${appPath(appId)}/reveal`, { method: 'POST', body: {} }),
  confirm: (appId: string) => tilesOf(api(`${appPath(appId)}/confirm`, { method: 'POST', body: {} })),
  saveOwnEntry: (appId: string, entry: OwnEntry) =>
    tilesOf(api(`${appPath(appId)}/own-entry`, { method: 'PUT', body: entry })),
};

/**
 * The words for a tile's state. "The portal signs you in" only where the extension answered and is paired;
 * elsewhere a ready tile says how to sign in by hand.
 */
export function stateMessage(status: VaultTileStatus, extensionReady: boolean): MessageKey {
  if (status.state === 'ready' && !extensionReady) return 'vault.state.readyByHand';
  if (status.state === 'missing' && status.userEntries !== 'off') return 'vault.state.missingAddOwn';
  return `vault.state.${status.state}`;
}

/** Whose sign-in is used, where people may store their own; null where they may not. */
export function sourceMessage(status: VaultTileStatus): MessageKey | null {
  if (status.userEntries === 'off' || status.source === null) return null;
  if (status.source === 'self') return 'vault.source.own';
  if (status.hasOwnEntry) return 'vault.source.itOwnFallback';
  return status.userEntries === 'user_wins' ? 'vault.source.itUntilOwn' : 'vault.source.itOwnWouldBeFallback';
}
