// Placeholder until helper P's sheet lands (same signature).
import { PDFDocument } from 'pdf-lib';
import type { BadgeLayout, BadgePicture } from '../../shared/badges';

export interface BadgeToPrint {
  displayName: string;
  classTitle: string | null;
  campusName: string;
  text: string;
  picture: BadgePicture;
  expiresOn: string | null;
}

export async function renderBadgeSheet(
  badges: BadgeToPrint[],
  _layout: BadgeLayout,
  options: { title: string; language: 'en' | 'es' },
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(options.title);
  for (let i = 0; i < badges.length; i += 12) pdf.addPage([612, 792]);
  return pdf.save();
}
