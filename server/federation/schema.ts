import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { AssertionClaim, SamlEndpoint, SubjectIdentifier } from '../../shared/federation';
import { apps } from '../apps/schema';
import { users } from '../directory/schema';

/**
 * How an app of sign-in kind `sso` is federated: an OIDC client or a SAML service provider, what it
 * receives (claims/attributes, which identifier), and where assertions may go. Sealed values are
 * vault/cipher.ts text.
 */
export const ssoRegistrations = sqliteTable('sso_registrations', {
  appId: text('app_id')
    .primaryKey()
    .references(() => apps.id),
  protocol: text('protocol', { enum: ['oidc', 'saml'] }).notNull(),
  /** OIDC: the client id the app is given; null for SAML. */
  clientId: text('client_id').unique(),
  /** OIDC: the sealed client secret; null for a public client (PKCE only) and for SAML. */
  clientSecret: text('client_secret'),
  redirectUris: text('redirect_uris', { mode: 'json' }).$type<string[]>().notNull().default([]),
  postLogoutRedirectUris: text('post_logout_redirect_uris', { mode: 'json' }).$type<string[]>().notNull().default([]),
  /** SAML: the SP's entity id and metadata as IT gave it; null for OIDC. */
  spEntityId: text('sp_entity_id').unique(),
  spMetadata: text('sp_metadata'),
  /** SAML: the assertion consumer services read from the metadata; responses go only to these. */
  acsEndpoints: text('acs_endpoints', { mode: 'json' }).$type<SamlEndpoint[]>().notNull().default([]),
  nameIdFormat: text('name_id_format'),
  /** Which identifier the app receives as `sub` / NameID. */
  subject: text('subject', { enum: ['username', 'email', 'sis_id', 'pairwise'] })
    .$type<SubjectIdentifier>()
    .notNull(),
  /** The claims (OIDC) or attributes (SAML) this app receives, and nothing else. */
  claims: text('claims', { mode: 'json' }).$type<AssertionClaim[]>().notNull().default([]),
  /** SAML attribute names per claim where the app wants its own (e.g. an OID); absent uses the claim's name. */
  attributeNames: text('attribute_names', { mode: 'json' })
    .$type<Partial<Record<AssertionClaim, string>>>()
    .notNull()
    .default({}),
  version: integer('version').notNull().default(1),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by').references(() => users.id),
});

/** Every saved state of a registration (no secrets), for history. */
export const ssoRegistrationVersions = sqliteTable(
  'sso_registration_versions',
  {
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    version: integer('version').notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<unknown>().notNull(),
    change: text('change', { enum: ['created', 'edited', 'secret_rotated', 'removed'] }).notNull(),
    changedBy: text('changed_by'),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.version] })],
);

/** oidc-provider's storage (codes, sessions, grants, interactions …): one row per model and id. */
export const oidcPayloads = sqliteTable(
  'oidc_payloads',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    grantId: text('grant_id'),
    userCode: text('user_code'),
    uid: text('uid'),
    expiresAt: integer('expires_at'),
    consumedAt: integer('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_payloads_grant_idx').on(t.grantId),
    index('oidc_payloads_uid_idx').on(t.uid),
    index('oidc_payloads_user_code_idx').on(t.userCode),
    index('oidc_payloads_expiry_idx').on(t.expiresAt),
  ],
);
