import type { peoplePagesEn } from './people-pages.en';

export const peoplePagesEs: Record<keyof typeof peoplePagesEn, string> = {};
