import { BADGE_PICTURE_DRAWINGS, PICTURE_BOX } from '../../../../../shared/badge-pictures';
import type { BadgePicture } from '../../../../../shared/badges';

/** The same drawing the badge sheet prints, so a child knows it from their card. */
export function BadgePictureImage({
  picture,
  class: className = 'badge-picture',
}: {
  picture: BadgePicture;
  class?: string;
}) {
  const drawing = BADGE_PICTURE_DRAWINGS[picture];
  return (
    <svg class={className} viewBox={`0 0 ${PICTURE_BOX} ${PICTURE_BOX}`} aria-hidden="true" focusable="false">
      {drawing.parts.map((part, index) => (
        <path key={index} d={part.d} fill={part.fill === 'colour' ? drawing.colour : '#fff'} />
      ))}
    </svg>
  );
}
