import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors';

/** Why the vault said no. Each is a value first (audited), then an AppError for the HTTP answer. */
export const VAULT_REFUSALS = {
  launch_not_found: [404, 'That launch was not found for you. Open the app from its tile again.'],
  launch_app_mismatch: [403, 'That launch was for a different app.'],
  launch_expired: [410, 'That launch has expired. Open the app from its tile again.'],
  launch_used: [409, 'That launch was already used. Open the app from its tile again.'],
  not_entitled: [403, 'You do not have access to this app.'],
  not_a_vault_app: [409, 'This app does not use stored sign-ins.'],
  app_not_configured: [409, 'This app has no connector yet; ask IT to set one up.'],
  origin_not_allowed: [403, 'The credential may not be used on that site.'],
  credential_missing: [404, 'No sign-in is stored for you for this app; ask IT or add your own.'],
  credential_on_hold: [
    409,
    'The stored sign-in was rejected by the site last time; it must be updated or confirmed first.',
  ],
  credential_unreadable: [409, 'The stored sign-in cannot be opened; ask IT to enter it again.'],
  own_entries_not_allowed: [403, 'This app does not let people store their own sign-in.'],
  reveal_not_allowed: [403, 'This app does not allow showing the password.'],
  launch_not_released: [409, 'That launch has not released a credential, so there is no outcome to report.'],
} as const satisfies Record<string, readonly [ContentfulStatusCode, string]>;

export type VaultRefusal = keyof typeof VAULT_REFUSALS;

export const vaultError = (code: VaultRefusal) => new AppError(code, VAULT_REFUSALS[code][0], VAULT_REFUSALS[code][1]);
