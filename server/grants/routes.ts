import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { accessRefused } from '../auth/viewer';
import { notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, parseInput, readJson } from '../http/request';
import { giveGrantBody, type GiveGrantRequest, type GrantsResponse } from '../../shared/grants';
import type { GrantKind } from '../../shared/rights';
import type { Authority, Warrant } from './authority';
import type { GrantActor, GrantService } from './grant-service';

const id = z.string().min(1).max(200);
const listQuery = z.object({ campusId: id.optional(), includeEnded: z.enum(['true', 'false']).optional() });
const candidatesQuery = z.object({ campusId: id, q: z.string().max(100).optional() });

export interface GrantRoutesDeps {
  grants: GrantService;
  authority: Authority;
  audit: AuditLog;
  requireViewer: MiddlewareHandler<AppEnv>;
}

/**
 * `/api/grants`: the Delegation page. A principal gives and revokes delegates on her campuses; IT (who holds
 * `manage_district`) any grant anywhere. Every refusal is a 403, audited.
 */
export function createGrantRoutes({ grants, authority, audit, requireViewer }: GrantRoutesDeps) {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireViewer);
  // Nobody who holds `manage_delegates` nowhere (a teacher, a student, a delegate) gets past this.
  routes.use('*', async (c, next) => {
    await authority.checkAnywhere(c, 'manage_delegates');
    return next();
  });

  const managesDistrict = (c: Context<AppEnv>) =>
    authority.holdsDistrictWide(c.get('viewer').person, 'manage_district');

  /**
   * A delegate on a campus needs `manage_delegates` there; any other kind needs `manage_district`. Answers the
   * warrant it rests on (none for a delegate request without a campus: the service's 400 names the field).
   */
  async function checkMayManage(c: Context<AppEnv>, kind: GrantKind, campusId: string | null | undefined) {
    if (kind === 'delegate') return campusId ? authority.check(c, 'manage_delegates', { campusId }) : undefined;
    const warrant = await authority.districtWarrant(c.get('viewer').person, 'manage_district');
    if (!warrant) throw await accessRefused(c, audit, 'role', { detail: { kind } });
    return warrant;
  }

  /**
   * Nobody gives themselves a grant; a principal names only active staff of her own campus (anyone else is one
   * audited 403, whatever the reason, so the page tells her nothing about people beyond it).
   */
  async function checkMayGiveTo(c: Context<AppEnv>, request: GiveGrantRequest) {
    const viewer = c.get('viewer').person;
    const refuse = async () =>
      accessRefused(c, audit, 'scope', { subjectUserId: request.userId, detail: { kind: request.kind } });
    if (request.userId === viewer.id) throw await refuse();
    if (request.kind !== 'delegate' || !request.campusId || (await managesDistrict(c))) return;
    if (!(await grants.isCampusStaff(request.userId, request.campusId))) throw await refuse();
  }

  /** A grant given by way of a grant ends no later than that one: nobody extends their own time-boxed rights. */
  async function latestEndFor(warrant: Warrant | undefined): Promise<number | null> {
    return warrant?.via === 'grant' ? (await grants.find(warrant.grantId)).expiresAt : null;
  }

  /** Refuses (audited) a campus the viewer holds `manage_delegates` on nowhere; no use of a grant is recorded. */
  async function checkMayList(c: Context<AppEnv>, campusId: string) {
    const viewer = c.get('viewer').person;
    if (!(await authority.warrantFor(viewer, 'manage_delegates', { campusId })))
      throw await accessRefused(c, audit, 'scope', { detail: { campusId, right: 'manage_delegates' } });
  }

  routes.get('/', async (c) => {
    const query = parseInput(listQuery, c.req.query());
    const viewer = c.get('viewer').person;
    if (query.campusId) await checkMayList(c, query.campusId);
    const campuses = await authority.campusesWith(viewer, 'manage_delegates');
    const mayGiveDistrict = await managesDistrict(c);
    const campusIds = query.campusId ? [query.campusId] : mayGiveDistrict ? undefined : campuses.map(({ id }) => id);
    const body: GrantsResponse = {
      grants: await grants.list({ campusIds, includeEnded: query.includeEnded === 'true' }),
      campuses: campuses.map(({ id, name }) => ({ id, name })),
      mayGiveDistrict,
      defaultExpiresOn: grants.defaultExpiresOn(),
    };
    return c.json(body);
  });

  routes.get('/candidates', async (c) => {
    const query = parseInput(candidatesQuery, c.req.query());
    await checkMayList(c, query.campusId);
    return c.json(await grants.candidates(query.campusId, query.q));
  });

  routes.post('/', async (c) => {
    const request = await readJson(c, giveGrantBody);
    const warrant = await checkMayManage(c, request.kind, request.campusId);
    await checkMayGiveTo(c, request);
    const given = await grants.give(request, actorOf(c), await latestEndFor(warrant));
    return c.json((await grants.viewsOf([given]))[0]!, 201);
  });

  routes.post('/:id/revoke', async (c) => {
    const grantId = parseInput(id, c.req.param('id'));
    const grant = await grants.findIfAny(grantId);
    if (!grant) {
      // Only IT learns that an id names no grant; anyone else is refused alike, audited.
      if (await managesDistrict(c)) throw notFound('That grant');
      throw await accessRefused(c, audit, 'scope', { detail: { grantId } });
    }
    await checkMayManage(c, grant.kind, grant.campusId);
    const revoked = await grants.revoke(grant, actorOf(c));
    return c.json((await grants.viewsOf([revoked]))[0]!);
  });

  return routes;
}

const actorOf = (c: Context<AppEnv>): GrantActor => ({ id: c.get('viewer').person.id, ip: clientIp(c) });
