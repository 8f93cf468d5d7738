import type { peopleEn } from './people.en';

export const peopleEs: Record<keyof typeof peopleEn, string> = {};
