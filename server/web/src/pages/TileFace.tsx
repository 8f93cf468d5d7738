import type { Tile } from '../api';
import { AppIcon } from '../components/AppIcon';
import { useI18n } from '../i18n';

/** A tile's name in the page's language (English when the app has no Spanish name). */
export function useTileName(): (tile: Pick<Tile, 'name' | 'nameEs'>) => string {
  const { locale } = useI18n();
  return (tile) => (locale === 'es' && tile.nameEs ? tile.nameEs : tile.name);
}

/** A tile's icon, name and description. As a link's or button's content, its visible text is its name (WCAG 2.5.3). */
export function TileFace({ tile }: { tile: Tile }) {
  const { locale } = useI18n();
  const nameOf = useTileName();
  const description = locale === 'es' && tile.descriptionEs ? tile.descriptionEs : tile.description;
  return (
    <>
      <AppIcon name={tile.name} color={tile.color} icon={tile.icon} iconUrl={tile.iconUrl} />
      <span class="tile-name">{nameOf(tile)}</span>
      <span class="tile-description">{description}</span>
    </>
  );
}

/**
 * Where a plain tile goes: an app that trusts the portal (kind `sso`) is entered through the portal's launch,
 * which signs the person in there (a full navigation, so the app's own page and cookies take over); any
 * other link goes straight to the app.
 */
export const tileHref = (tile: Pick<Tile, 'id' | 'signInKind' | 'launchUrl'>) =>
  tile.signInKind === 'sso' ? `/sso/launch/${encodeURIComponent(tile.id)}` : tile.launchUrl;
