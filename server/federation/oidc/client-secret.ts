import type { VaultCipher } from '../../vault/cipher';
import { clientSecretBinding } from '../registration-service';

/** An OIDC client's secret opens only as this app's client secret: sealed by IT's registration service. */
export const sealClientSecret = (cipher: VaultCipher, appId: string, secret: string) =>
  cipher.seal(secret, clientSecretBinding(appId));

export const openClientSecret = (cipher: VaultCipher, appId: string, sealed: string) =>
  cipher.open(sealed, clientSecretBinding(appId));
