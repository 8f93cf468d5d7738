import type { AppIcon } from '../../shared/catalog-admin';
import { randomBytes } from 'node:crypto';
import { saveConnectorVersions } from '../connectors/connector-store';
import type { Storage } from '../storage/storage';
import type { VaultCipher } from '../vault/cipher';
import { createVaultEntries } from '../vault/entries';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import type { Condition } from '../../shared/access-rules';
import { CAMPUS } from './lakeside';

/**
 * Practice apps that stand in for the many educational sites without SSO: each is a kind of login form the
 * extension must handle, served locally on `<slug>.test` (mapped to loopback) by the extension's fixture
 * server on this port. The demo gives them connectors and stored sign-ins.
 */
export const FIXTURE_PORT = 8790;
export const fixtureOrigin = (slug: string) => `http://${slug}.test:${FIXTURE_PORT}`;

interface FixtureApp {
  slug: string;
  name: string;
  /** What a child reads on the tile, in English and Spanish. */
  description: string;
  descriptionEs: string;
  /** The kind of sign-in the extension practises on it (for developers: the fixture server prints it). */
  practises: string;
  color: string;
  /** A built-in drawing, so the practice tiles are told apart at a glance. */
  icon: AppIcon;
  connector: (origin: string) => ConnectorDefinition;
}

const defaults = {
  userEntries: 'off',
  withoutExtension: { showUsername: true, revealPassword: false },
} satisfies Partial<ConnectorDefinition>;

const plainFill = (origin: string, extra: Partial<ConnectorDefinition> = {}): ConnectorDefinition => ({
  ...defaults,
  launchUrl: `${origin}/login`,
  origins: [origin],
  login: { mode: 'fill', fields: { username: '#username', password: '#password' }, submit: 'button[type=submit]' },
  success: { urlPattern: `${origin}/home*` },
  failure: { element: '.login-error' },
  ...extra,
});

export const FIXTURE_APPS: FixtureApp[] = [
  {
    slug: 'reading-garden',
    name: 'Reading Garden',
    description: 'Read stories and grow your own garden',
    descriptionEs: 'Lee cuentos y haz crecer tu propio jardín',
    practises: 'a plain login form',
    color: '#2f7d32',
    icon: 'library',
    connector: (o) => plainFill(o),
  },
  {
    slug: 'math-meadow',
    name: 'Math Meadow',
    description: 'Count, add and solve number puzzles',
    descriptionEs: 'Cuenta, suma y resuelve acertijos de números',
    practises: 'a React-controlled login form',
    color: '#8a4b08',
    icon: 'chart',
    connector: (o) =>
      plainFill(o, { userEntries: 'user_wins', withoutExtension: { showUsername: true, revealPassword: true } }),
  },
  {
    slug: 'science-sprouts',
    name: 'Science Sprouts',
    description: 'Explore plants, animals and the weather',
    descriptionEs: 'Explora plantas, animales y el tiempo',
    practises: 'a form inside a shadow root',
    color: '#00695c',
    icon: 'flask',
    connector: (o) => plainFill(o),
  },
  {
    slug: 'spelling-star',
    name: 'Spelling Star',
    description: 'Spell words and earn stars',
    descriptionEs: 'Deletrea palabras y gana estrellas',
    practises: 'a login form in a same-origin frame',
    color: '#6a1b9a',
    icon: 'pencil',
    connector: (o) =>
      plainFill(o, {
        login: {
          mode: 'fill',
          frame: 'iframe#login-frame',
          fields: { username: '#username', password: '#password' },
          submit: 'button[type=submit]',
        },
      }),
  },
  {
    slug: 'story-steps',
    name: 'Story Steps',
    description: 'Build a story one step at a time',
    descriptionEs: 'Crea un cuento paso a paso',
    practises: 'username first, then password',
    color: '#ad1457',
    icon: 'puzzle',
    connector: (o) =>
      plainFill(o, {
        login: {
          mode: 'steps',
          steps: [
            { fields: { username: '#username' }, submit: '#next', autoSubmit: true },
            { fields: { password: '#password' }, submit: '#sign-in', autoSubmit: true },
          ],
        },
      }),
  },
  {
    slug: 'typing-trail',
    name: 'Typing Trail',
    description: 'Learn to type, one key at a time',
    descriptionEs: 'Aprende a escribir con el teclado, tecla a tecla',
    practises: 'accepts a direct sign-in POST',
    color: '#1565c0',
    icon: 'keyboard',
    connector: (o) =>
      plainFill(o, {
        login: {
          mode: 'post',
          action: `${o}/session`,
          fields: { username: 'user', password: 'pass' },
          staticFields: { remember: '0' },
        },
      }),
  },
  {
    slug: 'code-cove',
    name: 'Code Cove',
    description: 'Solve puzzles by giving a robot instructions',
    descriptionEs: 'Resuelve acertijos dándole instrucciones a un robot',
    practises: 'school code, username and password',
    color: '#37474f',
    icon: 'code',
    connector: (o) =>
      plainFill(o, {
        extraFieldLabel: 'School code',
        login: {
          mode: 'fill',
          fields: { extra: '#school-code', username: '#username', password: '#password' },
          submit: 'button[type=submit]',
        },
      }),
  },
];

export const fixtureAppId = (slug: string) => `app-${slug}`;

/** Catalog rows and one rule each: students K–8 and teachers see the practice apps. */
export function fixtureCatalog(firstSortOrder: number) {
  const apps = FIXTURE_APPS.map((app, index) => ({
    id: fixtureAppId(app.slug),
    slug: app.slug,
    name: app.name,
    description: app.description,
    descriptionEs: app.descriptionEs,
    launchUrl: `${fixtureOrigin(app.slug)}/login`,
    signInKind: 'vault' as const,
    color: app.color,
    icon: app.icon,
    sortOrder: firstSortOrder + index,
  }));
  const conditions: Condition[][] = [
    [
      { kind: 'role', anyOf: ['student'] },
      { kind: 'grade', min: 0, max: 8 },
    ],
    [{ kind: 'role', anyOf: ['teacher'] }],
  ];
  const rules = apps.flatMap((app) =>
    conditions.map((rule, index) => ({
      id: `rule-${app.slug}-${index + 1}`,
      appId: app.id,
      name: index === 0 ? 'Students in grades K–8' : 'Teachers',
      conditions: rule,
    })),
  );
  return { apps, rules };
}

/**
 * Connectors for the practice apps, and stored sign-ins: a roster template (username = the person's
 * username, a generated password) for most, one shared account for the elementary campus, and a fixed
 * school code for Code Cove.
 */
export async function seedDemoVault(storage: Storage, cipher: VaultCipher, now: number) {
  const connectors = FIXTURE_APPS.map((app) => ({
    appId: fixtureAppId(app.slug),
    definition: app.connector(fixtureOrigin(app.slug)),
  }));
  const entries = createVaultEntries(storage, cipher, () => now);
  await storage.transaction(async (tx) => {
    await saveConnectorVersions(storage, connectors, { savedBy: null, savedAt: now, allowDevelopmentHttp: true }, tx);
    for (const app of FIXTURE_APPS) {
      const extra = app.slug === 'code-cove' ? { extra: 'LAKESIDE-01' } : {};
      const appId = fixtureAppId(app.slug);
      await entries.save({ appId, scope: 'template', username: '{username}', ...extra }, 'it', null, tx);
    }
    await entries.save(
      {
        appId: fixtureAppId('spelling-star'),
        scope: 'group',
        orgId: CAMPUS.elementary,
        username: 'lakeside-elementary',
        password: randomDemoPassword(),
      },
      'it',
      null,
      tx,
    );
  });
}

const randomDemoPassword = () => `Shared-${randomBytes(6).toString('base64url')}`;
