/**
 * The one condition language of canji, as plain serialisable data: form skip logic (`askedWhen`,
 * `requiredWhen`, skip rules, option rules, implications), validation rules (`violation`) and
 * indicator populations all say "who" with it, and the SQL compiler reads the same data.
 *
 * A leaf compares one value with constants; the value is
 * - `{ item: 'r16' }` — an item of the record (flat machine column name);
 * - `{ item: '$age' }` — a fact derived from the record (see {@link FactName});
 * - `{ dept: 'enrolled' }` — a field of the partner department's row matched to the record
 *   (`$matched`: whether a row was found); cross-check rules only;
 * - `{ previous: 'r16' }` — the same person's record of the previous round (an item or a fact;
 *   `$matched`: whether there is one); year-on-year rules only.
 *
 * All comparisons given in one leaf must hold. On a complete record an unanswered value makes
 * `eq`, `in`, `includes…`, and ordering comparisons false, `ne` / `notIn` / `includesNone` true;
 * on a partial record (entry time) it leaves the leaf undetermined (three-valued logic, strong
 * Kleene for `all` / `any` / `not`).
 *
 * The older form shapes `{ item, answered }`, `{ age: { min, max } }`, `{ category: [...] }` and
 * `{ level: [...] }` are still accepted and mean `present`, `$age` bounds, `$category in`, `$level in`.
 */

import type { z } from 'zod';
import type {
  ageLeafSchema,
  answeredLeafSchema,
  categoryLeafSchema,
  comparisonSchema,
  deptLeafSchema,
  factNameSchema,
  itemLeafSchema,
  levelLeafSchema,
  previousLeafSchema,
  scalarSchema,
} from './condition-schema.js';

// The types are inferred from the zod schemas of `condition-schema.ts` (type-only imports: this
// module needs no zod at run time); the recursive `Condition` is spelled out, and a type test
// (test/condition-schema.test.ts) proves it equal to what the schema accepts.

/** A constant a value is compared with. */
export type Scalar = z.infer<typeof scalarSchema>;

/**
 * Facts derived once per record, readable as `{ item: '$age' }`:
 * `$age` (whole years at the reference date), `$category` / `$level` (recorded, else from the
 * certificate number), `$birthDate` (recorded, else from the ID number), `$idSex` /
 * `$idBirthDate` (carried by the ID number), `$certCategory` / `$certLevel` (the certificate's
 * 19th / 20th character), `$id` (canonical resident ID), `$certId` (the certificate's ID part).
 */
export type FactName = z.infer<typeof factNameSchema>;

/**
 * Comparisons of one value; all given ones must hold (a leaf has at least one). Ordering
 * comparisons need a number. `present: true` means answered (not undefined / null / '' / []);
 * `includes…` test a multiple-choice answer (a single-choice answer equal to the code counts too).
 */
export type Comparison = z.infer<typeof comparisonSchema>;

/** A comparison of an item of the record or a derived fact. */
export type ItemLeaf = z.infer<typeof itemLeafSchema>;
/** A comparison of a field of the partner department's matched row. */
export type DeptLeaf = z.infer<typeof deptLeafSchema>;
/** A comparison of an item or fact of the same person's previous-round record. */
export type PreviousLeaf = z.infer<typeof previousLeafSchema>;

/** The form's older leaf shapes, still accepted (see the module comment). */
export type LegacyLeaf = z.infer<typeof answeredLeafSchema> | z.infer<typeof ageLeafSchema> | z.infer<typeof categoryLeafSchema> | z.infer<typeof levelLeafSchema>;

/** A condition: a leaf, or a combination of conditions (spelled out in `condition-schema.ts`). */
export type { Condition } from './condition-schema.js';
import type { Condition } from './condition-schema.js';

/** The comparison keys of a leaf, in a fixed order. */
export const COMPARISON_KEYS = ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'present', 'includes', 'includesAny', 'includesNone'] as const;

/**
 * Rewrites the older form shapes into the current ones (`answered` → `present`, `age` → `$age`
 * bounds, `category` / `level` → `$category` / `$level` `in`); other conditions are returned as
 * they are (same object when nothing changed).
 *
 * @example
 * ```ts
 * normalizeCondition({ age: { min: 16, max: 59 } }); //=> { item: '$age', gte: 16, lte: 59 }
 * normalizeCondition({ item: 'r3', answered: true }); //=> { item: 'r3', present: true }
 * ```
 */
export function normalizeCondition(c: Condition): Condition {
  if ('all' in c) return mapParts(c, c.all, (all) => ({ all }));
  if ('any' in c) return mapParts(c, c.any, (any) => ({ any }));
  if ('not' in c) {
    const inner = normalizeCondition(c.not);
    return inner === c.not ? c : { not: inner };
  }
  if ('xor' in c) {
    const a = normalizeCondition(c.xor[0]);
    const b = normalizeCondition(c.xor[1]);
    return a === c.xor[0] && b === c.xor[1] ? c : { xor: [a, b] };
  }
  if ('age' in c) {
    const out: { item: string; gte?: number; lte?: number } = { item: '$age' };
    if (c.age.min !== undefined) out.gte = c.age.min;
    if (c.age.max !== undefined) out.lte = c.age.max;
    if (out.gte === undefined && out.lte === undefined) return { item: '$age', present: true };
    return out;
  }
  if ('category' in c && !('item' in c)) return { item: '$category', in: c.category };
  if ('level' in c && !('item' in c)) return { item: '$level', in: c.level };
  if ('answered' in c) return { item: c.item, present: c.answered };
  return c;
}

function mapParts(c: Condition, parts: readonly Condition[], make: (parts: Condition[]) => Condition): Condition {
  let changed = false;
  const next = parts.map((p) => {
    const n = normalizeCondition(p);
    if (n !== p) changed = true;
    return n;
  });
  return changed ? make(next) : c;
}
