/** English messages of the people-pages feature (its own file, spread into en.ts). */
export const peoplePagesEn = {} as const;
