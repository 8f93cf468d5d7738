import type { CatalogPreview } from '../../shared/catalog-admin';
import type { AccessRule } from './access-rules';
import { isGranted } from './access-rules';
import type { Directory, PersonFacts } from '../directory/directory';

/** The most names a preview lists. */
export const PREVIEW_NAMES_MAX = 200;

const byFamilyThenGiven = (a: PersonFacts, b: PersonFacts) =>
  compare(a.familyName, b.familyName) || compare(a.givenName, b.givenName) || compare(a.id, b.id);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What saving new rules for an app would change, over every active person: who would gain the tile, who would lose
 * it, how many would have it after. `rulesNow` are the live app's rules (none for a new or retired app).
 */
export async function previewRules(
  directory: Pick<Directory, 'activePeopleFacts'>,
  rulesNow: readonly AccessRule[],
  rulesAfter: readonly AccessRule[],
  names?: 'gains' | 'losses',
): Promise<CatalogPreview> {
  const gains: PersonFacts[] = [];
  const losses: PersonFacts[] = [];
  let total = 0;
  for (const person of await directory.activePeopleFacts()) {
    const before = isGranted(rulesNow, person.facts);
    const after = isGranted(rulesAfter, person.facts);
    if (after) total += 1;
    if (after && !before) gains.push(person);
    if (before && !after) losses.push(person);
  }
  const preview: CatalogPreview = { gains: gains.length, losses: losses.length, total };
  if (!names) return preview;
  const side = (names === 'gains' ? gains : losses).sort(byFamilyThenGiven).slice(0, PREVIEW_NAMES_MAX);
  return {
    ...preview,
    people: side.map(({ id, displayName, username, role, grade }) => ({ id, displayName, username, role, grade })),
  };
}
