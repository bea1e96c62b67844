/**
 * The flat-memory indexes of department extracts and the previous round: they answer exactly what
 * a `Map` of row objects answered (a property over random rows, keys and merges), past the
 * dictionary limit of a column, and past the 16,777,216 keys at which a `Map` stops — a
 * department index of 2 × 10^7 IDs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId } from '@canji/id';
import { buildDepartmentIndex, buildPreviousRound, KeyIndex, mergeDepartmentRows, type DepartmentId } from '@canji/rules';
import { RowStore } from '../src/row-store.js';

type Row = Record<string, unknown>;
const clean = (r: Row): Row => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && v !== null && v !== ''));

const value = fc.oneof(
  fc.integer({ min: 0, max: 6 }),
  fc.constantFrom('2019-06', '2019-07', '是', '', '张三', 'x'),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
  fc.string({ maxLength: 4 }),
);
const ids = Array.from({ length: 12 }, (_, i) => makeResidentId({ regionCode: '430121', birthDate: `19${50 + i}-03-0${1 + (i % 9)}`, sequence: 10 + i, sex: i % 2 ? 'male' : 'female' }));
/** An ID whose check character is X (one of the first sequence numbers of a birth date has it). */
const withX = Array.from({ length: 200 }, (_, i) => makeResidentId({ regionCode: '430121', birthDate: '1961-01-01', sequence: 2 * i + 1, sex: 'male' })).find((x) => x.endsWith('X'))!;
const key = fc.oneof(fc.constantFrom(...ids), fc.constantFrom('pseudo-a', 'pseudo-b', 'k'), fc.string({ minLength: 1, maxLength: 3 }));
const row = fc.dictionary(fc.constantFrom('benefit', 'period', 'status', 'name', 'resident_id', 'enrolled'), value, { maxKeys: 5 });

describe('KeyIndex', () => {
  it('numbers keys by first appearance, as a Map would, for IDs and any other strings alike', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 200 }), (keys) => {
        const index = new KeyIndex();
        const ref = new Map<string, number>();
        for (const k of keys) {
          const n = index.add(k);
          expect(index.added).toBe(!ref.has(k));
          if (!ref.has(k)) ref.set(k, ref.size);
          expect(n).toBe(ref.get(k));
        }
        expect(index.size).toBe(ref.size);
        for (const [k, n] of ref) expect(index.get(k)).toBe(n);
        expect(index.get('never-added')).toBe(-1);
        expect(index.get(ids[11]!.toLowerCase())).toBe(ref.get(ids[11]!.toLowerCase()) ?? -1); // not canonical: its own key
      }),
      { numRuns: 300 },
    );
  });
});

describe('RowStore', () => {
  it('reads back what a Map of rows holds, for any writes, with or without dictionaries', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, row), { maxLength: 60 }), fc.constantFrom(1, 3, 1 << 16), (writes, limit) => {
        const store = new RowStore({ keyField: 'resident_id', dictionaryLimit: limit });
        const ref = new Map<string, Row>();
        for (const [k, r] of writes) {
          const { entry, added } = store.entryFor(k);
          expect(added).toBe(!ref.has(k));
          store.write(entry, r, k);
          ref.set(k, clean(r));
        }
        expect(store.size).toBe(ref.size);
        for (const [k, r] of ref) expect(store.get(k)).toEqual(r);
        expect(store.get('never-written')).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('hands out copies: changing a row it returned changes nothing stored', () => {
    const store = new RowStore();
    const { entry } = store.entryFor(ids[0]!);
    store.write(entry, { benefits: [1, 3], period: '2019-06' });
    const a = store.get(ids[0]!)!;
    (a.benefits as number[]).push(9);
    a.period = 'changed';
    expect(store.get(ids[0]!)).toEqual({ benefits: [1, 3], period: '2019-06' });
  });
});

describe('department index and previous round in flat memory', () => {
  const departments: DepartmentId[] = ['civil-affairs', 'education', 'public-security'];
  it('merge rows of one person as mergeDepartmentRows does (civil affairs: benefits gathered; others: later period)', () => {
    const deptRow = fc.record(
      { resident_id: fc.constantFrom(...ids.slice(0, 4), '', withX, withX.toLowerCase()), benefit: fc.integer({ min: 1, max: 5 }), period: fc.constantFrom('2019-05', '2019-06', '2019'), enrolled: fc.constantFrom(1, 2) },
      { requiredKeys: ['resident_id'] },
    );
    fc.assert(
      fc.property(fc.constantFrom(...departments), fc.array(deptRow, { maxLength: 30 }), (dept, rows) => {
        const index = buildDepartmentIndex(dept, rows);
        const ref = new Map<string, Row>();
        let keyed = 0;
        for (const r of rows) {
          if (r.resident_id === '') continue;
          keyed++;
          const k = r.resident_id.toUpperCase();
          ref.set(k, mergeDepartmentRows(dept, ref.get(k), r) as Row);
        }
        expect(index.size).toBe(ref.size);
        expect(index.rowsRead).toBe(rows.length);
        expect(index.rowsWithoutKey).toBe(rows.length - keyed);
        expect(index.duplicateKeys).toBe(keyed - ref.size);
        for (const [k, r] of ref) expect(index.get(k)).toEqual(clean(r));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the later record of a person twice in the previous round, unanswered values dropped', () => {
    const a = { resident_id: ids[0]!, r16: 1, r17: '', sex: 'male' };
    const b = { resident_id: ids[0]!, r16: 2, r18: 3, sex: 'male' };
    const round = buildPreviousRound([a, { resident_id: ids[1]!, r16: 1 }, b], { formVersion: '2017' });
    expect(round.size).toBe(2);
    expect(round.duplicateKeys).toBe(1);
    expect(round.get(ids[0]!)).toEqual({ resident_id: ids[0]!, r16: 2, r18: 3, sex: 'male' });
    // A lower-case x in the file is the same person, and the record keeps its ID as written.
    const r = buildPreviousRound([{ resident_id: withX.toLowerCase(), r16: 1 }], { formVersion: '2017' });
    expect(r.get(withX)).toEqual({ resident_id: withX.toLowerCase(), r16: 1 });
  });

  it('indexes 2 × 10^7 IDs (past the 16,777,216 keys at which a Map stops)', () => {
    const N = 20_000_000;
    const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C = '10X98765432';
    // Distinct IDs without a generator per row: 1000 sequence numbers for each of 20,000 birth dates, 20 counties.
    const dates: string[] = [];
    for (let d = new Date(Date.UTC(1950, 0, 1)); dates.length < 20_000; d.setUTCDate(d.getUTCDate() + 1)) dates.push(d.toISOString().slice(0, 10).replaceAll('-', ''));
    const idOf = (i: number): string => {
      const body = `${110101 + Math.floor(i / 1_000_000)}${dates[Math.floor(i / 1000) % 20_000]}${String(i % 1000).padStart(3, '0')}`;
      let s = 0;
      for (let k = 0; k < 17; k++) s += (body.charCodeAt(k) - 48) * W[k]!;
      return body + C[s % 11];
    };
    function* rows() {
      for (let i = 0; i < N; i++) yield { resident_id: idOf(i), registration_status: 1 + (i % 4) };
    }
    const index = buildDepartmentIndex('public-security', rows());
    expect(index.size).toBe(N);
    expect(index.duplicateKeys).toBe(0);
    for (const i of [0, 1, 16_777_215, 16_777_216, 16_777_217, N - 1, 12_345_678]) expect(index.get(idOf(i)), String(i)).toEqual({ resident_id: idOf(i), registration_status: 1 + (i % 4) });
    expect(index.get('110101195001010000')).toBeUndefined();
  }, 180_000);
});
