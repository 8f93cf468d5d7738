import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../config';
import { openStorage } from '../../storage/open-storage';
import { createDirectory } from '../../directory/directory';
import { ensureExtensionKey } from './extension-key';
import { createManagedDeviceSecrets, ensureDeviceSecretFile } from '../managed-device-secrets';
import { checkAlias, checkPortalUrl, extensionPolicies, type ExtensionPolicies } from './policy';
import { BUILD_INFO_FILE } from './published-build';

interface PolicyOptions {
  portalUrl?: string;
  district?: string;
  aliases: string[];
  /** The step-by-step text, everything as JSON, or only the Linux policy file's content. */
  output: 'text' | 'json' | 'policy-file';
  /** Write the output to this file, and only once it is complete, instead of printing it. */
  out?: string;
}

const OUTPUT_FLAGS = { '--json': 'json', '--policy-file': 'policy-file' } as const;

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Reads `--name value`, `--name=value`, repeated `--alias`, `--out`, and `--json` or `--policy-file`; a
 * problem names the option.
 */
export function parsePolicyArgs(args: readonly string[]): Parsed<PolicyOptions> {
  const options: PolicyOptions = { aliases: [], output: 'text' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (name! in OUTPUT_FLAGS && inline === undefined) {
      options.output = OUTPUT_FLAGS[name as keyof typeof OUTPUT_FLAGS];
      continue;
    }
    if (name !== '--portal-url' && name !== '--district' && name !== '--alias' && name !== '--out')
      return { ok: false, problem: `extension-policy does not know the option "${arg}".` };
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      return { ok: false, problem: `${name} needs a value.` };
    if (name === '--alias') {
      const alias = checkAlias(value);
      if (!alias.ok) return { ok: false, problem: `--alias: ${alias.problem}.` };
      options.aliases.push(alias.alias);
    } else {
      const key = name === '--portal-url' ? 'portalUrl' : name === '--out' ? 'out' : 'district';
      if (options[key] !== undefined) return { ok: false, problem: `${name} was given twice.` };
      options[key] = value;
    }
  }
  return { ok: true, value: options };
}

/** The district's name from the portal's database, or '' when there is no database or no district yet. */
async function districtFromDatabase(config: Config): Promise<string> {
  if (!config.databaseUrl && !fs.existsSync(config.databaseFile)) return '';
  const storage = await openStorage(config);
  try {
    return await createDirectory(storage).districtName();
  } finally {
    await storage.close();
  }
}

/**
 * Checks the options, then works out the policies. Problems with the input come back as values (nothing
 * is created for them); the key is created if missing, since the id cannot exist without it.
 */
export async function resolvePolicies(
  options: PolicyOptions,
  config: Config,
  notice: (line: string) => void,
): Promise<Parsed<ExtensionPolicies>> {
  const portal = checkPortalUrl(options.portalUrl ?? config.publicUrl);
  if (!portal.ok) {
    const source =
      options.portalUrl === undefined ? 'GATEHOUSE_PUBLIC_URL (the default for --portal-url)' : '--portal-url';
    return { ok: false, problem: `${source}: ${portal.problem}.` };
  }
  const districtName = (options.district ?? (await districtFromDatabase(config))).trim();
  if (!districtName) {
    return {
      ok: false,
      problem:
        options.district === undefined
          ? `--district is required: the database (${config.databaseFile}) names no district yet.`
          : '--district must not be empty.',
    };
  }
  // A line break would start a forged line in the printed text and a forged key in the .reg file.
  if (/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(districtName)) {
    const source = options.district === undefined ? `the district's name in ${config.databaseFile}` : '--district';
    return { ok: false, problem: `${source} must not contain control characters (line breaks, escapes).` };
  }

  const key = ensureExtensionKey(config.extensionKeyFile);
  if (key.created)
    notice(`Created ${key.file}: the extension's signing key. Back it up; a new key means a new extension id.`);
  if (ensureDeviceSecretFile(config.deviceSecretFile))
    notice(`Created ${config.deviceSecretFile}: the managed-device secret the policy below carries. Back it up.`);
  const published = path.join(config.extensionDistDir, BUILD_INFO_FILE);
  if (fs.existsSync(published)) {
    const { id } = JSON.parse(fs.readFileSync(published, 'utf8')) as { id?: string };
    if (id !== key.extensionId)
      notice(`Warning: ${published} was built with another key (id ${id}); run \`npm run build\` before deploying.`);
  }
  return {
    ok: true,
    value: extensionPolicies({
      extensionId: key.extensionId,
      portalUrl: portal.url,
      districtName,
      bookmarkAliases: options.aliases,
      deviceSecret: createManagedDeviceSecrets({ file: config.deviceSecretFile }).current(),
    }),
  };
}

/** The policies as IT reads them: step by step, with each block to paste. */
export function policyText(policies: ExtensionPolicies): string {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const { googleAdmin } = policies;
  return [
    `Gatehouse extension ${policies.extensionId} for ${policies.managedConfig.districtName} (${policies.managedConfig.apiBase})`,
    '',
    '1. Google Admin console (admin.google.com), Chrome browser:',
    `   ${googleAdmin.path}`,
    `   Extension ID:        ${googleAdmin.extensionId}`,
    `   Custom URL:          ${googleAdmin.customUrl}`,
    `   Installation policy: ${googleAdmin.installationPolicy}`,
    '   Policy for extensions (paste as is; it holds the managed-device secret, so keep it to IT):',
    json(googleAdmin.policyForExtensions),
    "   For the students' organizational unit, Chrome browser → Settings → Users & browsers:",
    ...googleAdmin.studentSettings.map((setting) => `     ${setting}`),
    '',
    `2. To test on one Linux machine, write this to ${policies.linuxPolicyFiles.chrome}`,
    `   (Chromium: ${policies.linuxPolicyFiles.chromium}), then restart the browser and open chrome://policy:`,
    json(policies.linuxPolicy),
    '',
    '3. Windows without Google Admin (domain-joined machines): save as gatehouse.reg and import it:',
    policies.windowsReg.replace(/\r\n/g, '\n'),
  ].join('\n');
}

/**
 * `gatehouse extension-policy …`: 0 when printed (or written with `--out`); bad input goes to `fail` (stderr,
 * exit code 2).
 */
export async function extensionPolicyCommand(
  args: readonly string[],
  fail: (message: string) => number,
): Promise<number> {
  const parsed = parsePolicyArgs(args);
  if (!parsed.ok) return fail(parsed.problem);
  const resolved = await resolvePolicies(parsed.value, loadConfig(), (line) => console.error(line));
  if (!resolved.ok) return fail(resolved.problem);
  const printed = {
    text: () => policyText(resolved.value),
    json: () => JSON.stringify(resolved.value, null, 2),
    'policy-file': () => JSON.stringify(resolved.value.linuxPolicy, null, 2),
  };
  const text = printed[parsed.value.output]();
  if (parsed.value.out === undefined) console.log(text);
  else writeWhole(parsed.value.out, `${text}\n`);
  return 0;
}

/**
 * A failed run leaves no file, and a reader never sees half of one: a rename replaces the file at once. The
 * policy holds the managed-device secret, so the file is the owner's only (installing it in Chrome's policy
 * folder sets the mode Chrome needs there).
 */
function writeWhole(file: string, content: string) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  fs.renameSync(temporary, file);
  console.log(`Wrote ${file}`);
}
