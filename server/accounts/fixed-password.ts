/** A new fixed password a young child can type: two short words from a kid-safe list and two digits. */
export function newFixedPassword(): string {
  throw new Error('not yet written');
}
