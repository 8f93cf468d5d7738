import type { Config } from '../config';
import { createSigningKeys, ensureSigningKeyFile } from '../extension/signing-keys';
import { createVaultCipher, ensureVaultKeyFile, parseVaultKeyring } from '../vault/cipher';

/**
 * The vault cipher and the token signing keys, from files outside the database (created on first start)
 * or, for the vault, from GATEHOUSE_VAULT_KEYS. Returns a line for each file it created so start-up can say so.
 */
export async function openKeys(config: Pick<Config, 'vaultKeys' | 'signingKeyFile'>) {
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
  return { cipher, signingKeys: createSigningKeys({ file: config.signingKeyFile }), created };
}
