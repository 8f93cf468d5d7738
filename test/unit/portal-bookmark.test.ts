// Which bookmarks the extension rewrites to the portal. The threat on one side is a student stranded on a dead
// or mistyped address (or a typosquat); on the other, a bookmark to another real site silently replaced.
import { describe, expect, it } from 'vitest';
import { repairedPortalBookmark } from '../../shared/bookmarks/portal-bookmark';

const canonical = 'https://my.harmonytx.org/';
const config = {
  canonicalPortalUrl: canonical,
  bookmarkAliases: ['old-portal.harmonytx.org', 'portal.lakeside.test:8787', 'Legacy.HarmonyTX.org.'],
};
const repaired = (url: string) => repairedPortalBookmark(url, config);

describe('repairedPortalBookmark', () => {
  it.each([
    ['an alias', 'https://old-portal.harmonytx.org/'],
    ['an alias on any port when it names none', 'http://old-portal.harmonytx.org:8080/apps'],
    ['an alias with its port', 'http://portal.lakeside.test:8787/index.php'],
    ['an alias written in uppercase with a trailing dot', 'https://legacy.harmonytx.org/'],
    ['an alias host in uppercase with a trailing dot', 'https://OLD-PORTAL.harmonytx.org./x'],
    ['an inserted letter', 'https://my.harmonoytx.org/'],
    ['a deleted letter', 'https://my.harmnytx.org/apps'],
    ['a replaced letter', 'https://my.harmonutx.org/'],
    ['swapped letters in a long label', 'https://my.hramonytx.org/'],
    ['a swapped top-level domain', 'https://my.harmonytx.rog/'],
    ['a swapped short subdomain', 'https://ym.harmonytx.org/'],
    ['two slips in two labels of a long host', 'https://my.harmonoytx.rog/'],
    ['a typo in uppercase with a trailing dot', 'https://MY.HARMONOYTX.ORG./'],
    ['http where the portal is https', 'http://my.harmonytx.org/'],
    ['http on a portal page', 'http://my.harmonytx.org/apps'],
    ['the canonical host with a trailing dot', 'https://my.harmonytx.org./'],
    ['a saved login page', 'https://my.harmonytx.org/login'],
    ['a saved signin page', 'https://my.harmonytx.org/signin'],
    ['a saved sign-in page', 'https://my.harmonytx.org/sign-in/'],
    ['a saved logout page', 'https://my.harmonytx.org/logout'],
    ['an auth callback', 'https://my.harmonytx.org/auth/callback?code=abc'],
    ['an sso path', 'https://my.harmonytx.org/sso/start'],
    ['a saml path', 'https://my.harmonytx.org/saml/acs'],
    ['an oauth path', 'https://my.harmonytx.org/oauth/authorize'],
    ['a session-expired page', 'https://my.harmonytx.org/session-expired'],
    ['an old index.php', 'https://my.harmonytx.org/index.php'],
    ['an old index.html', 'https://my.harmonytx.org/INDEX.HTML'],
    ['a redirect parameter', 'https://my.harmonytx.org/apps?redirect=%2Fadmin'],
    ['a redirect_uri parameter', 'https://my.harmonytx.org/?redirect_uri=x'],
    ['a returnTo parameter', 'https://my.harmonytx.org/?returnTo=%2Fapps'],
    ['a return_to parameter', 'https://my.harmonytx.org/?return_to=%2Fapps'],
    ['a next parameter', 'https://my.harmonytx.org/?next=%2Fapps'],
    ['a continue parameter', 'https://my.harmonytx.org/?continue='],
  ])('repairs %s', (_name, url) => {
    expect(repaired(url)).toBe(canonical);
  });

  it.each([
    ['the canonical URL', canonical],
    ['the canonical URL spelled differently', 'HTTPS://My.HarmonyTX.org:443'],
    ['a portal page', 'https://my.harmonytx.org/admin/audit'],
    ['the apps page', 'https://my.harmonytx.org/apps'],
    ['a portal page with an ordinary query', 'https://my.harmonytx.org/apps?tab=recent#top'],
    ['a page merely named like a stale one', 'https://my.harmonytx.org/apps/login-help'],
    ['an unrelated site', 'https://google.com/'],
    ['the portal host inside another domain', 'https://my.harmonytx.org.evil.com/'],
    ['the district website, one label shorter', 'https://harmonytx.org/'],
    ['a sibling host of the district', 'https://mail.harmonytx.org/'],
    ['another district: two edits in one label', 'https://my.harmonyhs.org/'],
    ['a real top-level domain one letter away', 'https://my.harmonytx.ong/'],
    ['a short subdomain one letter away', 'https://mx.harmonytx.org/'],
    ['an extra label', 'https://www.my.harmonytx.org/'],
    ['three slips', 'https://ym.harmonoytx.rog/'],
    ['the portal host on another port', 'https://my.harmonytx.org:8443/login'],
    ['http on a non-default port', 'http://my.harmonytx.org:8080/'],
    ['an alias on another port than the one it names', 'http://portal.lakeside.test:9000/'],
    ['a javascript: URL', 'javascript:location="https://old-portal.harmonytx.org"'],
    ['a chrome: URL', 'chrome://settings/'],
    ['a file: URL', 'file:///C:/portal/index.html'],
    ['a data: URL', 'data:text/html,<a href="https://my.harmonytx.org/login">'],
    ['an ftp: URL on an alias', 'ftp://old-portal.harmonytx.org/'],
    ['text that does not parse', 'my.harmonytx.org/login'],
    ['an empty string', ''],
  ])('leaves alone %s', (_name, url) => {
    expect(repaired(url)).toBeNull();
  });

  it('returns the canonical URL as the parser normalises it', () => {
    const spelled = { canonicalPortalUrl: 'HTTPS://My.HarmonyTX.org', bookmarkAliases: [] };
    expect(repairedPortalBookmark('http://my.harmonytx.org/login', spelled)).toBe('https://my.harmonytx.org/');
  });

  it('keeps a canonical path and treats other pages of the origin as portal pages', () => {
    const deep = { canonicalPortalUrl: 'https://sso.lakeside.k12.tx.us/portal/', bookmarkAliases: [] };
    expect(repairedPortalBookmark('https://sso.lakeside.k12.tx.su/', deep)).toBe(
      'https://sso.lakeside.k12.tx.us/portal/',
    );
    expect(repairedPortalBookmark('https://sso.lakeside.k12.tx.us/login', deep)).toBe(deep.canonicalPortalUrl);
    expect(repairedPortalBookmark('https://sso.lakeside.k12.tx.us/', deep)).toBeNull();
    expect(repairedPortalBookmark('https://ssl.lakeside.k12.tx.us/', deep)).toBeNull();
  });

  it('allows one slip only when the canonical host name is under 10 characters', () => {
    const short = { canonicalPortalUrl: 'https://my.isd.us/', bookmarkAliases: [] };
    expect(repairedPortalBookmark('https://ym.isd.us/', short)).toBe('https://my.isd.us/');
    expect(repairedPortalBookmark('https://my.isd.su/', short)).toBe('https://my.isd.us/');
    expect(repairedPortalBookmark('https://ym.isd.su/', short)).toBeNull();
    expect(repairedPortalBookmark('https://ym.harmonytx.rog/', config)).toBe(canonical);
  });

  it('never takes a near-miss IP address for a typo', () => {
    const loopback = { canonicalPortalUrl: 'http://127.0.0.1:8787/', bookmarkAliases: [] };
    expect(repairedPortalBookmark('http://172.0.0.1:8787/', loopback)).toBeNull();
    expect(repairedPortalBookmark('http://127.1:8787/logout', loopback)).toBe('http://127.0.0.1:8787/');
  });

  it('repairs nothing when the canonical URL does not parse or is not http(s)', () => {
    for (const broken of ['not a url', 'chrome://newtab/', '']) {
      const brokenConfig = { canonicalPortalUrl: broken, bookmarkAliases: ['old-portal.harmonytx.org'] };
      expect(repairedPortalBookmark('https://old-portal.harmonytx.org/', brokenConfig)).toBeNull();
    }
  });

  it('is idempotent: a repaired bookmark is never repaired again', () => {
    const samples = [
      'https://old-portal.harmonytx.org/',
      'https://my.harmonoytx.org/',
      'http://my.harmonytx.org/',
      'https://my.harmonytx.org/login?next=%2F',
      'http://portal.lakeside.test:8787/',
    ];
    for (const url of samples) {
      const once = repaired(url);
      expect(once).toBe(canonical);
      expect(repaired(once ?? '')).toBeNull();
    }
  });
});
