import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { RosterProblem, RosterReport } from '../../shared/roster';
import type { AuditLog } from '../audit/audit-log';
import { AppError, notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, parseInput } from '../http/request';
import { problemText } from './report-text';
import { readUploadedRoster, RosterUploadRefused } from './roster-upload';
import { RosterSyncNotHeld, type RosterService } from './roster-service';

export interface RosterRoutesDeps {
  roster: RosterService;
  audit: AuditLog;
}

const HISTORY_LIMIT = 50;
const syncIdParam = z.object({ id: z.coerce.number().int().positive('must be a sync id') });
const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(HISTORY_LIMIT) });

/** What an import's outcome answers: 202 for a held sync (nothing applied yet), 422 for a refused bundle. */
const STATUS_FOR: Record<RosterReport['outcome'], 200 | 202 | 422> = {
  applied: 200,
  unchanged: 200,
  previewed: 200,
  approved: 200,
  held: 202,
  refused: 422,
};

/** IT's roster sync over HTTP (guarded where mounted): preview, import, approve a held sync, history. */
export function createRosterRoutes({ roster, audit }: RosterRoutesDeps) {
  const routes = new Hono<AppEnv>();
  const actor = (c: Context<AppEnv>) => c.get('viewer').person.id;

  /** An upload that is not a bundle at all never reaches the service: it is refused and audited here. */
  const readOrRefuse = async (c: Context<AppEnv>, dryRun: boolean) => {
    try {
      return await readUploadedRoster(c);
    } catch (error) {
      if (!(error instanceof RosterUploadRefused)) throw error;
      await audit.record({
        action: 'roster.refused',
        outcome: 'failure',
        actorUserId: actor(c),
        ip: clientIp(c),
        detail: { via: 'upload', dryRun, problems: error.problems.map((problem) => problem.code) },
      });
      throw refusal(error.problems);
    }
  };

  const answer = (c: Context<AppEnv>, report: RosterReport) =>
    report.outcome === 'refused'
      ? c.json(
          { error: { code: 'roster_refused', message: refusalText(report.errors), details: report.errors }, report },
          422,
        )
      : c.json({ report }, STATUS_FOR[report.outcome]);

  const importUpload = (dryRun: boolean) => async (c: Context<AppEnv>) => {
    const files = await readOrRefuse(c, dryRun);
    return answer(c, await roster.importFiles(files, { source: 'upload', actorId: actor(c), dryRun }));
  };

  routes.post('/preview', importUpload(true));
  routes.post('/import', importUpload(false));

  routes.post('/syncs/:id/approve', async (c) => {
    const { id } = parseInput(syncIdParam, c.req.param());
    try {
      return answer(c, await roster.approve(id, actor(c), { source: 'upload' }));
    } catch (error) {
      if (error instanceof RosterSyncNotHeld && error.reason === 'superseded')
        throw new AppError('roster_superseded', 409, `${error.message}.`);
      if (error instanceof RosterSyncNotHeld)
        throw new AppError('roster_not_held', 409, `Roster sync ${id} is not waiting for approval.`);
      throw error;
    }
  });

  routes.get('/syncs', async (c) => {
    const { limit } = parseInput(historyQuery, c.req.query());
    return c.json({ syncs: await roster.history(limit) });
  });

  routes.get('/syncs/:id', async (c) => {
    const { id } = parseInput(syncIdParam, c.req.param());
    const report = await roster.report(id);
    if (!report) throw notFound('That roster sync');
    return c.json({ report });
  });

  routes.get('/health', async (c) => c.json(await roster.health()));

  return routes;
}

function refusalText(problems: RosterProblem[]): string {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return first ? `Nothing was imported. ${problemText(first)}${more}` : 'Nothing was imported.';
}

const refusal = (problems: RosterProblem[]) => new AppError('roster_refused', 422, refusalText(problems), {}, problems);
