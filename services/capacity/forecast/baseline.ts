/**
 * The naive forecast the model must beat: the last value plus the growth of the last `windowDays`
 * days, continued in a straight line. A 7-day window spans one whole week, so the weekly cycle does
 * not bias it; nothing else is smoothed. Days after the last value; 0 = already at capacity; null =
 * not growing. Missing values (NaN) are skipped: the window runs between present values.
 */
export function naiveExhaustionDay(values: number[], capacity: number, windowDays = 7): number | null {
  let lastIndex = values.length - 1;
  while (lastIndex >= 0 && Number.isNaN(values[lastIndex]!)) lastIndex--;
  if (lastIndex < 0) return null;
  const last = values[lastIndex]!;
  if (last >= capacity) return 0;
  let earlierIndex = Math.max(0, lastIndex - windowDays);
  while (earlierIndex < lastIndex && Number.isNaN(values[earlierIndex]!)) earlierIndex++;
  if (earlierIndex === lastIndex) return null;
  const growth = (last - values[earlierIndex]!) / (lastIndex - earlierIndex);
  if (!(growth > 0)) return null;
  // Counted from the end of the input, like forecastSeries, even when the last days are missing.
  return Math.max(1, Math.ceil((capacity - last) / growth) - (values.length - 1 - lastIndex));
}
