import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { normaliseUsername } from '../auth/password-sign-in';
import { displayName, type Directory, type Person } from '../directory/directory';
import type { Locale } from '../../shared/i18n';
import { AppError, invalidRequest, notFound } from '../errors';
import { KB, limitBody } from '../http/body-limit';
import type { AppEnv } from '../http/env';
import { clientIp, readBody } from '../http/request';
import { ssoPreviewBody, ssoSaveBody, ssoVersionBody, type SsoPreview } from '../../shared/sso-admin';
import { previewAssertion } from './assertion-preview';
import { idpFacts, type IdpFactSources } from './idp-facts';
import type { RegistrationStore, SsoRegistration } from './registration-store';
import { registrationView, type RegistrationActor, type RegistrationService } from './registration-service';
import { isRefusal, type SignInGate } from './sign-in-gate';

/** A SAML app's metadata is at most 200 kB (the schema's bound); the JSON around it fits in the rest. */
export const SSO_SAVE_MAX_BYTES = 256 * KB;
/** The save route, whose body may exceed the portal's default limit (mounted with its own). */
export const SSO_SAVE_PATH = /^\/api\/admin\/sso\/[^/]+$/;

export interface RegistrationRoutesDeps {
  service: RegistrationService;
  registrations: RegistrationStore;
  signInGate: Pick<SignInGate, 'admit' | 'assertionFor' | 'localeOf'>;
  directory: Pick<Directory, 'findById' | 'findByUsername'>;
  audit: AuditLog;
  publicUrl: string;
  idp?: IdpFactSources;
  now: () => number;
}

/** IT registers SSO apps (guarded where mounted: `manage_catalog` district-wide). */
export function createRegistrationRoutes(deps: RegistrationRoutesDeps) {
  const { service, registrations, signInGate, directory, audit } = deps;
  const routes = new Hono<AppEnv>();
  const actorOf = (c: Context<AppEnv>): RegistrationActor => ({ userId: c.get('viewer').person.id, ip: clientIp(c) });

  /** The body checked whole; a refused one is audited, naming the field. */
  async function readAudited<T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> {
    // A remove or a rotation may come without a body: then it acts on whatever version is saved.
    const body = (await c.req.raw.clone().text()).trim() === '' ? {} : await readBody(c);
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data as z.infer<T>;
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    await audit.record({
      action: 'sso.registration_refused',
      outcome: 'failure',
      actorUserId: c.get('viewer').person.id,
      ip: clientIp(c),
      detail: { reason: 'invalid_request', field },
    });
    throw invalidRequest(field, issue.message);
  }

  routes.get('/', async (c) => c.json({ registrations: await service.list() }));

  routes.get('/idp', async (c) => c.json(await idpFacts(deps.publicUrl, deps.idp)));

  routes.get('/:appId', async (c) => {
    const stored = await registrations.byAppId(c.req.param('appId'));
    if (!stored) throw notFound('That SSO registration');
    // The SP's metadata is public, and the editor shows it so an edit need not paste it again.
    return c.json({ registration: registrationView(stored), metadata: stored.spMetadata });
  });

  // Exempt from the portal's default limit (SSO_SAVE_PATH): bounded here, once the sender is known to be IT.
  routes.use('/:appId', limitBody(SSO_SAVE_MAX_BYTES));
  routes.put('/:appId', async (c) => {
    const { registration, version } = await readAudited(c, ssoSaveBody);
    const answer = await service.save(c.req.param('appId'), registration, version, actorOf(c));
    return c.json(answer, version === 0 ? 201 : 200);
  });

  routes.delete('/:appId', async (c) => {
    const { version } = await readAudited(c, ssoVersionBody);
    await service.remove(c.req.param('appId'), version, actorOf(c));
    return c.body(null, 204);
  });

  routes.post('/:appId/rotate-secret', async (c) => {
    const { version } = await readAudited(c, ssoVersionBody);
    return c.json(await service.rotateSecret(c.req.param('appId'), version, actorOf(c)));
  });

  routes.get('/:appId/history', async (c) => c.json({ history: await service.history(c.req.param('appId')) }));

  routes.post('/:appId/preview', async (c) => {
    const { person: reference } = await readAudited(c, ssoPreviewBody);
    const registration = await registrations.byAppId(c.req.param('appId'));
    if (!registration) throw notFound('That SSO registration');
    const person =
      (await directory.findById(reference)) ?? (await directory.findByUsername(normaliseUsername(reference)));
    if (!person) throw notFound('That person');

    const preview = await previewFor(person, registration, signInGate.localeOf(c));
    await audit.record({
      action: 'sso.assertion_previewed',
      outcome: 'success',
      actorUserId: c.get('viewer').person.id,
      subjectUserId: person.id,
      appId: registration.appId,
      ip: clientIp(c),
      detail: { entitled: preview.entitled, claims: preview.assertion?.claims.map((each) => each.claim) ?? [] },
    });
    return c.json(preview);
  });

  /** Whether the rules give the person the app, and what the app would be told either way. */
  async function previewFor(person: Person, registration: SsoRegistration, locale: Locale): Promise<SsoPreview> {
    const admitted = await signInGate.admit(person, registration, locale);
    if (isRefusal(admitted) && (admitted.reason === 'unknown_app' || !admitted.app))
      throw new AppError(
        'sso_app_not_sso',
        400,
        'This app does not sign in with SSO: set its sign-in kind to SSO first.',
      );
    const entitled = !isRefusal(admitted) || admitted.reason === 'no_identifier';
    const assertion = isRefusal(admitted)
      ? await signInGate.assertionFor(person, admitted.app!, registration)
      : admitted;
    const idp = await idpFacts(deps.publicUrl, deps.idp);
    return {
      person: { id: person.id, username: person.username, displayName: displayName(person) },
      entitled,
      ...(isRefusal(admitted) && admitted.explanation ? { explanation: admitted.explanation } : {}),
      ...(isRefusal(assertion)
        ? { problem: 'no_identifier' as const }
        : { assertion: previewAssertion(assertion, idp, deps.now()) }),
    };
  }

  return routes;
}
