import { z } from 'zod';

/** Roster fields a template entry may use, e.g. username `{sourced_id}` for "the student number". */
export const TEMPLATE_FIELDS = ['username', 'sourced_id', 'email', 'given_name', 'family_name'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

const PLACEHOLDER = /\{([a-z_]+)\}/g;

/** The placeholders in a template that are not roster fields. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[1]!)
    .filter((name) => !(TEMPLATE_FIELDS as readonly string[]).includes(name));
}

/** Fills a template from a person's roster fields; undefined when a field it needs is empty. */
export function applyTemplate(template: string, fields: Record<TemplateField, string | null>): string | undefined {
  let missing = false;
  const value = template.replace(PLACEHOLDER, (_, name: TemplateField) => {
    const field = fields[name];
    if (!field) missing = true;
    return field ?? '';
  });
  return missing ? undefined : value;
}

/** A released sign-in: what the extension places into the app's form. */
export interface Credential {
  username: string;
  password: string;
  extra?: string;
}

const secret = z.string().min(1, 'is required').max(200, 'must be at most 200 characters');

/** An entry as IT writes it (admin API, admin UI, CSV import). Owner fields depend on the scope. */
export const vaultEntryInput = z
  .strictObject({
    appId: z.string().min(1, 'is required'),
    scope: z.enum(['user', 'group', 'template']),
    /** The person (user scope). */
    userId: z.string().min(1).optional(),
    /** The campus or district whose members share it (group scope). */
    orgId: z.string().min(1).optional(),
    /** The username, or for a template the pattern, e.g. `{sourced_id}`. */
    username: secret,
    /** Required for user and group entries; a template without one derives a password per person. */
    password: secret.optional(),
    extra: secret.optional(),
  })
  .superRefine((entry, ctx) => {
    const need = (field: 'userId' | 'orgId' | 'password', wanted: boolean) => {
      if (wanted && entry[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'is required' });
      if (!wanted && field !== 'password' && entry[field] !== undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `is not used by ${entry.scope} entries` });
    };
    need('userId', entry.scope === 'user');
    need('orgId', entry.scope === 'group');
    need('password', entry.scope !== 'template');
    const unknown = entry.scope === 'template' ? unknownPlaceholders(entry.username) : [];
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: `uses {${unknown[0]}}, which is not a roster field (use ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')})`,
      });
    }
  });
export type VaultEntryInput = z.infer<typeof vaultEntryInput>;

/** A person's own entry for an app, where the app's connector allows one. */
export const ownEntryInput = z.strictObject({ username: secret, password: secret, extra: secret.optional() });
