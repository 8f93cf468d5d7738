import type { RosterPerson } from './roster-bundle';

// A new person's username, by the district's policy; given once, never changed by a later sync or a rename.

const SIS_USERNAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** Letters and digits of a name, without accents: "José María" → "josemaria". */
const namePart = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

export function firstDotLast(person: Pick<RosterPerson, 'givenName' | 'familyName'>): string {
  const base = [namePart(person.givenName), namePart(person.familyName)].filter(Boolean).join('.');
  return base.slice(0, 60) || 'person';
}

/**
 * Hands out usernames against those already taken (lower-cased, updated as it goes). `sis` takes the SIS's
 * username when it is usable and free, else first.last; a taken name gets the lowest free number: ana.diaz2.
 */
export function usernameGiver(policy: 'sis' | 'first.last', taken: Set<string>) {
  const claim = (name: string) => {
    taken.add(name.toLowerCase());
    return name;
  };
  return (person: Pick<RosterPerson, 'givenName' | 'familyName' | 'sisUsername'>): string => {
    const sis = person.sisUsername?.trim();
    if (policy === 'sis' && sis && SIS_USERNAME.test(sis) && !taken.has(sis.toLowerCase())) return claim(sis);
    const base = firstDotLast(person);
    if (!taken.has(base)) return claim(base);
    for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return claim(`${base}${n}`);
  };
}
