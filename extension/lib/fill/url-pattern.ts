/** A connector's URL pattern: `*` matches any run of characters, everything else itself. */
export function matchesUrlPattern(url: string, pattern: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`).test(url);
}
