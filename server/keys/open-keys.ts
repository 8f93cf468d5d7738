import type { Config } from '../config';
import { createManagedDeviceSecrets, ensureDeviceSecretFile } from '../extension/managed-device-secrets';
import { createSigningKeys, ensureSigningKeyFile } from '../extension/signing-keys';
import { ensurePairwiseSecretFile, readPairwiseSecret } from '../federation/pairwise-secret';
import { createSamlKeys, ensureSamlKeyFile } from '../federation/saml-keys';
import { createOidcKeys, ensureOidcKeyFile } from '../federation/oidc-keys';
import { createVaultCipher, ensureVaultKeyFile, parseVaultKeyring } from '../vault/cipher';

/**
 * The vault cipher, the token signing keys and the managed-device secrets, from files outside the database (created on first start)
 * or, for the vault, from GATEHOUSE_VAULT_KEYS. Returns a line for each file it created so start-up can say so.
 */
export async function openKeys(
  config: Pick<
    Config,
    'vaultKeys' | 'signingKeyFile' | 'deviceSecretFile' | 'pairwiseSecretFile' | 'samlKeyFile' | 'oidcKeyFile'
  >,
) {
  const created: string[] = [];
  let cipher;
  if ('file' in config.vaultKeys) {
    if (ensureVaultKeyFile(config.vaultKeys.file)) {
      created.push(
        `${config.vaultKeys.file}: the vault's master key. Back it up apart from the database; without it stored sign-ins cannot be read.`,
      );
    }
    cipher = createVaultCipher({ file: config.vaultKeys.file });
  } else {
    cipher = createVaultCipher(parseVaultKeyring(JSON.parse(config.vaultKeys.json)));
  }
  if (await ensureSigningKeyFile(config.signingKeyFile)) {
    created.push(
      `${config.signingKeyFile}: the key that signs extension tokens (losing it only signs extensions out).`,
    );
  }
  if (ensureDeviceSecretFile(config.deviceSecretFile)) {
    created.push(
      `${config.deviceSecretFile}: the managed-device secret the extension policy carries (replacing it means pushing a new policy).`,
    );
  }
  if (ensurePairwiseSecretFile(config.pairwiseSecretFile)) {
    created.push(
      `${config.pairwiseSecretFile}: the secret behind per-app pairwise identifiers. Back it up: a new one gives everyone a new identity at apps that use them.`,
    );
  }
  if (ensureSamlKeyFile(config.samlKeyFile)) {
    created.push(
      `${config.samlKeyFile}: the SAML identity provider's signing key and certificate (apps trust its certificate; change it with "federation rotate-saml-cert").`,
    );
  }
  if (await ensureOidcKeyFile(config.oidcKeyFile)) {
    created.push(`${config.oidcKeyFile}: the keys that sign OIDC ID tokens (rotate with rotate-oidc-keys).`);
  }
  return {
    cipher,
    samlKeys: createSamlKeys({ file: config.samlKeyFile }),
    oidcKeys: createOidcKeys({ file: config.oidcKeyFile }),
    pairwiseSecret: readPairwiseSecret(config.pairwiseSecretFile),
    signingKeys: createSigningKeys({ file: config.signingKeyFile }),
    deviceSecrets: createManagedDeviceSecrets({ file: config.deviceSecretFile }),
    created,
  };
}
