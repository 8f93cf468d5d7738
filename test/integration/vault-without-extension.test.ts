// On a home computer there is no extension: the tile explains how to get in, as far as the app's
// connector allows, and a person may keep their own sign-in where the connector says whose wins.
import { describe, expect, it } from 'vitest';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import { errorCode } from '../helpers/extension-client';
import { createTestPortal, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden'); // shows the username; never the password
const MATH = fixtureAppId('math-meadow'); // lets people reveal the password and keep their own, theirs wins
const COVE = fixtureAppId('code-cove'); // has a school code

async function student() {
  const portal = await createTestPortal();
  const cookie = await signIn(portal, 'demo.student.g4');
  const help = async (appId: string) =>
    (await portal.request.get(`/api/vault/apps/${appId}/help`, cookie)).json() as Promise<Record<string, unknown>>;
  const tiles = async () =>
    ((await (await portal.request.get('/api/vault/tiles', cookie)).json()) as { tiles: Record<string, unknown>[] })
      .tiles;
  return { portal, cookie, help, tiles };
}

describe('signing in without the extension', () => {
  it('shows the username and how to get there, but not the password, where the app does not allow it', async () => {
    const { help, portal, cookie } = await student();
    expect(await help(READING)).toEqual({
      launchUrl: 'http://reading-garden.test:8790/login',
      username: 'demo.student.g4',
      password: null,
      extra: null,
      extraFieldLabel: null,
      canRevealPassword: false,
    });
    const reveal = await portal.request.post(`/api/vault/apps/${READING}/reveal`, {}, cookie);
    expect(reveal.status).toBe(403);
    expect(await errorCode(reveal)).toBe('reveal_not_allowed');
  });

  it('shows the school code beside its label', async () => {
    const { help } = await student();
    expect(await help(COVE)).toMatchObject({ extra: 'LAKESIDE-01', extraFieldLabel: 'School code' });
  });

  it('reveals the password where the app allows it, and audits that', async () => {
    const { portal, cookie, help } = await student();
    expect(await help(MATH)).toMatchObject({ canRevealPassword: true, password: null });
    const revealed = (await (await portal.request.post(`/api/vault/apps/${MATH}/reveal`, {}, cookie)).json()) as {
      password: string;
    };
    expect(revealed.password).toMatch(/^[A-Za-z2-9]{14}$/);
    expect((await portal.audit.list({ limit: 1 }))[0]).toMatchObject({
      action: 'vault.reveal',
      subjectUsername: 'demo.student.g4',
      appId: MATH,
    });
  });
});

describe('a person’s own sign-in', () => {
  it('is used instead of IT’s where the connector says the person’s wins, and the tile says so', async () => {
    const { portal, cookie, tiles, help } = await student();
    expect((await tiles()).find((t) => t.appId === MATH)).toMatchObject({
      source: 'template',
      userEntries: 'user_wins',
      hasOwnEntry: false,
    });
    const ownEntry = { username: 'ava.math', password: 'My-Own-Pass-1' };
    const saved = await portal.request.send('PUT', `/api/vault/apps/${MATH}/own-entry`, ownEntry, cookie);
    expect(saved.status).toBe(200);
    expect((await tiles()).find((t) => t.appId === MATH)).toMatchObject({
      source: 'self',
      hasOwnEntry: true,
      state: 'ready',
    });
    expect(await help(MATH)).toMatchObject({ username: 'ava.math' });
  });

  it('is refused where the connector does not allow it', async () => {
    const { portal, cookie } = await student();
    const ownEntry = { username: 'ava', password: 'My-Own-Pass-1' };
    const saved = await portal.request.send('PUT', `/api/vault/apps/${READING}/own-entry`, ownEntry, cookie);
    expect(saved.status).toBe(403);
    expect(await errorCode(saved)).toBe('own_entries_not_allowed');
  });

  it('lists only the vault tiles the person may see, saying which are not set up yet', async () => {
    const { tiles } = await student();
    const states = Object.fromEntries((await tiles()).map((t) => [t.appId, t.state]));
    const practice = [
      'code-cove',
      'math-meadow',
      'reading-garden',
      'science-sprouts',
      'spelling-star',
      'story-steps',
      'typing-trail',
    ];
    expect(states).toEqual({
      ...Object.fromEntries(practice.map((slug) => [fixtureAppId(slug), 'ready'])),
      'app-lexia': 'not_configured',
      'app-ixl': 'not_configured',
    });
  });
});
