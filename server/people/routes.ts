import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { accessRefused } from '../auth/viewer';
import type { Person } from '../directory/directory';
import { AppError, notFound } from '../errors';
import type { AppEnv } from '../http/env';
import { clientIp, parseInput } from '../http/request';
import { pickLocale, type Locale } from '../../shared/i18n';
import {
  peopleSearchQuery,
  personQuery,
  type ConfirmCredentialResponse,
  type ReleaseThrottleResponse,
} from '../../shared/people';
import { myClasses } from './my-classes';
import { searchPeople } from './people-search';
import { guessTargetsOf, personPage, storedSignInOf, type PeopleDeps } from './person-page';
import { troubleshoot } from './troubleshoot';
import type { Right } from '../../shared/rights';

export interface PeopleRoutesDeps extends PeopleDeps {
  requireViewer: MiddlewareHandler<AppEnv>;
}

/** The language the access rules' words are written in: `?lang=`, else the browser's. */
const localeOf = (c: Context<AppEnv>, lang: Locale | undefined): Locale =>
  lang ?? pickLocale(c.req.header('accept-language'));

/**
 * `/api/people`: search, a person's page, "why can't they get in?", and the two actions only this page offers
 * (release a throttle, confirm a held stored sign-in). Every request is checked against the person it names.
 */
export function createPeopleRoutes(deps: PeopleRoutesDeps) {
  const { directory, authority, audit } = deps;
  const routes = new Hono<AppEnv>();
  routes.use('*', deps.requireViewer);
  const viewerOf = (c: Context<AppEnv>) => c.get('viewer').person;

  /** The person named in the path, once the viewer's right over them is checked (403 audited, then 404). */
  async function checkedPerson(c: Context<AppEnv>, right: Right): Promise<Person> {
    const userId = c.req.param('id')!;
    await authority.check(c, right, { userId });
    const person = await directory.findById(userId);
    if (!person) throw notFound('That person');
    return person;
  }

  const recordAbout = (
    c: Context<AppEnv>,
    action: 'person.viewed' | 'person.troubleshot',
    person: Person,
    appId?: string,
  ) =>
    audit.record({
      action,
      outcome: 'success',
      actorUserId: viewerOf(c).id,
      subjectUserId: person.id,
      appId: appId ?? null,
      ip: clientIp(c),
    });

  routes.get('/', async (c) => {
    await authority.checkAnywhere(c, 'view_people');
    const { q } = parseInput(peopleSearchQuery, c.req.query());
    const found = await searchPeople(directory, authority, viewerOf(c), q);
    // Who looked, and how many they found; never what they typed (a child's name).
    await audit.record({
      action: 'admin.user_search',
      outcome: 'success',
      actorUserId: viewerOf(c).id,
      ip: clientIp(c),
      detail: { results: found.people.length },
    });
    return c.json(found);
  });

  routes.get('/:id', async (c) => {
    const { lang } = parseInput(personQuery, c.req.query());
    const person = await checkedPerson(c, 'view_people');
    await recordAbout(c, 'person.viewed', person);
    return c.json(await personPage(deps, viewerOf(c), person, localeOf(c, lang)));
  });

  routes.get('/:id/troubleshoot', async (c) => {
    const { lang, app: appId } = parseInput(personQuery, c.req.query());
    const person = await checkedPerson(c, 'view_people');
    const app = appId === undefined ? undefined : deps.catalog.byId(appId);
    if (appId !== undefined && !app) throw notFound('That app');
    const answer = await troubleshoot(deps, viewerOf(c), person, app ?? null, localeOf(c, lang));
    await recordAbout(c, 'person.troubleshot', person, app?.id);
    return c.json(answer);
  });

  routes.post('/:id/release-throttle', async (c) => {
    const person = await checkedPerson(c, 'unblock_sign_in');
    const liveBadgeId = (await deps.badges.historyFor([person.id])).get(person.id)?.liveBadgeId ?? null;
    const targets = guessTargetsOf(person, liveBadgeId);
    const held = (await deps.throttle.countsFor(targets)).filter((count) => count.heldUntil !== null);
    const released = held.map((count) => count.kind);
    await deps.storage.transaction(async (tx) => {
      await deps.throttle.release(targets, tx);
      await audit.record(
        {
          action: 'sign_in.throttle_released',
          outcome: 'success',
          actorUserId: viewerOf(c).id,
          subjectUserId: person.id,
          ip: clientIp(c),
          detail: { released },
        },
        tx,
      );
    });
    const body: ReleaseThrottleResponse = { released };
    return c.json(body);
  });

  routes.post('/:id/apps/:appId/confirm', async (c) => {
    const person = await checkedPerson(c, 'unblock_sign_in');
    const app = deps.catalog.byId(c.req.param('appId'));
    if (!app) throw notFound('That app');
    if (app.signInKind !== 'vault')
      throw new AppError('not_a_vault_app', 400, 'This app does not use stored sign-ins.');
    const stored = await storedSignInOf(deps, person, app.id);
    const lifted = stored?.hold
      ? await deps.vault.confirmHeld(
          { entryId: stored.entry.id, appId: app.id, userId: person.id },
          viewerOf(c).id,
          clientIp(c),
        )
      : false;
    const body: ConfirmCredentialResponse = { lifted };
    return c.json(body);
  });

  return routes;
}

/** `/api/my-classes`: a teacher's home; anyone else is refused (403, audited). */
export function createMyClassesRoutes(deps: PeopleRoutesDeps) {
  const routes = new Hono<AppEnv>();
  routes.use('*', deps.requireViewer);
  routes.get('/', async (c) => {
    const viewer = c.get('viewer').person;
    if (viewer.role !== 'teacher') throw await accessRefused(c, deps.audit, 'role');
    return c.json(await myClasses(deps, viewer));
  });
  return routes;
}
