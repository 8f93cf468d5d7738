import { useState } from 'preact/hooks';
import type { BadgePicture } from '../../../../../shared/badges';
import { useI18n } from '../../i18n';
import { BadgePictureImage } from './BadgePictureImage';

/** How many pictures a child picks: sent as soon as the second is chosen. */
const PICKS = 2;

interface PictureGridProps {
  choices: BadgePicture[];
  onPicked(pictures: BadgePicture[]): void;
}

/** The picture step: big buttons, one per picture; tap two (tap again to undo) and they are sent. */
export function PictureGrid({ choices, onPicked }: PictureGridProps) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<BadgePicture[]>([]);

  function toggle(picture: BadgePicture) {
    if (picked.includes(picture)) return setPicked(picked.filter((one) => one !== picture));
    const next = [...picked, picture];
    setPicked(next);
    if (next.length === PICKS) onPicked(next);
  }

  return (
    <div class="picture-step" role="group" aria-labelledby="picture-step-title">
      <h2 id="picture-step-title">{t('badge.pictures.title')}</h2>
      <ul class="picture-grid">
        {choices.map((picture) => (
          <li key={picture}>
            <button
              type="button"
              class="picture-choice"
              aria-pressed={picked.includes(picture)}
              onClick={() => toggle(picture)}
            >
              <BadgePictureImage picture={picture} />
              <span class="visually-hidden">{t(`badge.picture.${picture}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
