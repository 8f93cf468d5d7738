import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { displayName } from '../directory/directory';
import { AppError, invalidRequest, notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, parseInput, readJson } from '../http/request';
import { vaultEntryInput, type VaultEntryInput } from '../../shared/vault/entry';
import { exportVaultCsv, importVaultCsv } from './csv-transfer';
import type { VaultEntryRow } from './entries';
import { createLookups } from './lookups';
import type { VaultRoutesDeps } from './person-routes';

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
export function createVaultAdminRoutes({ storage, vault, catalog, directory, audit }: VaultRoutesDeps) {
  const routes = new Hono<AppEnv>();
  const lookups = createLookups(catalog, directory);
  const isCampusId = async (orgId: string) => (await directory.campuses()).some((campus) => campus.id === orgId);
  const actor = (c: { get: (key: 'viewer') => AppEnv['Variables']['viewer'] }) => c.get('viewer').person.id;

  const summary = async (row: VaultEntryRow) => {
    const person = row.userId ? await directory.findById(row.userId) : undefined;
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
  const entryOr404 = async (id: string) => {
    const row = await vault.entries.get(id);
    if (!row) throw notFound('That stored sign-in');
    return row;
  };

  routes.get('/entries', async (c) => {
    const query = parseInput(listQuery, c.req.query());
    return c.json({
      entries: await Promise.all((await vault.entries.list({ appId: query.app, userId: query.person })).map(summary)),
    });
  });

  /** A campus id the form sent that is not one of the district's (a typed name, a stale id): a 400, audited. */
  const refuseUnknownCampus = async (c: Context<AppEnv>, input: VaultEntryInput) => {
    if (input.orgId === undefined || (await isCampusId(input.orgId))) return;
    await audit.record({
      action: 'vault.entry_saved',
      outcome: 'failure',
      actorUserId: actor(c),
      appId: input.appId,
      ip: clientIp(c),
      detail: { scope: input.scope, field: 'orgId', reason: 'unknown_campus' },
    });
    throw invalidRequest('orgId', 'is not a campus in this district; choose one from the list');
  };

  routes.put('/entries', async (c) => {
    const input = await readJson(c, vaultEntryInput);
    if (!catalog.byId(input.appId)) throw notFound('That app');
    if (input.userId && !(await directory.findById(input.userId))) throw notFound('That person');
    // Checked before the insert, whose foreign key would otherwise fail as a 500.
    await refuseUnknownCampus(c, input);
    const row = await storage.transaction(async (tx) => {
      const saved = await vault.entries.save(input, 'it', actor(c), tx);
      await audit.record(
        {
          action: 'vault.entry_saved',
          outcome: 'success',
          actorUserId: actor(c),
          subjectUserId: input.userId,
          appId: input.appId,
          ip: clientIp(c),
          detail: { entryId: saved.id, scope: saved.scope, version: saved.version },
        },
        tx,
      );
      return saved;
    });
    return c.json({ entry: await summary(row) });
  });

  routes.delete('/entries/:id', async (c) => {
    const row = await entryOr404(c.req.param('id'));
    await storage.transaction(async (tx) => {
      if (!(await vault.entries.remove(row.id, tx))) return;
      await audit.record(
        {
          action: 'vault.entry_deleted',
          outcome: 'success',
          actorUserId: actor(c),
          subjectUserId: row.userId,
          appId: row.appId,
          ip: clientIp(c),
          detail: { entryId: row.id, scope: row.scope },
        },
        tx,
      );
    });
    return c.body(null, 204);
  });

  routes.post('/entries/:id/reveal', async (c) => {
    const { reason } = await readJson(c, revealBody);
    const row = await entryOr404(c.req.param('id'));
    // Written before the secret is read: no audit row, no reveal.
    await audit.record({
      action: 'vault.reveal',
      outcome: 'success',
      actorUserId: actor(c),
      subjectUserId: row.userId,
      appId: row.appId,
      ip: clientIp(c),
      detail: { entryId: row.id, reason },
    });
    return c.json({ entry: await summary(row), values: vault.entries.openStored(row) });
  });

  routes.post('/entries/:id/confirm', async (c) => {
    const { userId } = await readJson(c, confirmBody);
    const row = await entryOr404(c.req.param('id'));
    const lifted = await vault.confirmHeld({ entryId: row.id, appId: row.appId, userId }, actor(c), clientIp(c));
    return c.json({ lifted });
  });

  routes.post('/import', async (c) => {
    const { csv } = await readJson(c, importBody);
    const result = await importVaultCsv(storage, vault.entries, csv, lookups, actor(c), (imported, tx) =>
      audit.record(
        {
          action: 'vault.import',
          outcome: imported.ok ? 'success' : 'failure',
          actorUserId: actor(c),
          ip: clientIp(c),
          detail: imported.ok ? { saved: imported.saved } : { rejectedRows: imported.problems.length },
        },
        tx,
      ),
    );
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
    const rows = await vault.entries.list();
    await audit.record({
      action: 'vault.export',
      outcome: 'success',
      actorUserId: actor(c),
      ip: clientIp(c),
      detail: { includeSecrets, reason, entries: rows.length },
    });
    c.header('Content-Disposition', 'attachment; filename="gatehouse-vault.csv"');
    return c.body(await exportVaultCsv(rows, vault.entries, lookups, includeSecrets), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
    });
  });

  routes.get('/health', async (c) => c.json({ apps: await vault.launches.health() }));

  return routes;
}
