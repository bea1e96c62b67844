import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileBoolCondition, ConditionError, leafRef, personForm, valueTest, type Condition } from '@canji/form';
import { compileTriCondition, F, T, triLeaf, U, VALUE_ABSENT, VALUE_INVALID, VALUE_KNOWN, VALUE_PENDING, type Tri } from '../src/compile-condition.js';
import { compileForm } from '../src/engine.js';

// Each leaf reads an item of a small state: a status (known / absent / pending / invalid) and a value.
interface Cell {
  status: number;
  value: unknown;
}
type S = Record<string, Cell>;
const names = ['a', 'b', 'c'] as const;
const tri = (c: Condition) =>
  compileTriCondition<S>(c, (leaf, kit) => {
    const k = leafRef(leaf).name;
    return triLeaf(kit, { status: (s) => s[k]!.status, value: (s) => s[k]!.value });
  });
// Two-valued: a missing value is simply absent.
const bool = (c: Condition) =>
  compileBoolCondition<S>(c, (leaf, test) => {
    const k = leafRef(leaf).name;
    return (s) => test(s[k]!.status === VALUE_KNOWN ? s[k]!.value : undefined);
  });

const scalar = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('x', 'y'));
const leaf: fc.Arbitrary<Condition> = fc
  .record(
    {
      item: fc.constantFrom(...names),
      eq: scalar,
      ne: scalar,
      in: fc.array(scalar, { maxLength: 3 }),
      notIn: fc.array(scalar, { maxLength: 3 }),
      lt: fc.integer({ min: 0, max: 4 }),
      gte: fc.integer({ min: 0, max: 4 }),
      present: fc.boolean(),
      includes: fc.integer({ min: 0, max: 4 }),
      includesAny: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
      includesNone: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
    },
    { requiredKeys: ['item'] },
  )
  .filter((l) => Object.keys(l).length > 1) as fc.Arbitrary<Condition>;
const cond: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })),
    tie('c').map((c) => ({ not: c })),
    fc.tuple(tie('c'), tie('c')).map((xor) => ({ xor })),
  ),
})).c;
const value = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('x', 'y'), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }));
const cell = (statuses: number[]) => fc.record({ status: fc.constantFrom(...statuses), value });
const stateOf = (statuses: number[]) => fc.record({ a: cell(statuses), b: cell(statuses), c: cell(statuses) });
const anyState = stateOf([VALUE_KNOWN, VALUE_ABSENT, VALUE_PENDING, VALUE_INVALID]);
const definite = stateOf([VALUE_KNOWN, VALUE_ABSENT]);

describe('the condition compiler: three-valued (strong Kleene)', () => {
  it('not is an involution, De Morgan holds, xor is (a and not b) or (not a and b)', () => {
    fc.assert(
      fc.property(cond, cond, anyState, (x, y, s) => {
        expect(tri({ not: { not: x } })(s)).toBe(tri(x)(s));
        expect(tri({ not: { all: [x, y] } })(s)).toBe(tri({ any: [{ not: x }, { not: y }] })(s));
        expect(tri({ xor: [x, y] })(s)).toBe(tri({ any: [{ all: [x, { not: y }] }, { all: [{ not: x }, y] }] })(s));
      }),
      { numRuns: 400 },
    );
  });

  it('all is F when any part is F, U when none is F but one is U; any is the dual; empty all / any are T / F', () => {
    fc.assert(
      fc.property(fc.array(cond, { maxLength: 4 }), anyState, (cs, s) => {
        const vs = cs.map((c) => tri(c)(s));
        expect(tri({ all: cs })(s)).toBe(vs.includes(F) ? F : vs.includes(U) ? U : T);
        expect(tri({ any: cs })(s)).toBe(vs.includes(T) ? T : vs.includes(U) ? U : F);
      }),
      { numRuns: 400 },
    );
  });

  it('is never undetermined where every value is known or certainly absent, and then agrees with the two-valued compiler', () => {
    fc.assert(
      fc.property(cond, definite, (c, s) => {
        const t = tri(c)(s);
        expect(t).not.toBe(U);
        expect(t === T).toBe(bool(c)(s));
      }),
      { numRuns: 600 },
    );
  });

  it('is monotone: deciding a pending value never turns a determined result into another', () => {
    fc.assert(
      fc.property(cond, anyState, definite, (c, partial, filled) => {
        const before: Tri = tri(c)(partial);
        if (before === U) return;
        const after: S = { ...partial };
        for (const k of names) if (partial[k]!.status === VALUE_PENDING) after[k] = filled[k]!;
        expect(tri(c)(after)).toBe(before);
      }),
      { numRuns: 600 },
    );
  });

  it('an invalid value decides present and nothing else', () => {
    const s: S = { a: { status: VALUE_INVALID, value: 9 }, b: { status: VALUE_KNOWN, value: 1 }, c: { status: VALUE_KNOWN, value: 1 } };
    expect(tri({ item: 'a', present: true })(s)).toBe(T);
    expect(tri({ item: 'a', present: false })(s)).toBe(F);
    expect(tri({ item: 'a', eq: 9 })(s)).toBe(U);
    expect(tri({ item: 'a', present: false, eq: 9 })(s)).toBe(F);
    expect(tri({ item: 'a', present: true, eq: 9 })(s)).toBe(U);
  });
});

describe('comparisons', () => {
  it('mean the same on every value whichever compiler runs them', () => {
    fc.assert(
      fc.property(leaf, value, (l, v) => {
        const s: S = { a: { status: VALUE_KNOWN, value: v }, b: { status: VALUE_KNOWN, value: v }, c: { status: VALUE_KNOWN, value: v } };
        expect(tri(l)(s) === T).toBe(valueTest(l as never)(v));
        expect(bool(l)(s)).toBe(valueTest(l as never)(v));
      }),
    );
  });

  it('read an absent value as no value: eq / in / includes / ordering no, ne / notIn / includesNone / present:false yes', () => {
    const t = (c: object) => valueTest({ item: 'a', ...c } as never)(undefined);
    expect([t({ eq: 1 }), t({ in: [1] }), t({ includes: 1 }), t({ includesAny: [1] }), t({ lt: 3 }), t({ gte: 0 }), t({ present: true })]).toEqual([false, false, false, false, false, false, false]);
    expect([t({ ne: 1 }), t({ notIn: [1] }), t({ includesNone: [1] }), t({ present: false })]).toEqual([true, true, true, true]);
  });

  it('includes reads a single answer equal to the code as containing it; an empty array is unanswered', () => {
    expect(valueTest({ item: 'a', includes: 2 })(2)).toBe(true);
    expect(valueTest({ item: 'a', includes: 2 })([1, 2])).toBe(true);
    expect(valueTest({ item: 'a', includesNone: [2, 3] })([1])).toBe(true);
    expect(valueTest({ item: 'a', present: true })([])).toBe(false);
    expect(valueTest({ item: 'a', present: true })('')).toBe(false);
  });

  it('the older form shapes mean the same as their current spelling', () => {
    const facts = (age: number | undefined) => ({ age, category: 2, level: 3 });
    const s = (age: number | undefined): S => ({ a: { status: age === undefined ? VALUE_PENDING : VALUE_KNOWN, value: age }, b: { status: VALUE_KNOWN, value: facts(age).category }, c: { status: VALUE_KNOWN, value: 3 } });
    // `$age` → a, `$category` → b, `$level` → c in this state.
    const alias = (c: Condition) =>
      compileTriCondition<S>(c, (l, kit) => {
        const k = ({ $age: 'a', $category: 'b', $level: 'c' } as Record<string, string>)[leafRef(l).name] ?? leafRef(l).name;
        return triLeaf(kit, { status: (st) => st[k]!.status, value: (st) => st[k]!.value });
      });
    for (const age of [undefined, 15, 16, 59, 60]) {
      expect(alias({ age: { min: 16, max: 59 } })(s(age))).toBe(alias({ item: '$age', gte: 16, lte: 59 })(s(age)));
    }
    expect(alias({ category: [1, 2] })(s(30))).toBe(T);
    expect(alias({ level: [1, 2] })(s(30))).toBe(F);
  });

  it('a leaf without a comparison, or not a condition at all, is refused with a stable code', () => {
    expect(() => valueTest({ item: 'a' } as never)).toThrowError(ConditionError);
    try {
      bool({ item: 'a' } as never);
    } catch (e) {
      expect((e as ConditionError).code).toBe('CONDITION_EMPTY');
    }
    try {
      bool({ foo: 1 } as never);
    } catch (e) {
      expect((e as ConditionError).code).toBe('CONDITION_SHAPE');
    }
  });
});

describe('form conditions', () => {
  it('may read only earlier items, $age / $category / $level, never department or previous-round values', () => {
    const base = personForm('2017');
    const withAsked = (askedWhen: Condition) => ({ ...base, items: base.items.map((it) => (it.key === 'r5' ? { ...it, askedWhen } : it)) });
    expect(() => compileForm(withAsked({ item: 'r40', eq: 1 }))).toThrowError(/not an earlier item/);
    expect(() => compileForm(withAsked({ dept: 'enrolled', eq: true }))).toThrowError(/部门数据/);
    expect(() => compileForm(withAsked({ previous: 'r3', eq: 1 }))).toThrowError(/上一轮/);
    expect(() => compileForm(withAsked({ item: '$idSex', eq: 'male' }))).toThrowError(/\$idSex/);
    expect(() => compileForm(withAsked({ item: '$age', gte: 16 }))).not.toThrow();
  });
});
