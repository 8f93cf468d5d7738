// What a capture turns into: the connector draft IT reviews. Only selectors and addresses go in; the success
// pattern must not also match a login page, or a failed sign-in would count as signed in.
import { describe, expect, it } from 'vitest';
import { buildDraft, successPattern } from '../../extension/lib/capture/build-draft';
import { connectorSchema } from '../../shared/connectors/connector';

const APP = 'https://app.example.org';
const schema = connectorSchema({ allowDevelopmentHttp: false });

describe('the draft a capture records', () => {
  it('is a fill login for one page, valid for the connector schema', () => {
    const draft = buildDraft({
      launchUrl: `${APP}/login?next=%2F`,
      loginUrls: [`${APP}/login?next=%2F`],
      seenUrls: [`${APP}/login?next=%2F`, `${APP}/login`, `${APP}/dashboard?tab=1`],
      steps: [{ fields: { username: '#u', password: '#p' }, submit: 'button[type=submit]' }],
      signedInUrl: `${APP}/dashboard?tab=1`,
    });
    expect(draft).toEqual({
      launchUrl: `${APP}/login?next=%2F`,
      origins: [APP],
      login: { mode: 'fill', fields: { username: '#u', password: '#p' }, submit: 'button[type=submit]' },
      success: { urlPattern: `${APP}/dashboard*` },
    });
    expect(schema.safeParse(draft).success).toBe(true);
  });

  it('is steps for a username-first login, names the origins the login was on and landed on, and labels the extra field', () => {
    const sso = 'https://id.example.org';
    const draft = buildDraft({
      launchUrl: `${sso}/u/login`,
      loginUrls: [`${sso}/u/login`, `${sso}/u/password`],
      // A bounce the tab merely passed through is no place for the password.
      seenUrls: [`${sso}/u/login`, 'https://bounce.tracker.example.net/r', `${sso}/u/password`, `${APP}/home`],
      steps: [
        { fields: { username: '#user', extra: '[name="school"]' }, submit: '#next' },
        { fields: { password: '#pw' }, submit: '#go' },
      ],
      signedInUrl: `${APP}/home`,
      extraLabel: '  School code  ',
    });
    expect(draft.login).toEqual({
      mode: 'steps',
      steps: [
        { fields: { username: '#user', extra: '[name="school"]' }, submit: '#next' },
        { fields: { password: '#pw' }, submit: '#go' },
      ],
    });
    expect(draft.origins).toEqual([sso, APP]);
    expect(draft.extraFieldLabel).toBe('School code');
    expect(schema.safeParse(draft).success).toBe(true);
  });

  it.each([
    ['a signed-in page of its own', `${APP}/home`, [`${APP}/login`], `${APP}/home*`],
    ['the site root, while the login is below it', `${APP}/`, [`${APP}/login`], `${APP}/`],
    ['the site root with a query', `${APP}/?welcome=1`, [`${APP}/login`], `${APP}/?*`],
  ])('a success pattern for %s', (_, signedIn, logins, expected) => {
    expect(successPattern(signedIn, logins)).toBe(expected);
  });
});
