import type { catalogEn } from './catalog.en';

export const catalogEs: Record<keyof typeof catalogEn, string> = {};
