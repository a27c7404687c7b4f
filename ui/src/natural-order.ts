/**
 * The console's one order for names: digit runs compare as numbers, so `fleet-cass-2` comes before
 * `fleet-cass-10`, as an operator counting nodes expects; case and accents do not separate names.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export const naturalCompare = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** A copy of `items` in natural order of the name `nameOf` gives each. */
export function byNaturalName<T>(items: readonly T[], nameOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => naturalCompare(nameOf(a), nameOf(b)));
}
