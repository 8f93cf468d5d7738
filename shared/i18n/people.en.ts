/** English messages of the people pages (a feature's own file, spread into en.ts). */
export const peopleEn = {} as const;
