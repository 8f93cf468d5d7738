import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import { requireDevice, type DeviceAuthDeps } from '../extension/device-auth';
import { connectorTestRequest } from '../../shared/connector-tests';
import { fillOutcomeReport } from '../../shared/vault/fill-outcome';
import type { ConnectorTests } from './connector-tests';

const releaseBody = z.strictObject({
  appId: z.string().min(1, 'is required').max(100),
  origin: z.string().min(1, 'is required').max(300),
});

/** The Connectors page's side (guarded where mounted: IT only). */
export function createConnectorTestAdminRoutes({ tests }: { tests: ConnectorTests }) {
  const routes = new Hono<AppEnv>();
  routes.post('/', async (c) => {
    const input = await readJson(c, connectorTestRequest);
    return c.json(await tests.start(c.get('viewer').person, input, clientIp(c)), 201);
  });
  routes.get('/:runId', async (c) =>
    c.json({ run: await tests.view(c.get('viewer').person, c.req.param('runId'), clientIp(c)) }),
  );
  return routes;
}

/** The extension's side: the same device-bound calls as a tile launch's release and outcome. */
export function createConnectorTestDeviceRoutes(deps: DeviceAuthDeps & { tests: ConnectorTests }) {
  const routes = new Hono<AppEnv>();
  const { tests } = deps;

  routes.post('/:runId/release', requireDevice(deps, { proofSpentBy: 'handler' }), async (c) => {
    const { appId, origin } = await readJson(c, releaseBody);
    const { person, spendProof } = c.get('device');
    const released = await tests.release({
      runId: c.req.param('runId'),
      appId,
      origin,
      person,
      ip: clientIp(c),
      spendProof,
    });
    return c.json(released);
  });

  routes.post('/:runId/outcome', requireDevice(deps), async (c) => {
    const report = await readJson(c, fillOutcomeReport);
    await tests.reportOutcome(c.get('device').person, c.req.param('runId'), report, clientIp(c));
    return c.body(null, 204);
  });
  return routes;
}
