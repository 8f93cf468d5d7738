import { Hono, type MiddlewareHandler } from 'hono';
import type { AppCatalog } from '../apps/catalog';
import type { AuditLog } from '../audit/audit-log';
import type { Directory } from '../directory/directory';
import type { Storage } from '../storage/storage';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import { accessRefused } from '../auth/viewer';
import { ownEntryInput } from '../../shared/vault/entry';
import type { Vault } from './vault';

export interface VaultRoutesDeps {
  storage: Storage;
  vault: Vault;
  catalog: AppCatalog;
  directory: Directory;
  audit: AuditLog;
}

/** A person's own use of the vault: tile status, launching, help at home, their own entries. */
export function createVaultPersonRoutes({
  storage,
  vault,
  audit,
  requireViewer,
}: VaultRoutesDeps & { requireViewer: MiddlewareHandler<AppEnv> }) {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireViewer);
  // Badge sessions (young children) may launch apps but never change what is stored.
  const noBadge: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (c.get('viewer').session.method === 'badge') throw await accessRefused(c, audit, 'badge_session');
    return next();
  };

  routes.get('/tiles', async (c) => c.json({ tiles: await vault.tileStatuses(c.get('viewer').person) }));

  routes.post('/apps/:appId/launch', async (c) =>
    c.json(await vault.launch(c.get('viewer').person, c.req.param('appId'), clientIp(c))),
  );

  routes.get('/apps/:appId/help', async (c) =>
    c.json(await vault.signInHelp(c.get('viewer').person, c.req.param('appId'), false, clientIp(c))),
  );
  routes.post('/apps/:appId/reveal', noBadge, async (c) =>
    c.json(await vault.signInHelp(c.get('viewer').person, c.req.param('appId'), true, clientIp(c))),
  );

  routes.put('/apps/:appId/own-entry', noBadge, async (c) => {
    const { person } = c.get('viewer');
    const appId = c.req.param('appId');
    const body = await readJson(c, ownEntryInput);
    const allowed = vault.entitlement(person, appId);
    if (!allowed.ok) throw await vault.refusal('vault.entry_saved', person, appId, allowed.code, clientIp(c));
    if (allowed.connector.definition.userEntries === 'off') {
      throw await vault.refusal('vault.entry_saved', person, appId, 'own_entries_not_allowed', clientIp(c));
    }
    await storage.transaction(async (tx) => {
      const input = { appId, scope: 'user' as const, userId: person.id, ...body };
      const entry = await vault.entries.save(input, 'self', person.id, tx);
      await audit.record(
        {
          action: 'vault.entry_saved',
          outcome: 'success',
          actorUserId: person.id,
          subjectUserId: person.id,
          appId,
          ip: clientIp(c),
          detail: { entryId: entry.id, setBy: 'self' },
        },
        tx,
      );
    });
    return c.json({ tiles: await vault.tileStatuses(person) });
  });

  routes.post('/apps/:appId/confirm', noBadge, async (c) => {
    const { person } = c.get('viewer');
    const appId = c.req.param('appId');
    const allowed = vault.entitlement(person, appId);
    if (!allowed.ok) throw await vault.refusal('vault.hold_lifted', person, appId, allowed.code, clientIp(c));
    const resolved = await vault.entries.resolve(person, appId, allowed.connector.definition.userEntries);
    if (!resolved) throw await vault.refusal('vault.hold_lifted', person, appId, 'credential_missing', clientIp(c));
    await vault.confirmHeld({ entryId: resolved.entry.id, appId, userId: person.id }, person.id, clientIp(c));
    return c.json({ tiles: await vault.tileStatuses(person) });
  });

  return routes;
}
