import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { AssertionClaim, SamlEndpoint, SubjectIdentifier } from '../../shared/federation';
import { apps } from '../apps/schema.pg';
import { users } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

export const ssoRegistrations = pgTable('sso_registrations', {
  appId: text('app_id')
    .primaryKey()
    .references(() => apps.id),
  protocol: text('protocol', { enum: ['oidc', 'saml'] }).notNull(),
  clientId: text('client_id').unique(),
  clientSecret: text('client_secret'),
  redirectUris: jsonb('redirect_uris').$type<string[]>().notNull().default([]),
  postLogoutRedirectUris: jsonb('post_logout_redirect_uris').$type<string[]>().notNull().default([]),
  spEntityId: text('sp_entity_id').unique(),
  spMetadata: text('sp_metadata'),
  acsEndpoints: jsonb('acs_endpoints').$type<SamlEndpoint[]>().notNull().default([]),
  nameIdFormat: text('name_id_format'),
  subject: text('subject', { enum: ['username', 'email', 'sis_id', 'pairwise'] })
    .$type<SubjectIdentifier>()
    .notNull(),
  claims: jsonb('claims').$type<AssertionClaim[]>().notNull().default([]),
  attributeNames: jsonb('attribute_names').$type<Partial<Record<AssertionClaim, string>>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  updatedBy: text('updated_by').references(() => users.id),
});

export const ssoRegistrationVersions = pgTable(
  'sso_registration_versions',
  {
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<unknown>().notNull(),
    change: text('change', { enum: ['created', 'edited', 'secret_rotated', 'removed'] }).notNull(),
    changedBy: text('changed_by'),
    changedAt: bigint('changed_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.version] })],
);

export const oidcPayloads = pgTable(
  'oidc_payloads',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    grantId: text('grant_id'),
    userCode: text('user_code'),
    uid: text('uid'),
    expiresAt: bigint('expires_at', { mode: 'number' }),
    consumedAt: bigint('consumed_at', { mode: 'number' }),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_payloads_grant_idx').on(t.grantId),
    index('oidc_payloads_uid_idx').on(t.uid),
    index('oidc_payloads_user_code_idx').on(t.userCode),
    index('oidc_payloads_expiry_idx').on(t.expiresAt),
  ],
);
