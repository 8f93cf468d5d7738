import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { viewerJson } from '../auth/routes';
import { AppError } from '../errors';
import type { AppEnv } from '../http/env';
import { KB, limitBody } from '../http/body-limit';
import { clientIp, readJson } from '../http/request';
import type { Vault } from '../vault/vault';
import { fillOutcomeReport } from '../../shared/vault/fill-outcome';
import { requireDevice, type DeviceAuthDeps } from './device-auth';
import { deviceJwk, deviceKeyThumbprint } from './device-proof';
import type { ManagedDeviceSecrets } from './managed-device-secrets';
import type { SigningKeys } from './signing-keys';

export interface ExtensionRoutesDeps extends DeviceAuthDeps {
  keys: SigningKeys;
  deviceSecrets: ManagedDeviceSecrets;
  vault: Vault;
  audit: AuditLog;
}

const pairingBody = z.strictObject({
  code: z.string().min(1, 'is required').max(100),
  deviceKey: deviceJwk,
  managedProof: z.strictObject({ secretId: z.string().min(1).max(100), mac: z.string().min(1).max(100) }).optional(),
});
const releaseBody = z.strictObject({
  appId: z.string().min(1, 'is required'),
  origin: z.string().min(1, 'is required').max(300),
});

const launchBody = z.strictObject({ appId: z.string().min(1, 'is required').max(100) });
const bookmarkRepairsBody = z.strictObject({
  count: z.number().int().min(1, 'must be at least 1').max(100_000, 'must be at most 100000'),
});

/** A pairing is a code, a public key and a MAC: well under 1 kB. Anyone may call it, so it reads little. */
const PAIRING_MAX_BYTES = 4 * KB;

const pairingRefusals = {
  pairing_code_invalid: 'That pairing code is not valid.',
  pairing_code_used: 'That pairing code was already used; sign in at the portal again.',
  pairing_code_expired: 'That pairing code has expired; reload the portal page.',
  managed_proof_missing: 'Only the district’s managed extension can sign in here.',
  managed_proof_invalid: 'This browser’s extension policy is not the district’s; ask IT to check the extension policy.',
  managed_proof_retired: 'This browser’s extension policy is out of date; ask IT to push the current extension policy.',
} as const;

/** The API the extension calls. No cookies here: each call proves itself with a token and a device proof. */
export function createExtensionRoutes(deps: ExtensionRoutesDeps) {
  const routes = new Hono<AppEnv>();
  const device = requireDevice(deps);
  const deviceSpendingInHandler = requireDevice(deps, { proofSpentBy: 'handler' });
  const { tokens, extensionSessions, vault, audit, directory } = deps;

  routes.get('/jwks.json', async (c) => c.json(deps.keys.jwks()));

  /**
   * Pairing: the portal page's one-time code, the device key to bind, and proof of the managed-device
   * secret. Without that proof nothing pairs, so a portal session alone (a script at home) gets no token.
   */
  routes.post('/session', limitBody(PAIRING_MAX_BYTES), async (c) => {
    const { code, deviceKey, managedProof } = await readJson(c, pairingBody);
    const jkt = await deviceKeyThumbprint(deviceKey);
    const refuse = async (reason: keyof typeof pairingRefusals) => {
      const userId = await extensionSessions.pairingCodeOwner(code);
      // A made-up code names no one and costs nothing to send: recording it would let anyone grow the log.
      if (userId)
        await audit.record({
          action: 'extension.pairing_refused',
          outcome: 'failure',
          actorUserId: userId,
          subjectUserId: userId,
          ip: clientIp(c),
          detail: { reason },
        });
      return new AppError(reason, 401, pairingRefusals[reason]);
    };
    const managed = managedProof
      ? await deps.deviceSecrets.check(managedProof, code, jkt)
      : ({ ok: false, code: 'managed_proof_missing' } as const);
    if (!managed.ok) throw await refuse(managed.code);
    const paired = await extensionSessions.redeemPairingCode(code, jkt, deviceKey);
    if (!paired.ok) throw await refuse(paired.code);
    const { session } = paired;
    const issued = await tokens.issue({ sub: session.userId, sid: session.id, jkt });
    await audit.record({
      action: 'extension.paired',
      outcome: 'success',
      actorUserId: session.userId,
      subjectUserId: session.userId,
      ip: clientIp(c),
    });
    const person = (await directory.findById(session.userId))!;
    return c.json({
      ...issued,
      tokenType: 'DPoP',
      sessionExpiresAt: session.expiresAt,
      user: viewerJson(person),
      district: await directory.districtName(),
    });
  });

  routes.post('/session/refresh', device, async (c) => {
    const { person, sessionId } = c.get('device');
    const session = (await extensionSessions.find(sessionId))!;
    return c.json(await tokens.issue({ sub: person.id, sid: sessionId, jkt: session.deviceJkt }));
  });

  routes.get('/me', device, async (c) =>
    c.json({ user: viewerJson(c.get('device').person), district: await directory.districtName() }),
  );

  routes.post('/sign-out', device, async (c) => {
    await extensionSessions.end(c.get('device').sessionId);
    return c.body(null, 204);
  });

  /** The person's apps the extension can sign them in to, so the popup can offer "Sign me in" on one. */
  routes.get('/apps', device, async (c) => {
    const { person } = c.get('device');
    const apps = (await vault.tileStatuses(person))
      .filter((status) => status.state === 'ready')
      .flatMap((status) => {
        const allowed = vault.entitlement(person, status.appId);
        return allowed.ok
          ? [{ appId: status.appId, name: allowed.app.name, origins: allowed.connector.definition.origins }]
          : [];
      });
    return c.json({ apps });
  });

  /** "Sign me in" from the popup: the same launch a tile click makes. */
  routes.post('/launches', device, async (c) => {
    const { appId } = await readJson(c, launchBody);
    return c.json(await vault.launch(c.get('device').person, appId, clientIp(c)));
  });

  /** How many of this person's bookmarks the extension rewrote to the portal's canonical address. */
  routes.post('/bookmark-repairs', device, async (c) => {
    const { count } = await readJson(c, bookmarkRepairsBody);
    const { person } = c.get('device');
    await audit.record({
      action: 'extension.bookmarks_repaired',
      outcome: 'success',
      actorUserId: person.id,
      subjectUserId: person.id,
      ip: clientIp(c),
      detail: { count },
    });
    return c.body(null, 204);
  });

  routes.post('/launches/:launchId/release', deviceSpendingInHandler, async (c) => {
    const { appId, origin } = await readJson(c, releaseBody);
    const { person, spendProof } = c.get('device');
    const released = await vault.release({
      launchId: c.req.param('launchId'),
      appId,
      origin,
      person,
      ip: clientIp(c),
      // Spent in the release's own transaction: a replay, here or on another process, releases nothing.
      spendProof,
    });
    return c.json(released);
  });

  routes.post('/launches/:launchId/outcome', device, async (c) => {
    const report = await readJson(c, fillOutcomeReport);
    await vault.reportOutcome(c.get('device').person, c.req.param('launchId'), report, clientIp(c));
    return c.body(null, 204);
  });

  return routes;
}

/** The portal page asks for a pairing code right after sign-in and hands it to the extension. */
export function createPairingRoutes(
  deps: Pick<ExtensionRoutesDeps, 'extensionSessions' | 'audit'> & { requireViewer: MiddlewareHandler<AppEnv> },
) {
  const routes = new Hono<AppEnv>();
  routes.post('/pairing-code', deps.requireViewer, async (c) => {
    // Badge sessions may pair too: young children are exactly whom the extension signs in.
    const { person, session } = c.get('viewer');
    const pairing = await deps.extensionSessions.createPairingCode(session.idHash, person.id);
    if (!pairing) {
      await deps.audit.record({
        action: 'extension.pairing_refused',
        outcome: 'failure',
        actorUserId: person.id,
        subjectUserId: person.id,
        ip: clientIp(c),
        detail: { reason: 'too_many_pairing_codes' },
      });
      throw new AppError('too_many_pairing_codes', 429, 'Too many pairing codes at once; wait a minute.', {
        'Retry-After': '60',
      });
    }
    return c.json(pairing);
  });
  return routes;
}
