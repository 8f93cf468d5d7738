import type { grantsEn } from './grants.en';

export const grantsEs: Record<keyof typeof grantsEn, string> = {
  'error.grant_ended': 'Ese permiso ya terminó.',
};
