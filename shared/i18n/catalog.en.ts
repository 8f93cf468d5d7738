/** English messages of the catalog pages (a feature's own file, spread into en.ts). */
export const catalogEn = {} as const;
