/**
 * Indicators as data: `definePersonIndicator` / `defineVillageIndicator` take conditions in canji's
 * one condition language, compile them once into the predicates the calculator calls, and keep
 * them on the indicator. The compiled predicates mean exactly what `@canji/form`'s compiler means
 * (the fused leaf shapes are checked against it on arbitrary conditions and values).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileBoolCondition, leafRef, type Condition } from '@canji/form';
import {
  compilePersonCondition,
  compileVillageCondition,
  computeIndicators,
  definePersonIndicator,
  defineVillageIndicator,
  indicatorMetadata,
  withTarget,
  type PersonRecordLike,
  type RecordContext,
} from '@canji/indicators';

const base = { name: '测试指标', description: '分母：……；分子：……。', basis: '测试', formVersions: ['2017'] as const };
const ctx = (over: Partial<RecordContext> = {}): RecordContext => ({ asOf: '2019-07-01', personStatus: 6, age: 30, sex: 'female', category: 4, level: 2, ...over });

describe('definePersonIndicator with conditions', () => {
  const ind = definePersonIndicator({
    ...base,
    id: 'local-employment',
    denominator: { all: [{ item: 'person_status', eq: 6 }, { item: '$age', gte: 16, lte: 59 }] },
    answered: { item: 'r16', in: [1, 2] },
    numerator: { item: 'r16', eq: 1 },
  });

  it('compiles them into the predicates the calculator calls, and keeps them as data', () => {
    expect(ind.denominator({ person_status: 6 }, ctx())).toBe(true);
    expect(ind.denominator({ person_status: 6 }, ctx({ age: 60 }))).toBe(false);
    expect(ind.denominator({ person_status: 5 }, ctx())).toBe(false);
    expect(ind.answered!({ r16: 2 }, ctx())).toBe(true);
    expect(ind.answered!({ r16: '' }, ctx())).toBe(false);
    expect(ind.numerator({ r16: 1 }, ctx())).toBe(true);
    expect(ind.conditions).toEqual({
      denominator: { all: [{ item: 'person_status', eq: 6 }, { item: '$age', gte: 16, lte: 59 }] },
      answered: { item: 'r16', in: [1, 2] },
      numerator: { item: 'r16', eq: 1 },
    });
    const recs = [
      { person_status: 6, birth_date: '1980-05-01', r16: 1 },
      { person_status: 6, birth_date: '1980-05-01', r16: 2 },
      { person_status: 6, birth_date: '1980-05-01' },
      { person_status: 6, birth_date: '1950-05-01', r16: 1 },
    ];
    const row = computeIndicators(recs, { indicators: [ind], asOf: '2019-07-01' }).rows[0]!;
    expect([row.numerator, row.denominator, row.missing]).toEqual([1, 2, 1]);
  });

  it('keeps a frozen copy: changing the input afterwards changes neither the data nor the predicate', () => {
    const numerator = { item: 'r31', eq: 1 } as { item: string; eq: number };
    const signed = definePersonIndicator({ ...base, id: 'local-r31', denominator: { all: [] }, numerator });
    numerator.eq = 2;
    expect(signed.conditions?.numerator).toEqual({ item: 'r31', eq: 1 });
    expect(Object.isFrozen(signed.conditions?.numerator)).toBe(true);
    expect(signed.numerator({ r31: 1 }, ctx())).toBe(true);
  });

  it('accepts functions where data cannot say it, and leaves them out of `conditions`', () => {
    const mixed = definePersonIndicator({ ...base, id: 'local-mixed', denominator: (_r, c) => c.sex === 'female', numerator: { item: 'r31', eq: 1 } });
    expect(mixed.conditions).toEqual({ numerator: { item: 'r31', eq: 1 } });
    expect(mixed.answered).toBeUndefined();
    expect(mixed.denominator({}, ctx({ sex: 'male' }))).toBe(false);
  });

  it('keeps the data through withTarget and through a redefinition from a defined indicator', () => {
    expect(withTarget(ind, { value: 50, comparison: '>=', source: '本地' }).conditions).toBe(ind.conditions);
    const copy = definePersonIndicator({ ...ind, id: 'local-employment-copy' });
    expect(copy.conditions).toEqual(ind.conditions);
    expect(copy.subject).toBe('person');
  });

  it('publishes no conditions in the metadata (reports stay as they were)', () => {
    expect(Object.keys(indicatorMetadata(ind))).not.toContain('conditions');
  });

  it('rejects a condition it cannot compile with INDICATOR_CONDITION and the condition code', () => {
    const bad = (denominator: unknown) => () => definePersonIndicator({ ...base, id: 'local-bad', denominator: denominator as Condition, numerator: { item: 'r16', eq: 1 } });
    expect(bad({ dept: 'enrolled', eq: 1 })).toThrow(/INDICATOR_CONDITION.*分母.*CONDITION_REFERENCE/);
    expect(bad({ previous: 'r16', eq: 1 })).toThrow(/INDICATOR_CONDITION.*CONDITION_REFERENCE/);
    expect(bad({ item: '$birthDate', present: true })).toThrow(/INDICATOR_CONDITION.*CONDITION_REFERENCE.*\$birthDate/);
    expect(bad({ item: 'r16' })).toThrow(/INDICATOR_CONDITION.*CONDITION_EMPTY/);
    expect(bad({ any: [{ foo: 1 }] })).toThrow(/INDICATOR_CONDITION.*CONDITION_SHAPE/);
    expect(bad(undefined)).toThrow(/INDICATOR_CONDITION.*分母/);
    expect(bad('r16 = 1')).toThrow(/INDICATOR_CONDITION/);
    expect(bad({ item: 'r16', eq: () => 1 })).toThrow(/INDICATOR_CONDITION.*纯数据/);
    expect(() => definePersonIndicator({ ...base, id: 'local-bad', denominator: { all: [] }, numerator: { item: 'r16', eq: 1 }, answered: [] as unknown as Condition })).toThrow(
      /INDICATOR_CONDITION.*已答/,
    );
  });
});

describe('defineVillageIndicator with conditions', () => {
  it('reads items of the village record only', () => {
    const v = defineVillageIndicator({ ...base, id: 'local-v4', denominator: { all: [] }, answered: { item: 'v4', in: [1, 2] }, numerator: { item: 'v4', eq: 1 } });
    expect([v.answered!({ v4: 2 }), v.answered!({ v4: 3 }), v.numerator({ v4: 1 })]).toEqual([true, false, true]);
    expect(v.conditions?.answered).toEqual({ item: 'v4', in: [1, 2] });
    expect(() => defineVillageIndicator({ ...base, id: 'local-v-age', denominator: { item: '$age', gte: 1 }, numerator: { item: 'v4', eq: 1 } })).toThrow(/CONDITION_REFERENCE/);
  });
});

// ---- The fused leaves mean what @canji/form's compiler means -------------------------------------

const ITEMS = ['a', 'b'] as const;
const FACTS = ['$age', '$category', '$level'] as const;
const value = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '', ' ', '\u3000', [], NaN, 0, -0, 1, 2, 3, 4, 5, 12, 99, '1', 'x', true, 1.5),
  fc.array(fc.constantFrom<unknown>(1, 2, 3, 4, 5, NaN, '1', 1.5, undefined), { maxLength: 4 }),
  fc.integer({ min: -3, max: 15 }),
);
const code = fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 12);
const codes = fc.array(code, { minLength: 1, maxLength: 5 });
const scalar = fc.oneof(code, fc.constantFrom<string | number | boolean>('1', 'x', true));
const comparison = fc.oneof(
  fc.record({ eq: scalar }),
  fc.record({ ne: scalar }),
  fc.record({ in: fc.array(scalar, { minLength: 1, maxLength: 6 }) }),
  fc.record({ notIn: fc.array(scalar, { minLength: 1, maxLength: 6 }) }),
  fc.record({ present: fc.boolean() }),
  fc.record({ includes: code }),
  fc.record({ includesAny: codes }),
  fc.record({ includesNone: codes }),
  fc.record({ gte: code, lte: code }, { requiredKeys: [] }).filter((c) => Object.keys(c).length > 0),
  fc.record({ gt: code, lt: code, eq: code }, { requiredKeys: ['gt'] }),
);
const leaf = (names: readonly string[]) => fc.tuple(fc.constantFrom(...names), comparison).map(([item, c]) => ({ item, ...c }) as Condition);
const condition = (names: readonly string[]) =>
  fc.letrec<{ c: Condition }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf(names),
      fc.record({ all: fc.array(tie('c'), { maxLength: 4 }) }),
      fc.record({ any: fc.array(tie('c'), { maxLength: 4 }) }),
      fc.record({ not: tie('c') }),
      fc.tuple(tie('c'), tie('c')).map(([a, b]) => ({ xor: [a, b] as [Condition, Condition] })),
    ),
  })).c;

/** The reference: form's compiler with the plainest leaf (the leaf's own value test on the value). */
function reference(c: Condition): (r: PersonRecordLike, x: RecordContext) => boolean {
  const f = compileBoolCondition<{ r: PersonRecordLike; x: RecordContext }>(c, (l, test) => {
    const name = leafRef(l).name;
    const key = ({ $age: 'age', $category: 'category', $level: 'level' } as const)[name as (typeof FACTS)[number]];
    return key ? (s) => test(s.x[key]) : (s) => test(s.r[name]);
  });
  return (r, x) => f({ r, x });
}

describe('compiled conditions', () => {
  it('agree with @canji/form’s compiler on arbitrary conditions, records and facts (person)', () => {
    fc.assert(
      fc.property(condition([...ITEMS, ...FACTS]), value, value, value, value, value, (c, a, b, age, category, level) => {
        const r = { a, b } as PersonRecordLike;
        const x = ctx({ age: age as number, category: category as number, level: level as number });
        expect(compilePersonCondition(c)(r, x)).toBe(reference(c)(r, x));
      }),
      { numRuns: 3000 },
    );
  });

  it('agree with @canji/form’s compiler on village records', () => {
    fc.assert(
      fc.property(condition(ITEMS), value, value, (c, a, b) => {
        const r = { a, b };
        expect(compileVillageCondition(c)(r)).toBe(reference(c)(r, ctx()));
      }),
      { numRuns: 2000 },
    );
  });
});
