import type { VaultCipher, CipherBinding } from '../../vault/cipher';

/**
 * Where an OIDC client's secret is sealed: it opens only as this app's client secret. The same binding as IT's
 * registration service (server/federation/registration-service.ts, `clientSecretBinding`), which seals it.
 */
const bindingFor = (appId: string): CipherBinding => ({
  entryId: `sso:${appId}`,
  owner: 'sso',
  appId,
  field: 'client_secret',
});

export const sealClientSecret = (cipher: VaultCipher, appId: string, secret: string) =>
  cipher.seal(secret, bindingFor(appId));

export const openClientSecret = (cipher: VaultCipher, appId: string, sealed: string) =>
  cipher.open(sealed, bindingFor(appId));
