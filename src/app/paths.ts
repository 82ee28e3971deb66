/** Joins path parts with '/', which every host here accepts (UXP on Windows too), without doubling separators. */
export function joinPath(...parts: string[]): string {
  return parts.map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, '') : p.replace(/^[\\/]+|[\\/]+$/g, ''))).join('/');
}
