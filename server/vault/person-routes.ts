import { Hono, type MiddlewareHandler } from 'hono';
import type { AppCatalog } from '../apps/catalog';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/connection';
import type { Directory } from '../directory/directory';
import { forbidden } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import { ownEntryInput } from '../../shared/vault/entry';
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
