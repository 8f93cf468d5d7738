import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppCatalog } from '../apps/catalog';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/connection';
import { displayName, type Directory } from '../directory/directory';
import { AppError, forbidden, notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, parseInput, readJson } from '../http/request';
import { ownEntryInput, vaultEntryInput } from '../../shared/vault/entry';
import { exportVaultCsv, importVaultCsv, type Lookups } from './csv-transfer';
import type { VaultEntryRow } from './entries';
import { vaultError } from './refusals';
import type { Vault } from './vault';

export interface VaultRoutesDeps {
  db: Db;
  vault: Vault;
  catalog: AppCatalog;
  directory: Directory;
  audit: AuditLog;
}

/** A person's own use of the vault: tile status, launching, help at home, their own entries. */
export function createVaultPersonRoutes({
  vault,
  audit,
  requireViewer,
}: VaultRoutesDeps & { requireViewer: MiddlewareHandler<AppEnv> }) {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireViewer);
  // Badge sessions (young children) may launch apps but never change what is stored.
  const noBadge: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.get('viewer').session.method === 'badge') throw forbidden();
    return next();
  };

  routes.get('/tiles', (c) => c.json({ tiles: vault.tileStatuses(c.get('viewer').person) }));

  routes.post('/apps/:appId/launch', (c) => c.json(vault.launch(c.get('viewer').person, c.req.param('appId'))));

  routes.get('/apps/:appId/help', (c) => c.json(vault.signInHelp(c.get('viewer').person, c.req.param('appId'), false)));
  routes.post('/apps/:appId/reveal', noBadge, (c) =>
    c.json(vault.signInHelp(c.get('viewer').person, c.req.param('appId'), true, clientIp(c))),
  );

  routes.put('/apps/:appId/own-entry', noBadge, async (c) => {
    const { person } = c.get('viewer');
    const appId = c.req.param('appId');
    const body = await readJson(c, ownEntryInput);
    const allowed = vault.entitlement(person, appId);
    if (!allowed.ok) throw vaultError(allowed.code);
    if (allowed.connector.definition.userEntries === 'off') throw vaultError('own_entries_not_allowed');
    const entry = vault.entries.save({ appId, scope: 'user', userId: person.id, ...body }, 'self', person.id);
    audit.record({
      action: 'vault.entry_saved',
      outcome: 'success',
      actorUserId: person.id,
      subjectUserId: person.id,
      appId,
      ip: clientIp(c),
      detail: { entryId: entry.id, setBy: 'self' },
    });
    return c.json({ tiles: vault.tileStatuses(person) });
  });

  routes.post('/apps/:appId/confirm', noBadge, (c) => {
    const { person } = c.get('viewer');
    const appId = c.req.param('appId');
    const allowed = vault.entitlement(person, appId);
    if (!allowed.ok) throw vaultError(allowed.code);
    const resolved = vault.entries.resolve(person, appId, allowed.connector.definition.userEntries);
    if (!resolved) throw vaultError('credential_missing');
    if (vault.launches.liftHold(resolved.entry.id, person.id)) {
      audit.record({
        action: 'vault.hold_lifted',
        outcome: 'success',
        actorUserId: person.id,
        subjectUserId: person.id,
        appId,
        ip: clientIp(c),
        detail: { entryId: resolved.entry.id },
      });
    }
    return c.json({ tiles: vault.tileStatuses(person) });
  });

  return routes;
}

const listQuery = z.object({ app: z.string().optional(), person: z.string().optional() });
const revealBody = z.strictObject({
  reason: z.string().trim().min(10, 'must say why, in at least 10 characters').max(500),
});
const confirmBody = z.strictObject({ userId: z.string().min(1, 'is required') });
const importBody = z.strictObject({ csv: z.string().min(1, 'is required').max(5_000_000, 'must be at most 5 MB') });
const exportBody = z
  .strictObject({
    includeSecrets: z.boolean().default(false),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((body) => !body.includeSecrets || (body.reason?.length ?? 0) >= 10, {
    path: ['reason'],
    message: 'must say why secrets are exported, in at least 10 characters',
  });

/** IT manages stored sign-ins (guarded where mounted). Secrets leave only through audited reveal or export. */
export function createVaultAdminRoutes({ db, vault, catalog, directory, audit }: VaultRoutesDeps) {
  const routes = new Hono<AppEnv>();
  const lookups = createLookups(db, catalog, directory);
  const actor = (c: { get: (key: 'viewer') => AppEnv['Variables']['viewer'] }) => c.get('viewer').person.id;

  const summary = (row: VaultEntryRow) => {
    const person = row.userId ? directory.findById(row.userId) : undefined;
    return {
      id: row.id,
      appId: row.appId,
      scope: row.scope,
      setBy: row.setBy,
      person: person ? { id: person.id, username: person.username, displayName: displayName(person) } : null,
      orgId: row.orgId,
      derivesPassword: row.derivationSecret !== null,
      version: row.version,
      updatedAt: row.updatedAt,
    };
  };
  const entryOr404 = (id: string) =>
    vault.entries.get(id) ??
    (() => {
      throw notFound('That stored sign-in');
    })();

  routes.get('/entries', (c) => {
    const query = parseInput(listQuery, c.req.query());
    return c.json({ entries: vault.entries.list({ appId: query.app, userId: query.person }).map(summary) });
  });

  routes.put('/entries', async (c) => {
    const input = await readJson(c, vaultEntryInput);
    if (!catalog.byId(input.appId)) throw notFound('That app');
    if (input.userId && !directory.findById(input.userId)) throw notFound('That person');
    const row = vault.entries.save(input, 'it', actor(c));
    audit.record({
      action: 'vault.entry_saved',
      outcome: 'success',
      actorUserId: actor(c),
      subjectUserId: input.userId,
      appId: input.appId,
      ip: clientIp(c),
      detail: { entryId: row.id, scope: row.scope, version: row.version },
    });
    return c.json({ entry: summary(row) });
  });

  routes.delete('/entries/:id', (c) => {
    const row = entryOr404(c.req.param('id'));
    vault.entries.remove(row.id);
    audit.record({
      action: 'vault.entry_deleted',
      outcome: 'success',
      actorUserId: actor(c),
      subjectUserId: row.userId,
      appId: row.appId,
      ip: clientIp(c),
      detail: { entryId: row.id, scope: row.scope },
    });
    return c.body(null, 204);
  });

  routes.post('/entries/:id/reveal', async (c) => {
    const { reason } = await readJson(c, revealBody);
    const row = entryOr404(c.req.param('id'));
    // Written before the secret is read: no audit row, no reveal.
    audit.record({
      action: 'vault.reveal',
      outcome: 'success',
      actorUserId: actor(c),
      subjectUserId: row.userId,
      appId: row.appId,
      ip: clientIp(c),
      detail: { entryId: row.id, reason },
    });
    return c.json({ entry: summary(row), values: vault.entries.openStored(row) });
  });

  routes.post('/entries/:id/confirm', async (c) => {
    const { userId } = await readJson(c, confirmBody);
    const row = entryOr404(c.req.param('id'));
    const lifted = vault.launches.liftHold(row.id, userId);
    if (lifted)
      audit.record({
        action: 'vault.hold_lifted',
        outcome: 'success',
        actorUserId: actor(c),
        subjectUserId: userId,
        appId: row.appId,
        ip: clientIp(c),
        detail: { entryId: row.id },
      });
    return c.json({ lifted });
  });

  routes.post('/import', async (c) => {
    const { csv } = await readJson(c, importBody);
    const result = importVaultCsv(db, vault.entries, csv, lookups, actor(c));
    audit.record({
      action: 'vault.import',
      outcome: result.ok ? 'success' : 'failure',
      actorUserId: actor(c),
      ip: clientIp(c),
      detail: result.ok ? { saved: result.saved } : { rejectedRows: result.problems.length },
    });
    if (!result.ok) {
      const first = result.problems[0]!;
      throw new AppError(
        'import_rejected',
        400,
        `Nothing was imported. Line ${first.line}, ${first.field}: ${first.problem}`,
        {},
        result.problems,
      );
    }
    return c.json(result);
  });

  routes.post('/export', async (c) => {
    const { includeSecrets, reason } = await readJson(c, exportBody);
    const rows = vault.entries.list();
    audit.record({
      action: 'vault.export',
      outcome: 'success',
      actorUserId: actor(c),
      ip: clientIp(c),
      detail: { includeSecrets, reason, entries: rows.length },
    });
    c.header('Content-Disposition', 'attachment; filename="gatehouse-vault.csv"');
    return c.body(exportVaultCsv(rows, vault.entries, lookups, includeSecrets), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
    });
  });

  routes.get('/health', (c) => c.json({ apps: vault.launches.health() }));

  return routes;
}

/** Name ↔ id look-ups the CSV transfer needs. */
export function createLookups(db: Db, catalog: AppCatalog, directory: Directory): Lookups {
  const orgByIdOrName = db.$client.prepare('SELECT id FROM orgs WHERE id = ? OR name = ? LIMIT 1').pluck();
  return {
    appIdBySlug: (slug) => catalog.all().find((app) => app.slug === slug)?.id,
    appSlugById: (id) => catalog.byId(id)?.slug ?? id,
    userIdByUsername: (username) => directory.findByUsername(username)?.id,
    usernameById: (id) => directory.findById(id)?.username ?? id,
    orgIdByIdOrName: (value) => orgByIdOrName.get(value, value) as string | undefined,
  };
}
