/**
 * The department indexes of one check may share one key numbering (`keys`: each ID kept once for
 * all seven extracts, a record looked up once for all), be fed a chunk of rows at a time, and take
 * the reader's IDs as canonical: none of it changes what an index answers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId } from '@canji/id';
import { buildDepartmentIndex, buildDepartmentIndexAsync, KeyIndex, type DepartmentId, type DepartmentIndex } from '@canji/rules';

type Row = Record<string, unknown>;
const ids = Array.from({ length: 10 }, (_, i) => makeResidentId({ regionCode: '430121', birthDate: `19${50 + i}-03-0${1 + (i % 9)}`, sequence: 10 + i, sex: i % 2 ? 'male' : 'female' }));
const departments: DepartmentId[] = ['education', 'civil-affairs', 'health', 'public-security'];
const value = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('2019-06', '2019-07', '2018', '张三', ''), fc.constant(undefined));
const row = fc.record(
  // What a reader gives: canonical IDs (or none).
  { resident_id: fc.oneof(fc.constantFrom(...ids), fc.constant('')), benefit: value, period: value, name: value },
  { requiredKeys: ['resident_id'] },
);
const files = fc.tuple(...departments.map(() => fc.array(row, { maxLength: 25 })));

/** What an index answers, for every key asked (in an order that interleaves the departments). */
function answers(indexes: DepartmentIndex[], keys: readonly string[]) {
  return {
    counts: indexes.map((x) => [x.size, x.rowsRead, x.rowsWithoutKey, x.duplicateKeys]),
    rows: keys.map((k) => indexes.map((x) => [(x as { has?: (k: string) => boolean }).has?.(k), x.get(k)])),
  };
}

describe('department indexes sharing one key numbering', () => {
  it('answer as indexes of their own do, for any rows and look-ups', async () => {
    await fc.assert(
      fc.asyncProperty(files, fc.array(fc.oneof(fc.constantFrom(...ids), fc.constantFrom('pseudo-a', 'nobody')), { maxLength: 30 }), fc.boolean(), async (rows, asked, canonicalIds) => {
        const own = departments.map((d, i) => buildDepartmentIndex(d, rows[i] as Row[]));
        const keys = new KeyIndex();
        const shared: DepartmentIndex[] = [];
        for (let i = 0; i < departments.length; i++) {
          // Fed a few rows at a time (a file's chunks), the IDs taken as they are (canonical already).
          const chunks = (async function* () {
            const all = rows[i] as Row[];
            for (let k = 0; k < all.length; k += 3) yield all.slice(k, k + 3);
          })();
          shared.push(await buildDepartmentIndexAsync(departments[i]!, chunks, { keys, canonicalIds }));
        }
        expect(answers(shared, asked)).toEqual(answers(own, asked));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps each key once: seven extracts of one person number them once', async () => {
    const keys = new KeyIndex();
    const a = await buildDepartmentIndexAsync('health', [[{ resident_id: ids[0]!, family_doctor_contract: 1 }]], { keys, canonicalIds: true });
    const b = await buildDepartmentIndexAsync('education', [{ resident_id: ids[0]!, enrolled: 2 }, { resident_id: ids[1]!, enrolled: 1 }], { keys, canonicalIds: true });
    expect(keys.size).toBe(2);
    expect([a.size, b.size]).toEqual([1, 2]);
    expect(a.get(ids[1]!)).toBeUndefined();
    expect(b.get(ids[0]!)).toEqual({ resident_id: ids[0], enrolled: 2 });
  });
});
