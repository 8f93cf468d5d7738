/** English messages of the apps feature (its own file, spread into en.ts). */
export const appsEn = {} as const;
