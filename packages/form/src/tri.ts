/**
 * Three-valued conditions of a form definition (`askedWhen`, `requiredWhen`, skip rules, option
 * rules, implications): the combinators and the age / category / level tests, shared by every
 * evaluator of form definitions — `validatePerson` here and the pre-check of `@canji/rules`. How an
 * unanswered, not-applicable or invalid item counts differs between them (a partial record leaves
 * it undetermined, a complete one says "no"), so the item tests are theirs.
 */
import type { Condition } from './types.js';

/** No. */
export const F = 0;
/** Yes. */
export const T = 1;
/** Not determined (an answer it depends on is missing or invalid). */
export const U = 2;
/** A three-valued result: {@link F}, {@link T} or {@link U}. */
export type Tri = 0 | 1 | 2;

/** What the age, category and level tests read from an evaluator's state. */
export interface TriFacts {
  age: number | undefined;
  category: number | undefined;
  level: number | undefined;
}

/** A condition on one item (`eq`, `in`, `includes`, `includesAny`, `answered`). */
export type ItemCondition = Extract<Condition, { readonly item: string }>;

/**
 * Compiles a condition to a three-valued function over an evaluator's state `S`: `all` is the
 * strong-Kleene conjunction (F wins, then U), `any` the disjunction (T wins, then U), `not` keeps U;
 * an age / category / level test is U while the fact is unknown. Item tests are compiled by
 * `item`; `onAge` is told when the condition reads the age.
 *
 * @example
 * ```ts
 * const cond = compileTriCondition<TriFacts & { r3?: number }>(
 *   { all: [{ age: { min: 16 } }, { item: 'r3', eq: 1 }] },
 *   (c) => (s) => ('eq' in c ? (s.r3 === undefined ? U : s.r3 === c.eq ? T : F) : U),
 * );
 * cond({ age: 30, category: 1, level: 2, r3: 1 }); //=> T (1)
 * cond({ age: 12, category: 1, level: 2 }); //=> F (0): the age decides
 * cond({ age: 30, category: 1, level: 2 }); //=> U (2): r3 unknown
 * ```
 */
export function compileTriCondition<S extends TriFacts>(c: Condition, item: (c: ItemCondition) => (s: S) => Tri, onAge?: () => void): (s: S) => Tri {
  const compile = (c: Condition): ((s: S) => Tri) => {
    if ('all' in c) {
      const fs = c.all.map(compile);
      return (s) => {
        let r: Tri = T;
        for (const f of fs) {
          const v = f(s);
          if (v === F) return F;
          if (v === U) r = U;
        }
        return r;
      };
    }
    if ('any' in c) {
      const fs = c.any.map(compile);
      return (s) => {
        let r: Tri = F;
        for (const f of fs) {
          const v = f(s);
          if (v === T) return T;
          if (v === U) r = U;
        }
        return r;
      };
    }
    if ('not' in c) {
      const f = compile(c.not);
      return (s) => {
        const v = f(s);
        return v === U ? U : v === T ? F : T;
      };
    }
    if ('age' in c) {
      onAge?.();
      const min = c.age.min ?? -Infinity;
      const max = c.age.max ?? Infinity;
      return (s) => (s.age === undefined ? U : s.age >= min && s.age <= max ? T : F);
    }
    if ('category' in c) {
      const set = c.category;
      return (s) => (s.category === undefined ? U : set.includes(s.category) ? T : F);
    }
    if ('level' in c) {
      const set = c.level;
      return (s) => (s.level === undefined ? U : set.includes(s.level) ? T : F);
    }
    return item(c);
  };
  return compile(c);
}
