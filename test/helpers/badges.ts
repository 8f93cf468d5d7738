import type { BadgeService } from '../../server/badges/badge-service';
import type { Directory } from '../../server/directory/directory';

type BadgePortal = {
  badges: BadgeService;
  directory: Directory;
  request: { post: (path: string, body: unknown) => Promise<Response> };
};

/** A new badge for this person, as a sheet would print it; returns its QR text and the person. */
export async function issueBadge(portal: BadgePortal, username: string, expiresAt: number | null = null) {
  const person = await portal.directory.findByUsername(username);
  if (!person) throw new Error(`no ${username} in this portal`);
  const [issued] = await portal.badges.issue([{ ...person, classTitle: null, campusName: '' }], {
    actorId: null,
    expiresAt,
    onlyMissing: false,
  });
  if (!issued) throw new Error(`${username} may not have a badge`);
  return { person, text: issued.text, picture: issued.picture };
}

/** Scans a badge as the sign-in page does; returns the session cookie (`name=value`). */
export async function badgeCookie(portal: BadgePortal, text: string) {
  const response = await portal.request.post('/api/auth/badge', { badge: text });
  if (response.status !== 200) throw new Error(`badge sign-in failed: ${response.status} ${await response.text()}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
