/**
 * The report's JSON written in pieces must be, joined, exactly what `JSON.stringify(value, null,
 * indent)` writes — for any value (the report's shape is only one case), and pieces stay bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, renderReportJson, renderReportJsonChunks, type ValidationReport } from '@canji/rules';

/** JSON values plus what JSON.stringify treats specially: undefined members, functions, dates, NaN, toJSON, boxed primitives. */
const odd = fc.oneof(
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.date({ noInvalidDate: true }),
  fc.constant(Number.NaN),
  fc.constant(-0),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.string().map((s) => ({ toJSON: (key: string) => `${key}:${s}` })),
  fc.integer().map((n) => new Number(n)),
  fc.string({ unit: 'grapheme' }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.jsonValue({ maxDepth: 2 }), odd, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(fc.string({ maxLength: 5 }), tie('value'), { maxKeys: 6 }),
}));

describe('jsonChunks', () => {
  it('joined, equal JSON.stringify for any value and indent', () => {
    fc.assert(
      fc.property(value, fc.constantFrom(0, 1, 2, 4, 12), (v, indent) => {
        const expected = JSON.stringify(v, null, indent);
        const pieces = [...jsonChunks(v, indent)];
        if (expected === undefined) expect(pieces).toEqual([]);
        else expect(pieces.join('')).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('hand out a long list in bounded pieces', () => {
    const report = { departments: [{ department: 'health', discrepancies: Array.from({ length: 20_000 }, (_, i) => ({ index: i, key: `43012119800101${String(i).padStart(4, '0')}`, message: '家庭医生签约情况与卫健部门签约名册不一致' })) }] };
    const pieces = [...jsonChunks(report, 2)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(70_000);
    expect(pieces.join('')).toBe(JSON.stringify(report, null, 2));
    const asReport = report as unknown as ValidationReport;
    expect([...renderReportJsonChunks(asReport)].join('')).toBe(renderReportJson(asReport));
  });
});
