// Threat: a connector decides where a child's password is typed, so only IT may propose one. The extension's
// "Capture this login" sends a draft on a device-bound session: anyone else is refused (403, audited), the draft
// is checked whole by the connector schema, the body is bounded, and a draft becomes the app's connector only
// when IT saves it on the Connectors page (once: a second save or discard of the same draft is refused).
import { describe, expect, it } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import type { CaptureTargets, ConnectorDraftSummary } from '../../shared/connectors/connector-drafts';
import { errorCode, pairExtension } from '../helpers/extension-client';
import { createTestPortal, PUBLIC_URL, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden');
const ORIGIN = fixtureOrigin('reading-garden');
const captured = {
  launchUrl: `${ORIGIN}/login`,
  origins: [ORIGIN],
  login: { mode: 'fill', fields: { username: '#username', password: '#password' }, submit: 'button[type=submit]' },
  success: { urlPattern: `${ORIGIN}/home*` },
};

async function portalWith(...usernames: string[]) {
  const portal = await createTestPortal();
  const people = await Promise.all(
    usernames.map(async (username) => {
      const cookie = await signIn(portal, username);
      return { cookie, extension: await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL }) };
    }),
  );
  const admin = (method: string, path: string, body?: unknown) =>
    portal.request.send(method, `/api/admin/connector-drafts${path}`, body, people[0]!.cookie);
  const drafts = async () => ((await (await admin('GET', '')).json()) as { drafts: ConnectorDraftSummary[] }).drafts;
  const auditOf = async (action: string) =>
    (await portal.audit.list({ limit: 50 })).filter((entry) => entry.action === action);
  return { portal, people, admin, drafts, auditOf };
}

describe('capturing a connector draft from the extension', () => {
  it('offers capture to IT only, and lists the apps with the origins that match a tab', async () => {
    const { people, auditOf } = await portalWith('demo.it', 'demo.teacher');
    const [it, teacher] = people;
    const targets = (await (
      await it!.extension.call('GET', '/api/extension/connector-drafts/apps')
    ).json()) as CaptureTargets;
    expect(targets.mayCapture).toBe(true);
    expect(targets.apps).toContainEqual({ appId: READING, name: 'Reading Garden', origins: [ORIGIN] });
    // Asking is not a refusal: a teacher's popup just does not offer it.
    const theirs = await teacher!.extension.call('GET', '/api/extension/connector-drafts/apps');
    expect(await theirs.json()).toEqual({ mayCapture: false, apps: [] });
    expect(await auditOf('access.denied')).toEqual([]);
  });

  it('stores IT’s draft, audited, and shows it on the Connectors page; it changes no connector', async () => {
    const { portal, people, drafts, auditOf } = await portalWith('demo.it');
    const before = portal.connectors.current(READING)!.version;
    const sent = await people[0]!.extension.call('POST', '/api/extension/connector-drafts', {
      appId: READING,
      definition: captured,
    });
    expect(sent.status).toBe(201);
    const { draft } = (await sent.json()) as { draft: { id: string } };
    const [listed] = await drafts();
    expect(listed).toMatchObject({ id: draft.id, appId: READING, appName: 'Reading Garden' });
    expect(listed!.definition).toMatchObject(captured);
    expect(listed!.capturedByName).toMatch(/\S/);
    expect(portal.connectors.current(READING)!.version).toBe(before);
    const [audited] = await auditOf('connector.draft_captured');
    expect(audited).toMatchObject({ outcome: 'success', appId: READING, detail: { draftId: draft.id, mode: 'fill' } });
  });

  it('refuses anyone but IT with a 403 that is audited, and keeps nothing', async () => {
    const { people, drafts, auditOf } = await portalWith('demo.it', 'demo.teacher', 'demo.student.g4');
    for (const { extension } of people.slice(1)) {
      const refused = await extension.call('POST', '/api/extension/connector-drafts', {
        appId: READING,
        definition: captured,
      });
      expect(refused.status).toBe(403);
    }
    expect(await drafts()).toEqual([]);
    const denied = await auditOf('access.denied');
    expect(denied).toHaveLength(2);
    expect(denied[0]!.detail).toMatchObject({ route: 'POST /api/extension/connector-drafts', reason: 'role' });
  });

  it('checks the draft with the connector schema, naming the field, and audits the refusal', async () => {
    const { people, drafts, auditOf } = await portalWith('demo.it');
    const send = (definition: unknown, appId = READING) =>
      people[0]!.extension.call('POST', '/api/extension/connector-drafts', { appId, definition });
    const offOrigin = await send({ ...captured, launchUrl: 'http://elsewhere.test:8790/login' });
    expect(offOrigin.status).toBe(400);
    const { error } = (await offOrigin.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('connector_invalid');
    expect(error.message).toContain('definition.launchUrl');
    const stranger = 'http://login.tracker.test:8790';
    const elsewhere = await send({ ...captured, launchUrl: `${stranger}/login`, origins: [stranger] });
    expect(await elsewhere.clone().json()).toMatchObject({ error: { code: 'connector_invalid' } });
    expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toContain('definition.origins');
    const badSelector = await send({ ...captured, login: { ...captured.login, submit: 'button[[' } });
    expect(await errorCode(badSelector)).toBe('connector_invalid');
    expect(await errorCode(await send(captured, 'app-no-such-app'))).toBe('not_found');
    expect((await send(undefined)).status).toBe(400);
    expect(await drafts()).toEqual([]);
    expect((await auditOf('connector.draft_captured')).map((entry) => entry.outcome)).toEqual(['failure', 'failure', 'failure']);
  });

  it('reads a bounded body', async () => {
    const { people, drafts } = await portalWith('demo.it');
    const huge = await people[0]!.extension.call('POST', '/api/extension/connector-drafts', {
      appId: READING,
      definition: { ...captured, padding: 'x'.repeat(20_000) },
    });
    expect(huge.status).toBe(413);
    expect(await drafts()).toEqual([]);
  });
});

describe('reviewing a draft on the Connectors page', () => {
  async function withDraft() {
    const setup = await portalWith('demo.it');
    const sent = await setup.people[0]!.extension.call('POST', '/api/extension/connector-drafts', {
      appId: READING,
      definition: captured,
    });
    const { draft } = (await sent.json()) as { draft: { id: string } };
    return { ...setup, id: draft.id };
  }

  it('saves the edited draft as the app’s connector and removes it, once', async () => {
    const { portal, admin, drafts, id, auditOf } = await withDraft();
    const before = portal.connectors.current(READING)!.version;
    const edited = { ...captured, failure: { element: '.error-box' } };
    const saved = await admin('POST', `/${id}/save`, edited);
    expect(saved.status).toBe(200);
    const { connector } = (await saved.json()) as { connector: { version: number } };
    expect(connector.version).toBe(before + 1);
    const history = await portal.connectors.history(READING);
    expect(history[0]!.definition).toMatchObject(edited);
    expect(await drafts()).toEqual([]);
    expect((await auditOf('connector.saved'))[0]).toMatchObject({ outcome: 'success', detail: { draftId: id } });
    expect(await errorCode(await admin('POST', `/${id}/save`, edited))).toBe('draft_gone');
    expect(await errorCode(await admin('DELETE', `/${id}`))).toBe('draft_gone');
  });

  it('keeps the draft when the edited connector is refused', async () => {
    const { portal, admin, drafts, id } = await withDraft();
    const before = portal.connectors.current(READING)!.version;
    const refused = await admin('POST', `/${id}/save`, { ...captured, origins: ['ftp://nowhere'] });
    expect(await errorCode(refused)).toBe('connector_invalid');
    expect((await drafts()).map((draft) => draft.id)).toEqual([id]);
    expect((await portal.connectors.history(READING))[0]!.version).toBe(before);
  });

  it('discards a draft, audited', async () => {
    const { admin, drafts, id, auditOf } = await withDraft();
    expect((await admin('DELETE', `/${id}`)).status).toBe(204);
    expect(await drafts()).toEqual([]);
    expect((await auditOf('connector.draft_discarded'))[0]).toMatchObject({ appId: READING, detail: { draftId: id } });
  });

  it('lets one of two simultaneous saves of the same draft through', async () => {
    const { portal, admin, id } = await withDraft();
    const before = portal.connectors.current(READING)!.version;
    const answers = await Promise.all([
      admin('POST', `/${id}/save`, { ...captured, failure: { element: '.one' } }),
      admin('POST', `/${id}/save`, { ...captured, failure: { element: '.two' } }),
      admin('DELETE', `/${id}`),
    ]);
    // Whichever came first (a save or the discard) went through; the others found the draft gone.
    expect(answers.filter((answer) => answer.status === 409)).toHaveLength(2);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect((await portal.connectors.history(READING))[0]!.version).toBeLessThanOrEqual(before + 1);
  });

  it('is for IT only', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.teacher');
    const refused = await portal.request.send('GET', '/api/admin/connector-drafts', undefined, cookie);
    expect(refused.status).toBe(403);
  });
});
