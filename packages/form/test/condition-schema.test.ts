import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { z } from 'zod';
import { COMPARISON_KEYS, normalizeCondition, type Comparison, type Condition, type FactName } from '../src/condition.js';
import { comparisonShape, conditionSchema, conditionUnionSchema, FACT_NAMES, factNameSchema } from '../src/condition-schema.js';
import { jsonPath, parseSchemaData } from '../src/schema-issues.js';

/** `true` only when each type is assignable to the other (a type error below otherwise). */
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Type tests (checked by `tsc`): the hand-spelled recursive `Condition` is exactly what the schema
// accepts — a member added to one and not the other, or a comparison typed differently, fails here.
const conditionIsTheSchema: Mutual<z.infer<typeof conditionUnionSchema>, Condition> = true;
const conditionSchemaOutput: Mutual<z.output<typeof conditionSchema>, Condition> = true;
const comparisonKeys: Mutual<(typeof COMPARISON_KEYS)[number], keyof Comparison> = true;
const facts: Mutual<z.infer<typeof factNameSchema>, FactName> = true;
// …and the mutual check can fail: a narrower type is not equal.
const notVacuous: Mutual<Condition, { readonly all: readonly Condition[] }> = false;
void [conditionIsTheSchema, conditionSchemaOutput, comparisonKeys, facts, notVacuous];

const issues = (c: unknown) => {
  const r = parseSchemaData(conditionSchema, c);
  return r.ok ? [] : r.issues.map((i) => `${i.jsonPath}：${i.message}`);
};

describe('conditionSchema', () => {
  it('lists the comparison keys of COMPARISON_KEYS and the facts of FactName', () => {
    expect(Object.keys(comparisonShape)).toEqual([...COMPARISON_KEYS]);
    expect(factNameSchema.options).toEqual([...FACT_NAMES]);
  });

  it('accepts every operator, combinator and reference', () => {
    const ok: Condition[] = [
      { all: [{ item: '$age', gte: 16 }, { item: 'r16', eq: 2 }] },
      { any: [{ item: 'r17', in: [1, 2] }, { item: 'r17', notIn: [3] }] },
      { not: { item: 'r13', ne: 1 } },
      { xor: [{ dept: '$matched', eq: true }, { item: 'r27', includes: 1 }] },
      { item: '$age', lt: 3, lte: 2, gt: 0, gte: 1 },
      { item: 'r22', includesAny: [1, 2], includesNone: [4] },
      { item: 'r14', present: false },
      { dept: 'house_grade', in: ['C', 'D'] },
      { previous: 'r16', eq: 1 },
      { previous: '$matched', eq: true },
      { item: 'ext.sd2018.g16', eq: 1 },
      { all: [] },
      // the form's older shapes
      { item: 'r3', answered: true },
      { age: { min: 16, max: 59 } },
      { category: [5, 6, 7] },
      { level: [1, 2] },
    ];
    for (const c of ok) expect(issues(c), JSON.stringify(c)).toEqual([]);
  });

  it('rejects an unknown key, naming it and where it is', () => {
    expect(issues({ all: [{ item: 'r16', eq: 2 }, { item: 'r13', eqq: 2 }] })).toEqual([expect.stringMatching(/^\$\.all\[1\]：不认识的键 “eqq”/)]);
    expect(issues({ not: { dept: 'enrolled', eq: 1, typo: true } })).toEqual([expect.stringMatching(/^\$\.not：不认识的键 “typo”/)]);
  });

  it('says what is wrong, in zh-CN, at the JSON path', () => {
    expect(issues({ item: 'r16' })).toEqual([expect.stringContaining('$：至少要有一个比较')]);
    expect(issues({ item: '$agee', eq: 1 })).toEqual(['$.item：未知的派生事实“$agee”：可用 $age、$category、$level、$birthDate、$idSex、$idBirthDate、$certCategory、$certLevel、$id、$certId']);
    expect(issues({ item: 'R16', eq: 1 })).toEqual([expect.stringContaining('$.item：应为登记表项目的列名')]);
    expect(issues({ any: [{ item: 'r1', in: [] }] })).toEqual(['$.any[0].in：至少应有 1 个值']);
    expect(issues({ item: 'r22', includes: 1.5 })).toEqual(['$.includes：应为代码（整数）']);
    expect(issues({ item: '$age', gte: '16' })).toEqual(['$.gte：应为数字']);
    expect(issues({ all: [{ any: [{ xor: [{ item: 'r1', eq: 1 }] }] }] })).toEqual(['$.all[0].any[0].xor：应为恰好两个条件的数组']);
    expect(issues({ all: { item: 'r1', eq: 1 } })).toEqual([expect.stringMatching(/^\$\.all：应为数组/)]);
    expect(issues({ item: 'r1', eq: 1, all: [] })).toEqual([expect.stringContaining('$：一个条件只能是一种形式，这里同时有 “all”、“item”')]);
    expect(issues({})).toEqual([expect.stringContaining('$：条件应为以下形式之一')]);
    expect(issues([{ item: 'r1', eq: 1 }])).toEqual([expect.stringContaining('$：条件应为以下形式之一')]);
    expect(issues({ dept: '$matchd', eq: true })).toEqual(['$.dept：未知的“$matchd”：部门数据只有 $matched（是否找到此人）']);
  });

  it('accepts what normalizeCondition returns for any accepted condition', () => {
    const leaf = fc.oneof(
      fc.record({ item: fc.constantFrom('r3', 'r16', '$age'), eq: fc.integer({ min: 1, max: 9 }) }),
      fc.record({ item: fc.constantFrom('r3', 'r16'), answered: fc.boolean() }),
      fc.record({ age: fc.record({ min: fc.integer({ min: 0, max: 60 }), max: fc.integer({ min: 60, max: 99 }) }, { requiredKeys: [] }) }),
      fc.record({ category: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }) }),
    );
    const cond: fc.Arbitrary<unknown> = fc.letrec<{ c: unknown }>((tie) => ({
      c: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })), tie('c').map((not) => ({ not }))),
    })).c;
    fc.assert(
      fc.property(cond, (c) => {
        const parsed = conditionSchema.safeParse(c);
        expect(parsed.success).toBe(true);
        if (parsed.success) expect(conditionSchema.safeParse(normalizeCondition(parsed.data)).success).toBe(true);
      }),
    );
  });
});

describe('jsonPath', () => {
  it('writes identifier keys with a dot, others quoted, indexes in brackets', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['rules', 0, 'when', 'all', 1])).toBe('$.rules[0].when.all[1]');
    expect(jsonPath(['fields', 'r16-2', '$schema'])).toBe('$.fields["r16-2"].$schema');
  });
});
