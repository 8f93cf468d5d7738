import { createRegistrationStore } from '../federation/registration-store';
import { insertRows } from '../storage/table-rows';
import { portalTable } from '../storage/tables';
import type { Storage, Tx } from '../storage/storage';
import { fixtureOrigin } from './fixture-apps';

/**
 * The demo's practice OIDC app: a small relying party served by `npm run practice-apps` on
 * http://practice-oidc.test:8790 (test/fixtures/fixture-apps/practice-oidc.ts) that shows who signed in and which
 * claims it received. Registered as a public client (PKCE, no secret), so it needs nothing from the portal's keys.
 */
export const PRACTICE_OIDC = {
  appId: 'app-practice-oidc',
  slug: 'practice-oidc',
  clientId: 'practice-oidc',
  origin: fixtureOrigin('practice-oidc'),
};

export async function seedPracticeOidc(storage: Storage, now: number, tx: Tx) {
  const { appId, slug, clientId, origin } = PRACTICE_OIDC;
  const app = {
    id: appId,
    slug,
    name: 'Who Am I? (OIDC)',
    description: 'Shows what your school told this app about you',
    descriptionEs: 'Muestra lo que tu escuela le dijo a esta aplicación sobre ti',
    launchUrl: `${origin}/`,
    signInKind: 'sso' as const,
    color: '#4a148c',
    icon: 'star' as const,
    sortOrder: 40,
  };
  await insertRows(storage, portalTable('apps'), [app], tx);
  await insertRows(
    storage,
    portalTable('access_rules'),
    [
      { id: 'rule-practice-oidc-1', appId, name: 'Teachers', conditions: [{ kind: 'role', anyOf: ['teacher'] }] },
      {
        id: 'rule-practice-oidc-2',
        appId,
        name: 'Students in grades K–8',
        conditions: [
          { kind: 'role', anyOf: ['student'] },
          { kind: 'grade', min: 0, max: 8 },
        ],
      },
    ],
    tx,
  );
  await createRegistrationStore(storage).save(
    {
      fields: {
        appId,
        protocol: 'oidc',
        clientId,
        clientSecret: null,
        redirectUris: [`${origin}/callback`],
        postLogoutRedirectUris: [`${origin}/`],
        spEntityId: null,
        spMetadata: null,
        acsEndpoints: [],
        nameIdFormat: null,
        subject: 'pairwise',
        claims: ['given_name', 'role', 'grade', 'campus'],
        attributeNames: {},
      },
      change: 'created',
      actor: null,
      now,
    },
    tx,
  );
}
