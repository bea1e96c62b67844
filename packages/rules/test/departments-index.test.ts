/**
 * The department indexes of one check may share one key numbering (`keys`: each ID kept once for
 * all seven extracts, a record looked up once for all), be fed a chunk of rows at a time, and take
 * the reader's IDs as canonical: none of it changes what an index answers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId } from '@canji/id';
import { buildDepartmentIndex, buildDepartmentIndexAsync, createDepartmentIndexBuilder, KeyIndex, type DepartmentId, type DepartmentIndex } from '@canji/rules';

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

/**
 * `createDepartmentIndexBuilder(…).forFields`: rows handed over as values by slot (what the
 * extract reader's `forColumnValues` gives), written column by column — civil affairs' benefits
 * gathered, the later period kept — answer exactly as the row objects through `add` do, with
 * values numbered by their reader or not, mixed with row objects, sharing one key numbering.
 */
describe('rows as values by column', () => {
  const shapes: readonly (readonly string[])[] = [
    ['resident_id', 'name', 'benefit', 'period', 'amount'],
    ['period', 'resident_id', 'enrolled'],
    ['name', 'status', 'period'],
  ];
  const cell = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constantFrom('2019-06', '2019-07', '2018', '张三', '李四'), fc.constant(undefined));
  const line = (fields: readonly string[]) =>
    fc.record({
      values: fc.tuple(...fields.map((f) => (f === 'resident_id' ? fc.oneof(fc.constantFrom(...ids), fc.constant(undefined)) : f === 'benefit' ? fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(undefined)) : cell))),
      numbered: fc.boolean(),
      asObject: fc.boolean(),
    });
  const file = fc.nat({ max: shapes.length - 1 }).chain((s) => fc.tuple(fc.constant(s), fc.array(line(shapes[s]!), { maxLength: 40 })));
  const all: DepartmentId[] = ['civil-affairs', 'education', 'public-security'];

  it('answer as the row objects do, for any rows of any department', () => {
    fc.assert(
      fc.property(fc.tuple(...all.map(() => file)), fc.array(fc.constantFrom(...ids, 'nobody'), { maxLength: 20 }), (files, asked) => {
        const keys = new KeyIndex();
        const byValues = all.map((d) => createDepartmentIndexBuilder(d, { canonicalIds: true, keys }));
        const byObjects = all.map((d) => createDepartmentIndexBuilder(d, { canonicalIds: true }));
        files.forEach(([s, lines], i) => {
          const fields = shapes[s]!;
          const add = byValues[i]!.forFields(fields);
          // What a reader remembers: one object per distinct value of a slot, the same one each time.
          const remembered = fields.map(() => new Map<unknown, { value: unknown; owner: unknown; number: number }>());
          for (const { values, numbered, asObject } of lines) {
            const row: Row = {};
            fields.forEach((f, k) => {
              if (values[k] !== undefined) row[f] = values[k];
            });
            byObjects[i]!.add(row);
            if (asObject) byValues[i]!.add(row);
            else {
              const marks = values.map((v, k) => {
                if (!numbered || v === undefined || fields[k] === 'resident_id') return undefined;
                let m = remembered[k]!.get(v);
                if (!m) remembered[k]!.set(v, (m = { value: v, owner: undefined, number: 0 }));
                return m;
              });
              add(values, marks);
            }
          }
        });
        const a = answers(byValues.map((b) => b.index), asked);
        const b = answers(byObjects.map((x) => x.index), asked);
        expect(a).toEqual(b);
        // Key order too: the rows the cross-check rules read.
        expect(JSON.stringify(a.rows)).toBe(JSON.stringify(b.rows));
      }),
      { numRuns: 300 },
    );
  });

  it('gathers civil affairs benefits as mergeDepartmentRows does', () => {
    const b = createDepartmentIndexBuilder('civil-affairs', { canonicalIds: true });
    const add = b.forFields(['resident_id', 'benefit', 'period']);
    add([ids[0]!, 3, '2019-06']);
    add([ids[0]!, 1, '2019-05']);
    add([ids[1]!, 4, '2019-06']);
    add([undefined, 1, '2019-06']);
    expect(b.index.get(ids[0]!)).toEqual({ resident_id: ids[0], benefit: 1, period: '2019-05', benefits: [1, 3] });
    expect(b.index.get(ids[1]!)).toEqual({ resident_id: ids[1], benefit: 4, period: '2019-06', benefits: [4] });
    expect([b.index.size, b.index.rowsRead, b.index.rowsWithoutKey, b.index.duplicateKeys]).toEqual([2, 4, 1, 1]);
  });
});
