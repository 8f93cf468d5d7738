import type { Tile } from '../api';
import { useI18n } from '../i18n';

/** A tile's icon, name and description. As a link's or button's content, its visible text is its name (WCAG 2.5.3). */
export function TileFace({ tile }: { tile: Tile }) {
  const { locale } = useI18n();
  const description = locale === 'es' && tile.descriptionEs ? tile.descriptionEs : tile.description;
  return (
    <>
      <span class="tile-icon" aria-hidden="true" style={{ backgroundColor: tile.color }}>
        {tile.name.charAt(0)}
      </span>
      <span class="tile-name">{tile.name}</span>
      <span class="tile-description">{description}</span>
    </>
  );
}
