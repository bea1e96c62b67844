import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileTriCondition, TRI_NO, TRI_UNKNOWN, TRI_YES, type Condition, type Tri, type TriFacts } from '@canji/form';

// Item tests read a fixed three-valued answer per item name, so the combinators can be checked alone.
type S = TriFacts & { items: Record<string, Tri> };
const leaf = (name: string): Condition => ({ item: name, answered: true });
const compile = (c: Condition) => compileTriCondition<S>(c, (ic) => (s) => s.items[ic.item] ?? TRI_UNKNOWN);

const tri = fc.constantFrom<Tri>(TRI_NO, TRI_YES, TRI_UNKNOWN);
const cond: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', 'c').map(leaf),
    fc.record({ age: fc.record({ min: fc.integer({ min: 0, max: 60 }) }) }) as fc.Arbitrary<Condition>,
    fc.record({ category: fc.subarray([1, 2, 3, 4, 5, 6, 7]) }) as fc.Arbitrary<Condition>,
    fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
    tie('c').map((c) => ({ not: c })),
  ),
})).c;
const state = fc.record({
  age: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  category: fc.option(fc.integer({ min: 1, max: 7 }), { nil: undefined }),
  level: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  items: fc.record({ a: tri, b: tri, c: tri }),
});

describe('compileTriCondition (strong Kleene logic)', () => {
  it('not is an involution, and De Morgan holds', () => {
    fc.assert(
      fc.property(cond, cond, state, (x, y, s) => {
        expect(compile({ not: { not: x } })(s)).toBe(compile(x)(s));
        expect(compile({ not: { all: [x, y] } })(s)).toBe(compile({ any: [{ not: x }, { not: y }] })(s));
      }),
      { numRuns: 400 },
    );
  });

  it('all is F when any part is F, U when none is F but one is U; any is the dual; empty all / any are T / F', () => {
    fc.assert(
      fc.property(fc.array(cond, { maxLength: 4 }), state, (cs, s) => {
        const vs = cs.map((c) => compile(c)(s));
        expect(compile({ all: cs })(s)).toBe(vs.includes(TRI_NO) ? TRI_NO : vs.includes(TRI_UNKNOWN) ? TRI_UNKNOWN : TRI_YES);
        expect(compile({ any: cs })(s)).toBe(vs.includes(TRI_YES) ? TRI_YES : vs.includes(TRI_UNKNOWN) ? TRI_UNKNOWN : TRI_NO);
      }),
      { numRuns: 400 },
    );
  });

  it('age, category and level are undetermined while unknown, and tell when the age is read', () => {
    let readsAge = false;
    const c = compileTriCondition<S>({ age: { min: 16, max: 59 } }, () => () => TRI_UNKNOWN, () => (readsAge = true));
    expect(readsAge).toBe(true);
    const s = (age: number | undefined): S => ({ age, category: undefined, level: undefined, items: {} });
    expect([c(s(undefined)), c(s(15)), c(s(16)), c(s(59)), c(s(60))]).toEqual([TRI_UNKNOWN, TRI_NO, TRI_YES, TRI_YES, TRI_NO]);
    expect(compile({ level: [1, 2] })({ age: 1, category: 1, level: undefined, items: {} })).toBe(TRI_UNKNOWN);
  });
});
