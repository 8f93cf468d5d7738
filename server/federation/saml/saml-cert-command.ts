import fs from 'node:fs';
import type { Config } from '../../config';
import {
  certificateFingerprint,
  ensureSamlKeyFile,
  readSamlKeyFile,
  rotateSamlCertificate,
  type RolloverStep,
} from '../saml-keys';

interface Output {
  line(text?: string): void;
}

const NEXT_STEP: Record<RolloverStep['step'], string> = {
  published:
    'Published beside the signing certificate. Apps that read /saml/metadata pick it up; give it to apps ' +
    'registered by hand (Google Workspace: Security › SSO with third-party IdP). Then run this again to sign with it.',
  promoted:
    'Responses are now signed with the new certificate; the old one stays published. Once every app trusts ' +
    'the new one, run this again to drop the old.',
  dropped: 'The old certificate is no longer published. The rollover is done.',
};

/** `federation rotate-saml-cert`: one rollover step. `federation saml-certs`: the certificates and their roles. */
export function samlCertCommand({ samlKeyFile }: Pick<Config, 'samlKeyFile'>, subcommand: string, out: Output): number {
  ensureSamlKeyFile(samlKeyFile);
  if (subcommand === 'rotate-saml-cert') {
    const result = rotateSamlCertificate(samlKeyFile);
    out.line(`SAML certificate rollover: ${result.step}. ${NEXT_STEP[result.step]}`);
  }
  for (const key of readSamlKeyFile(samlKeyFile)) {
    out.line(
      `  ${key.signing ? 'signs    ' : 'published'} ${key.id}  SHA-256 ${certificateFingerprint(key.certificatePem)}`,
    );
  }
  out.line(`The portal reads ${fs.realpathSync(samlKeyFile)} again within a second; no restart is needed.`);
  return 0;
}
