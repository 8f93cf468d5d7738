import type { appsEn } from './apps.en';

export const appsEs: Record<keyof typeof appsEn, string> = {};
