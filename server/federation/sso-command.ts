import fs from 'node:fs';
import { createAppCatalog, type AppCatalog } from '../apps/catalog';
import { createAuditLog } from '../audit/audit-log';
import type { TerminalOutput } from '../cli/terminal-output';
import type { Config } from '../config';
import { createDirectory } from '../directory/directory';
import { AppError } from '../errors';
import { openKeys } from '../keys/open-keys';
import { watchChanges } from '../storage/change-generations';
import type { Storage } from '../storage/storage';
import {
  ASSERTION_CLAIMS,
  NAME_ID_FORMATS,
  SUBJECT_IDENTIFIERS,
  ssoRegistrationBody,
  type SsoRegistrationView,
} from '../../shared/federation';
import type { SsoSaveAnswer } from '../../shared/sso-admin';
import { createRegistrationService, type RegistrationActor, type RegistrationService } from './registration-service';
import { createRegistrationStore } from './registration-store';

// `sso list | show APP | register APP … | rotate-secret APP | remove APP`: IT registers SSO apps from the command
// line, through the same checks and audit as the Apps page (recorded as made by the CLI).

export const SSO_USAGE = [
  'Usage: npm run cli -- sso <action> …   (APP: an app slug, e.g. clever)',
  '',
  '  sso list                      every registered SSO app',
  '  sso show APP                  one registration (never its client secret)',
  '  sso register APP --oidc --redirect-uri URI [--redirect-uri URI …] [--public]',
  '                     [--subject username|email|sis_id|pairwise] [--claims email,given_name,…]',
  '      creates or replaces an OpenID Connect client; a new confidential client’s secret is printed once.',
  '  sso register APP --saml --metadata FILE [--name-id-format emailAddress|unspecified|persistent]',
  '                     [--subject …] [--claims …] [--attribute claim=Name …]',
  '      creates or replaces a SAML service provider from its metadata file.',
  '  sso rotate-secret APP         a new client secret, printed once; the old one stops working',
  '  sso remove APP                removes the registration (its history stays)',
  '',
  `Claims: ${ASSERTION_CLAIMS.join(', ')}.`,
  'Exit codes: 0 done, 1 refused (a bad metadata file, an unknown app), 2 a mistake in the command line.',
].join('\n');

export interface SsoCommandIo {
  out: TerminalOutput;
  err: TerminalOutput;
  /** A mistake in the command line: prints the problem and the usage; returns 2. */
  fail(problem: string): number;
}

interface SsoCommandDeps {
  service: RegistrationService;
  catalog: AppCatalog;
}

const CLI_ACTOR: RegistrationActor = { userId: null, ip: null, via: 'cli' };

export async function ssoCommand(config: Config, storage: Storage, args: readonly string[], io: SsoCommandIo) {
  const [action = 'list', app, ...flags] = args;
  if (action === 'list' && app === undefined) return withDeps(config, storage, (deps) => listRegistrations(deps, io));
  if (!['show', 'register', 'rotate-secret', 'remove'].includes(action) || app === undefined)
    return io.fail(`sso needs an action and an app.\n\n${SSO_USAGE}`);
  if (action !== 'register' && flags.length) return io.fail(`sso ${action} takes no options.`);
  let body: unknown;
  if (action === 'register') {
    const parsed = registrationFromFlags(flags);
    if (typeof parsed === 'string') return io.fail(parsed);
    body = parsed;
  }
  return withDeps(config, storage, async (deps) => {
    const appId = deps.catalog.all().find((each) => each.slug === app || each.id === app)?.id;
    if (!appId) return io.fail(`No app has the slug "${app}". Run "gatehouse apps" to list them.`);
    try {
      return await act(deps, action, appId, body, io);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      io.err.line(`Refused: ${error.message}`);
      return 1;
    }
  });
}

async function withDeps(config: Config, storage: Storage, work: (deps: SsoCommandDeps) => Promise<number>) {
  const changes = watchChanges(storage);
  try {
    const catalog = await createAppCatalog(storage, changes);
    const service = createRegistrationService({
      storage,
      store: createRegistrationStore(storage),
      catalog,
      directory: createDirectory(storage),
      audit: createAuditLog(storage, Date.now),
      cipher: (await openKeys(config)).cipher,
      now: Date.now,
      allowDevelopmentHttp: config.allowDevelopmentHttp,
    });
    return await work({ service, catalog });
  } finally {
    changes.close();
  }
}

async function act({ service }: SsoCommandDeps, action: string, appId: string, body: unknown, io: SsoCommandIo) {
  if (action === 'show') {
    const registration = await service.get(appId);
    if (!registration) {
      io.err.line(`${appId} is not registered for SSO.`);
      return 1;
    }
    describe(registration, io.out);
    return 0;
  }
  if (action === 'remove') {
    await service.remove(appId, undefined, CLI_ACTOR);
    io.out.line(`Removed the SSO registration of ${appId}.`);
    return 0;
  }
  if (action === 'rotate-secret') {
    printSaved(await service.rotateSecret(appId, undefined, CLI_ACTOR), io.out);
    return 0;
  }
  const checked = ssoRegistrationBody.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return io.fail(`${issue.path.join('.') || 'registration'}: ${issue.message}`);
  }
  const existing = await service.get(appId);
  printSaved(await service.save(appId, checked.data, existing?.version ?? 0, CLI_ACTOR), io.out);
  return 0;
}

async function listRegistrations({ service, catalog }: SsoCommandDeps, { out }: SsoCommandIo) {
  const registrations = await service.list();
  if (registrations.length === 0) out.line('No app is registered for SSO yet.');
  for (const registration of registrations) {
    const slug = catalog.byId(registration.appId)?.slug ?? registration.appId;
    const who = registration.oidc ? `client ${registration.oidc.clientId}` : `entity ${registration.saml?.entityId}`;
    out.line(
      `${slug.padEnd(20)} ${registration.protocol.toUpperCase().padEnd(5)} ${who} (version ${registration.version})`,
    );
  }
  return 0;
}

function describe(registration: SsoRegistrationView, out: TerminalOutput) {
  out.line(`App: ${registration.appId} (${registration.protocol.toUpperCase()}, version ${registration.version})`);
  out.line(`Identifier sent: ${registration.subject}`);
  out.line(`Claims sent: ${registration.claims.join(', ') || 'none'}`);
  if (registration.oidc) {
    out.line(`Client ID: ${registration.oidc.clientId}`);
    out.line(
      `Client type: ${registration.oidc.publicClient ? 'public (PKCE, no secret)' : 'confidential (has a secret)'}`,
    );
    for (const uri of registration.oidc.redirectUris) out.line(`Redirect URI: ${uri}`);
  }
  if (registration.saml) {
    out.line(`Entity ID: ${registration.saml.entityId}`);
    out.line(`NameID format: ${registration.saml.nameIdFormat}`);
    for (const acs of registration.saml.acsEndpoints)
      out.line(`ACS (${acs.binding}${acs.isDefault ? ', default' : ''}): ${acs.location}`);
    for (const [claim, name] of Object.entries(registration.saml.attributeNames))
      out.line(`Attribute ${claim} sent as: ${name}`);
  }
}

function printSaved({ registration, clientSecret }: SsoSaveAnswer, out: TerminalOutput) {
  describe(registration, out);
  if (!clientSecret) return;
  out.line();
  out.line(`Client secret: ${clientSecret}`);
  out.line('Copy it into the app now: Gatehouse keeps it only encrypted and will not show it again.');
}

/** The registration a `register` command line describes, or what is wrong with the line. */
function registrationFromFlags(flags: readonly string[]): Record<string, unknown> | string {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const VALUED = ['--redirect-uri', '--subject', '--claims', '--metadata', '--name-id-format', '--attribute'];
  for (let index = 0; index < flags.length; index++) {
    const flag = flags[index]!;
    if (['--oidc', '--saml', '--public'].includes(flag)) switches.add(flag);
    else if (VALUED.includes(flag)) {
      const value = flags[++index];
      if (value === undefined || value.startsWith('--')) return `${flag} needs a value.`;
      values.set(flag, [...(values.get(flag) ?? []), value]);
    } else return `sso register does not know "${flag}".`;
  }
  if (switches.has('--oidc') === switches.has('--saml')) return 'sso register needs either --oidc or --saml.';
  const subject = values.get('--subject')?.[0] ?? 'username';
  if (!(SUBJECT_IDENTIFIERS as readonly string[]).includes(subject))
    return `--subject must be one of ${SUBJECT_IDENTIFIERS.join(', ')}.`;
  const claims = (values.get('--claims') ?? []).flatMap((list) => list.split(',')).map((each) => each.trim());
  const unknownClaim = claims.find((claim) => !(ASSERTION_CLAIMS as readonly string[]).includes(claim));
  if (unknownClaim) return `--claims: "${unknownClaim}" is not a claim (${ASSERTION_CLAIMS.join(', ')}).`;
  if (switches.has('--oidc'))
    return {
      protocol: 'oidc',
      redirectUris: values.get('--redirect-uri') ?? [],
      publicClient: switches.has('--public'),
      subject,
      claims,
    };
  const file = values.get('--metadata')?.[0];
  if (!file) return 'sso register --saml needs --metadata FILE.';
  let metadata: string;
  try {
    metadata = fs.readFileSync(file, 'utf8');
  } catch {
    return `${file} cannot be read.`;
  }
  const format = values.get('--name-id-format')?.[0] ?? 'unspecified';
  if (!(format in NAME_ID_FORMATS))
    return `--name-id-format must be one of ${Object.keys(NAME_ID_FORMATS).join(', ')}.`;
  const attributeNames: Record<string, string> = {};
  for (const pair of values.get('--attribute') ?? []) {
    const [claim, name] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    if (!pair.includes('=') || !(ASSERTION_CLAIMS as readonly string[]).includes(claim) || !name)
      return `--attribute needs claim=Name with a claim of ${ASSERTION_CLAIMS.join(', ')}.`;
    attributeNames[claim] = name;
  }
  return { protocol: 'saml', metadata, nameIdFormat: format, subject, claims, attributeNames };
}
