/** English messages of the grants pages (a feature's own file, spread into en.ts). */
export const grantsEn = {
  'error.grant_ended': 'That grant has already ended.',
} as const;
