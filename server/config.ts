import path from 'node:path';
import { z } from 'zod';
import { parseGradeRange, type BadgePolicy } from './badges/badge-policy';
import type { AccountPolicy } from './accounts/account-policy';
import { gradeLabel } from '../shared/roles';

/** The demo password used when GATEHOUSE_DEMO_PASSWORD is not set; printed at start-up. */
export const DEFAULT_DEMO_PASSWORD = 'Lakeside-Demo-2026';

/** A grade range variable: "PK-5", "K-2", "3" or "none". */
const gradeRange = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseGradeRange(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `${(error as Error).message}; e.g. "PK-5", "K-2" or "none"` });
        return z.NEVER;
      }
    });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  GATEHOUSE_DATA_DIR: z.string().min(1).default('data'),
  GATEHOUSE_PUBLIC_URL: z.url().optional(),
  GATEHOUSE_DEMO: z.enum(['on', 'off']).optional(),
  GATEHOUSE_DEMO_PASSWORD: z.string().min(8).max(128).optional(),
  GATEHOUSE_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  GATEHOUSE_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  GATEHOUSE_SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  GATEHOUSE_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(400),
  GATEHOUSE_WEB_ROOT: z.string().optional(),
  GATEHOUSE_VAULT_KEY_FILE: z.string().min(1).optional(),
  GATEHOUSE_VAULT_KEYS: z.string().min(1).optional(),
  GATEHOUSE_SIGNING_KEY_FILE: z.string().min(1).optional(),
  GATEHOUSE_EXTENSION_KEY_FILE: z.string().min(1).optional(),
  GATEHOUSE_DEVICE_SECRET_FILE: z.string().min(1).optional(),
  GATEHOUSE_PAIRWISE_SECRET_FILE: z.string().min(1).optional(),
  GATEHOUSE_OIDC_KEY_FILE: z.string().min(1).optional(),
  GATEHOUSE_SAML_KEY_FILE: z.string().min(1).optional(),
  GATEHOUSE_EXTENSION_DIST_DIR: z.string().min(1).optional(),
  GATEHOUSE_DEV_ORIGINS: z.enum(['on', 'off']).optional(),
  GATEHOUSE_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'must be a postgres:// or postgresql:// URL (leave it unset for SQLite)')
    .optional(),
  GATEHOUSE_ROSTER_USERNAMES: z.enum(['sis', 'first.last']).default('sis'),
  GATEHOUSE_ROSTER_FLAGS: z
    .string()
    .regex(/^\s*[a-z0-9_]+\s*=[^;]+(;\s*[a-z0-9_]+\s*=[^;]+)*$/i, 'must read like "sped=metadata.sped,IEP_status"')
    .default('sped=metadata.sped,ext_sped,IEP_status'),
  GATEHOUSE_ROSTER_HOLD_SHARE: z.coerce.number().min(0).max(1).default(0.1),
  GATEHOUSE_ROSTER_DROP_DIR: z.string().min(1).optional(),
  GATEHOUSE_ROSTER_CHECK_MINUTES: z.coerce.number().min(0.05).max(1440).default(5),
  GATEHOUSE_BADGE_GRADES: gradeRange('PK-5'),
  GATEHOUSE_BADGE_PICTURE_GRADES: gradeRange('none'),
  GATEHOUSE_BADGE_FLAGS: z
    .string()
    .regex(/^\s*([a-z0-9_]+\s*(,\s*[a-z0-9_]+\s*)*)?$/i, 'must be SIS flags separated by commas, e.g. "sped,ell"')
    .default('sped'),
  GATEHOUSE_FIXED_PASSWORD_GRADES: gradeRange('PK-5'),
  GATEHOUSE_PASSWORD_CHANGE_GRADES: gradeRange('3-5'),
  GATEHOUSE_RECOVERY_QUESTIONS: z.coerce.number().int().min(0).max(5).default(3),
  GATEHOUSE_STAFF_SECOND_FACTOR: z.enum(['required', 'off']).default('required'),
  GATEHOUSE_TEACHER_RESETS: z.enum(['on', 'off']).default('on'),
  GATEHOUSE_CLAIM_CODE_DAYS: z.coerce.number().min(1).max(365).default(14),
  GATEHOUSE_SCHOOL_YEAR_ENDS: z
    .string()
    .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a month and day like "06-30"')
    .refine(
      (text) => !['02-30', '02-31', '04-31', '06-31', '09-31', '11-31'].includes(text),
      'is not a day of the year',
    )
    .default('06-30'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The SQLite database in the data folder: the embedded default. */
  databaseFile: string;
  /** A PostgreSQL connection URL; when set, the portal stores everything there instead of `databaseFile`. */
  databaseUrl: string | null;
  /** The origin people type into the browser; decides cookie `Secure` and the CSRF origin check. */
  publicUrl: string;
  seedDemo: boolean;
  /** GATEHOUSE_DEMO was not set and the URL is https://, so the demo district stays out (start-up says so). */
  demoOffForHttps: boolean;
  demoPassword: string;
  demoPasswordFromEnv: boolean;
  hashConcurrency: number;
  sessionIdleMs: number;
  sessionMaxMs: number;
  webRoot: string;
  auditRetentionDays: number;
  /** Where the vault's master keys come from: a key file, or the GATEHOUSE_VAULT_KEYS variable. */
  vaultKeys: { file: string } | { json: string };
  signingKeyFile: string;
  /** The managed-device secrets that the extension's policy carries and every pairing must prove. */
  deviceSecretFile: string;
  /** The secret behind per-app pairwise identifiers (never rotated). */
  pairwiseSecretFile: string;
  /** The ES256 keys that sign OIDC ID tokens (rotated with a published overlap). */
  oidcKeyFile: string;
  /** The SAML IdP's signing keys and certificates (two published during a rollover). */
  samlKeyFile: string;
  /** The RSA key (PEM) that signs the extension's CRX; it fixes the extension's id, so it must be backed up. */
  extensionKeyFile: string;
  /** Where `npm run build:extension` puts gatehouse.crx and extension.json, and where the portal serves them from. */
  extensionDistDir: string;
  /** Connectors may name http origins on loopback and *.test (development, the demo and tests). */
  allowDevelopmentHttp: boolean;
  roster: RosterConfig;
  /** Who gets a QR badge: a grade range and SIS flags (GATEHOUSE_BADGE_GRADES, GATEHOUSE_BADGE_FLAGS). */
  badges: BadgePolicy;
  /** Fixed passwords, claiming, recovery questions, staff second factor, teacher resets. */
  accounts: AccountPolicy;
  /** The last day of the school year, `MM-DD`: delegation grants end there unless given another day. */
  schoolYearEnds: string;
}

export interface RosterConfig {
  /** `sis`: the SIS's username column (first.last when it is empty); `first.last`: always made from the name. */
  usernames: 'sis' | 'first.last';
  /** Flag → the columns that set it, e.g. { sped: ['metadata.sped', 'IEP_status'] }. */
  flagColumns: Record<string, string[]>;
  /** A sync that would deactivate more than this share of active people is held for approval. */
  holdShare: number;
  /** A folder the SIS drops bundles into; null when none is watched. */
  dropFolder: string | null;
  /** How often the drop folder is looked at besides file-system events. */
  checkEveryMs: number;
}

/** `sped=metadata.sped,IEP_status;ell=ext_ell` → { sped: [...], ell: [...] }. */
export function parseFlagColumns(text: string): Record<string, string[]> {
  const flags: Record<string, string[]> = {};
  for (const part of text.split(';')) {
    const [flag, columns] = part.split('=') as [string, string];
    flags[flag.trim().toLowerCase()] = columns
      .split(',')
      .map((column) => column.trim())
      .filter(Boolean);
  }
  return flags;
}

/** Reads and validates the environment once; a bad value stops start-up with the variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.GATEHOUSE_DATA_DIR);
  const publicUrl = (e.GATEHOUSE_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, '');
  // The demo's IT and admin accounts share a published password: on a real (https) address only when asked.
  const demoOffForHttps = e.GATEHOUSE_DEMO === undefined && new URL(publicUrl).protocol === 'https:';
  const demo = e.GATEHOUSE_DEMO ?? (demoOffForHttps ? 'off' : 'on');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseFile: path.join(dataDir, 'gatehouse.sqlite'),
    databaseUrl: e.GATEHOUSE_DATABASE_URL ?? null,
    publicUrl,
    seedDemo: demo === 'on',
    demoOffForHttps,
    demoPassword: e.GATEHOUSE_DEMO_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
    demoPasswordFromEnv: e.GATEHOUSE_DEMO_PASSWORD !== undefined,
    hashConcurrency: e.GATEHOUSE_HASH_CONCURRENCY,
    sessionIdleMs: e.GATEHOUSE_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.GATEHOUSE_SESSION_MAX_HOURS * 3_600_000,
    webRoot: path.resolve(e.GATEHOUSE_WEB_ROOT ?? 'dist/web'),
    auditRetentionDays: e.GATEHOUSE_AUDIT_RETENTION_DAYS,
    vaultKeys: e.GATEHOUSE_VAULT_KEYS
      ? { json: e.GATEHOUSE_VAULT_KEYS }
      : { file: path.resolve(e.GATEHOUSE_VAULT_KEY_FILE ?? path.join(dataDir, 'keys', 'vault-keys.json')) },
    signingKeyFile: path.resolve(e.GATEHOUSE_SIGNING_KEY_FILE ?? path.join(dataDir, 'keys', 'signing-keys.json')),
    deviceSecretFile: path.resolve(
      e.GATEHOUSE_DEVICE_SECRET_FILE ?? path.join(dataDir, 'keys', 'managed-device-secrets.json'),
    ),
    pairwiseSecretFile: path.resolve(
      e.GATEHOUSE_PAIRWISE_SECRET_FILE ?? path.join(dataDir, 'keys', 'pairwise-secret.json'),
    ),
    oidcKeyFile: path.resolve(e.GATEHOUSE_OIDC_KEY_FILE ?? path.join(dataDir, 'keys', 'oidc-keys.json')),
    samlKeyFile: path.resolve(e.GATEHOUSE_SAML_KEY_FILE ?? path.join(dataDir, 'keys', 'saml-keys.json')),
    extensionKeyFile: path.resolve(e.GATEHOUSE_EXTENSION_KEY_FILE ?? path.join(dataDir, 'keys', 'extension-key.pem')),
    extensionDistDir: path.resolve(e.GATEHOUSE_EXTENSION_DIST_DIR ?? 'dist/extension'),
    allowDevelopmentHttp: (e.GATEHOUSE_DEV_ORIGINS ?? demo) === 'on',
    roster: {
      usernames: e.GATEHOUSE_ROSTER_USERNAMES,
      flagColumns: parseFlagColumns(e.GATEHOUSE_ROSTER_FLAGS),
      holdShare: e.GATEHOUSE_ROSTER_HOLD_SHARE,
      dropFolder: e.GATEHOUSE_ROSTER_DROP_DIR ? path.resolve(e.GATEHOUSE_ROSTER_DROP_DIR) : null,
      checkEveryMs: Math.round(e.GATEHOUSE_ROSTER_CHECK_MINUTES * 60_000),
    },
    badges: {
      grades: e.GATEHOUSE_BADGE_GRADES,
      pictureGrades: e.GATEHOUSE_BADGE_PICTURE_GRADES,
      flags: e.GATEHOUSE_BADGE_FLAGS.split(',')
        .map((flag) => flag.trim().toLowerCase())
        .filter(Boolean),
    },
    accounts: {
      fixedPasswordGrades: e.GATEHOUSE_FIXED_PASSWORD_GRADES,
      passwordChangeGrades: e.GATEHOUSE_PASSWORD_CHANGE_GRADES,
      recoveryQuestions: e.GATEHOUSE_RECOVERY_QUESTIONS,
      staffSecondFactor: e.GATEHOUSE_STAFF_SECOND_FACTOR,
      teacherResets: e.GATEHOUSE_TEACHER_RESETS === 'on',
      codeLifetimeMs: Math.round(e.GATEHOUSE_CLAIM_CODE_DAYS * 86_400_000),
    },
    schoolYearEnds: e.GATEHOUSE_SCHOOL_YEAR_ENDS,
  };
}

const gradeRangeText = (range: BadgePolicy['grades']) =>
  range ? `${gradeLabel(range.low)}-${gradeLabel(range.high)}` : 'none';

/** The configuration as printed at start-up: secrets masked. */
export function describeConfig(config: Config): Record<string, string | number | boolean> {
  return {
    url: config.publicUrl,
    listen: `${config.host}:${config.port}`,
    dataDir: config.dataDir,
    database: config.databaseUrl ? withoutPassword(config.databaseUrl) : config.databaseFile,
    demo: config.seedDemo,
    demoPassword: !config.seedDemo
      ? '(no demo district)'
      : config.demoPasswordFromEnv
        ? '(from GATEHOUSE_DEMO_PASSWORD, not shown)'
        : config.demoPassword,
    hashConcurrency: config.hashConcurrency,
    sessionIdleMinutes: config.sessionIdleMs / 60_000,
    sessionMaxHours: config.sessionMaxMs / 3_600_000,
    auditRetentionDays: config.auditRetentionDays,
    vaultKeys: 'file' in config.vaultKeys ? config.vaultKeys.file : '(from GATEHOUSE_VAULT_KEYS, not shown)',
    signingKeyFile: config.signingKeyFile,
    deviceSecretFile: config.deviceSecretFile,
    pairwiseSecretFile: config.pairwiseSecretFile,
    oidcKeyFile: config.oidcKeyFile,
    samlKeyFile: config.samlKeyFile,
    extensionKeyFile: config.extensionKeyFile,
    extensionDistDir: config.extensionDistDir,
    developmentHttpOrigins: config.allowDevelopmentHttp,
    rosterUsernames: config.roster.usernames,
    rosterFlags: Object.entries(config.roster.flagColumns)
      .map(([flag, columns]) => `${flag}=${columns.join(',')}`)
      .join(';'),
    rosterHoldShare: config.roster.holdShare,
    rosterDropFolder: config.roster.dropFolder ?? '(none)',
    badgeGrades: gradeRangeText(config.badges.grades),
    badgeFlags: config.badges.flags.join(',') || '(none)',
    badgePictureGrades: gradeRangeText(config.badges.pictureGrades),
    fixedPasswordGrades: gradeRangeText(config.accounts.fixedPasswordGrades),
    passwordChangeGrades: gradeRangeText(config.accounts.passwordChangeGrades),
    recoveryQuestions: config.accounts.recoveryQuestions,
    staffSecondFactor: config.accounts.staffSecondFactor,
    teacherResets: config.accounts.teacherResets,
    claimCodeDays: config.accounts.codeLifetimeMs / 86_400_000,
    schoolYearEnds: config.schoolYearEnds,
  };
}

/** A connection URL as it may be printed: the password, if any, replaced. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '(unreadable URL)';
  }
}
