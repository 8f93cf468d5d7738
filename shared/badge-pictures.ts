import type { BadgePicture } from './badges';

// The picture a child who cannot read finds their badge by: one plain filled silhouette per picture, in a colour of
// its own. Drawn in a 100 × 100 box, y pointing down (SVG's way), so the same paths serve the PDF and a web page.

export const PICTURE_BOX = 100;

/** One filled shape: in the picture's colour, or white to cut a detail (an eye, a window) out of what is below. */
export interface PicturePart {
  d: string;
  fill: 'colour' | 'white';
}

export interface PictureDrawing {
  /** `#RRGGBB`: printable on white, and far from every other picture's (CIE76 ΔE ≥ 20, checked by a test). */
  colour: string;
  /** Painted in order. */
  parts: PicturePart[];
}

const circle = (cx: number, cy: number, r: number) =>
  `M${cx - r} ${cy} A${r} ${r} 0 1 0 ${cx + r} ${cy} A${r} ${r} 0 1 0 ${cx - r} ${cy} Z`;

const ellipse = (cx: number, cy: number, rx: number, ry: number) =>
  `M${cx - rx} ${cy} A${rx} ${ry} 0 1 0 ${cx + rx} ${cy} A${rx} ${ry} 0 1 0 ${cx - rx} ${cy} Z`;

const rect = (x: number, y: number, width: number, height: number) => `M${x} ${y} H${x + width} V${y + height} H${x} Z`;

const colour = (...paths: string[]): PicturePart[] => paths.map((d) => ({ d, fill: 'colour' }));
const white = (...paths: string[]): PicturePart[] => paths.map((d) => ({ d, fill: 'white' }));

function starPath(cx: number, cy: number, outer: number, inner: number): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const radius = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(cx + radius * Math.cos(angle)).toFixed(1)} ${(cy + radius * Math.sin(angle)).toFixed(1)}`;
  });
  return `M${points.join(' L')} Z`;
}

function sunRays(cx: number, cy: number): string[] {
  return Array.from({ length: 8 }, (_, i) => {
    const angle = (i * Math.PI) / 4;
    const at = (radius: number, turn: number) =>
      `${(cx + radius * Math.cos(angle + turn)).toFixed(1)} ${(cy + radius * Math.sin(angle + turn)).toFixed(1)}`;
    return `M${at(33, -0.22)} L${at(48, 0)} L${at(33, 0.22)} Z`;
  });
}

export const BADGE_PICTURE_DRAWINGS: Record<BadgePicture, PictureDrawing> = {
  cat: {
    colour: '#37474F',
    parts: [
      ...colour('M14 44 L16 6 L40 26 Q50 23 60 26 L84 6 L86 44 Q96 66 82 82 Q68 96 50 96 Q32 96 18 82 Q4 66 14 44 Z'),
      ...white(ellipse(36, 54, 7, 9), ellipse(64, 54, 7, 9), 'M44 70 L56 70 L50 77 Z'),
    ],
  },
  dog: {
    colour: '#795548',
    parts: [
      ...colour(
        'M22 20 Q4 18 4 46 Q4 70 16 72 Q26 72 28 52 Z',
        'M78 20 Q96 18 96 46 Q96 70 84 72 Q74 72 72 52 Z',
        ellipse(50, 52, 30, 38),
      ),
      ...white(ellipse(50, 74, 17, 13), circle(38, 44, 5), circle(62, 44, 5)),
      ...colour(ellipse(50, 67, 7, 5)),
    ],
  },
  fish: {
    colour: '#1E88E5',
    parts: [...colour(ellipse(44, 50, 38, 26), 'M70 50 L98 24 L98 76 Z'), ...white(circle(24, 44, 5))],
  },
  bird: {
    colour: '#00897B',
    parts: [
      ...colour(
        ellipse(44, 62, 32, 24),
        circle(72, 36, 17),
        'M86 30 L99 37 L86 43 Z',
        'M18 56 L0 40 L6 72 Z',
        rect(38, 84, 4, 14),
        rect(52, 84, 4, 14),
      ),
      ...white(circle(76, 32, 4), 'M30 58 Q46 46 62 58 Q46 72 30 58 Z'),
    ],
  },
  sun: { colour: '#FDD835', parts: colour(circle(50, 50, 27), ...sunRays(50, 50)) },
  moon: { colour: '#3949AB', parts: colour('M62 4 A46 46 0 1 0 96 70 A36 36 0 1 1 62 4 Z') },
  star: { colour: '#FFA000', parts: colour(starPath(50, 53, 48, 20)) },
  tree: {
    colour: '#2E7D32',
    parts: colour(circle(50, 38, 34), rect(42, 60, 16, 38), circle(30, 50, 20), circle(70, 50, 20)),
  },
  flower: {
    colour: '#8E24AA',
    parts: [
      ...colour(
        rect(47, 58, 6, 40),
        circle(50, 16, 15),
        circle(30, 32, 15),
        circle(70, 32, 15),
        circle(38, 54, 15),
        circle(62, 54, 15),
      ),
      ...white(circle(50, 37, 10)),
    ],
  },
  apple: {
    colour: '#D32F2F',
    parts: colour(
      'M50 30 Q30 18 16 30 Q2 44 8 66 Q16 94 34 96 Q44 97 50 92 Q56 97 66 96 Q84 94 92 66 Q98 44 84 30 Q70 18 50 30 Z',
      'M48 30 Q46 16 42 6 L48 4 Q52 16 53 30 Z',
      'M54 18 Q66 2 82 6 Q74 22 54 18 Z',
    ),
  },
  car: {
    colour: '#00ACC1',
    parts: [
      ...colour('M4 52 Q4 44 14 44 L24 44 L34 22 L70 22 L82 44 L90 44 Q98 44 98 54 L98 74 L4 74 Z'),
      ...white(
        'M38 28 L50 28 L50 44 L30 44 Z',
        'M56 28 L68 28 L76 44 L56 44 Z',
        circle(26, 76, 17),
        circle(76, 76, 17),
      ),
      ...colour(circle(26, 76, 13), circle(76, 76, 13)),
      ...white(circle(26, 76, 4), circle(76, 76, 4)),
    ],
  },
  boat: {
    colour: '#304FFE',
    parts: colour(
      'M2 70 L98 70 L82 94 L18 94 Z',
      rect(48, 4, 5, 66),
      'M56 8 L92 62 L56 62 Z',
      'M45 18 L45 62 L14 62 Z',
    ),
  },
  house: {
    colour: '#827717',
    parts: [
      ...colour('M50 4 L98 46 L86 46 L86 96 L14 96 L14 46 L2 46 Z'),
      ...white(rect(42, 64, 16, 32), rect(22, 54, 14, 14), rect(64, 54, 14, 14)),
    ],
  },
  heart: {
    colour: '#EC407A',
    parts: colour(
      'M50 94 C22 72 4 56 4 32 C4 16 16 6 30 6 C40 6 47 12 50 20 C53 12 60 6 70 6 C84 6 96 16 96 32 C96 56 78 72 50 94 Z',
    ),
  },
  ball: {
    colour: '#F4511E',
    parts: [
      ...colour(circle(50, 50, 46)),
      ...white(
        rect(47.5, 0, 5, 100),
        rect(0, 47.5, 100, 5),
        'M16 14 Q40 50 16 86 L21 89 Q46 50 21 11 Z',
        'M84 14 Q60 50 84 86 L79 89 Q54 50 79 11 Z',
      ),
    ],
  },
  kite: {
    colour: '#7CB342',
    parts: [
      ...colour(
        'M50 2 L82 34 L50 72 L18 34 Z',
        'M49 72 Q38 82 50 88 Q62 94 52 100 L55 100 Q66 92 53 86 Q42 80 53 72 Z',
        'M36 80 L46 84 L36 90 Z',
        'M66 88 L56 92 L66 98 Z',
      ),
      ...white(rect(48.5, 6, 3, 62), rect(22, 32.5, 56, 3)),
    ],
  },
};
