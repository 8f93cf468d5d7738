import { useState } from 'preact/hooks';
import type { BadgePicture } from '../../../../../shared/badges';
import { useI18n } from '../../i18n';
import { BadgePictureImage } from './BadgePictureImage';
import { BackIcon } from './icons';

/** How many pictures a child picks: sent as soon as the second is chosen. */
const PICKS = 2;

interface PictureGridProps {
  choices: BadgePicture[];
  onPicked(pictures: BadgePicture[]): void;
  /** Back to the camera: another child's turn, or the wrong card. */
  onBack(): void;
}

/** The picture step: big buttons, one per picture; tap two (tap again to undo) and they are sent. */
export function PictureGrid({ choices, onPicked, onBack }: PictureGridProps) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<BadgePicture[]>([]);

  function toggle(picture: BadgePicture) {
    if (picked.includes(picture)) return setPicked(picked.filter((one) => one !== picture));
    const next = [...picked, picture];
    setPicked(next);
    if (next.length === PICKS) onPicked(next);
  }

  return (
    <div class="picture-step">
      <h2 id="picture-step-title">{t('badge.pictures.title')}</h2>
      <div role="group" aria-labelledby="picture-step-title">
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
      <button type="button" class="secondary big-back" onClick={onBack}>
        <BackIcon />
        {t('badge.pictures.back')}
      </button>
    </div>
  );
}
