import type { Condition } from '../types.js';

/** Rewrites the item keys a condition refers to (used to derive one form version from another). */
export function renumberCondition(c: Condition, map: (key: string) => string): Condition {
  if ('all' in c) return { all: c.all.map((x) => renumberCondition(x, map)) };
  if ('any' in c) return { any: c.any.map((x) => renumberCondition(x, map)) };
  if ('not' in c) return { not: renumberCondition(c.not, map) };
  if ('item' in c) return { ...c, item: map(c.item) } as Condition;
  return c;
}
