/**
 * Code-unit order for sorting names and paths. Deterministic, locale-free, and cheap: the first
 * `String.prototype.localeCompare` of a process loads ICU's collator, about 15 ms of a CLI run.
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
