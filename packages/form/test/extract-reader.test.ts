/**
 * `createExtractReader` is `parseExtractRow` on a short path: for any sequence of rows of any
 * department, the same `ok`, the same record, the same errors and warnings, and every
 * normalisation `parseExtractRow` would have listed counted (by code and column) in `notices()`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId, parseResidentId } from '@canji/id';
import { createExtractReader, extractDepartments, parseExtractRow } from '../src/extracts/index.js';

const ids = Array.from({ length: 6 }, (_, i) => makeResidentId({ regionCode: '430121', birthDate: `19${60 + i}-0${1 + i}-15`, sequence: 2 * i + 1, sex: 'male' }));

describe.each(extractDepartments.map((d) => [d.id, d] as const))('createExtractReader ≡ parseExtractRow: %s', (_id, dept) => {
  const headers = dept.fields.flatMap((f) => [f.key, f.label, ...f.aliases]);
  const cell = fc.oneof(
    fc.constantFrom(...ids, ids[0]!.toLowerCase(), ` ${ids[1]} `, '430121', ''),
    fc.constantFrom('是', '否', '1', '2', 1, 2, '１', '2023年1月', '2023-01', '2023', '2019-06-30', '2019/6/30', '男', '女', '1.低保', '低保', '在读', 0, null, '　'),
    fc.string({ maxLength: 5 }),
    fc.integer({ min: -2, max: 9 }),
  );
  // Rows of one file: the same columns (a few of them absent in some rows), values repeating.
  const file = fc
    .uniqueArray(fc.oneof(fc.constantFrom(...headers), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 })
    .chain((columns) => fc.array(fc.tuple(...columns.map(() => fc.option(cell, { nil: undefined }))).map((vals) => Object.fromEntries(columns.flatMap((c, i) => (vals[i] === undefined ? [] : [[c, vals[i]]])))), { maxLength: 25 }));

  it('reads every row as parseExtractRow does, and counts what it normalised', () => {
    fc.assert(
      fc.property(file, (rows) => {
        const reader = createExtractReader(dept);
        const expected = new Map<string, number>();
        for (const row of rows) {
          const a = parseExtractRow(dept, row);
          const b = reader.read(row);
          expect(b.ok).toBe(a.ok);
          expect(b.record).toEqual(a.record);
          expect(b.extra).toEqual(a.extra);
          expect(b.issues).toEqual(a.issues.filter((i) => i.severity !== 'info'));
          for (const i of a.issues) if (i.severity === 'info') expected.set(`${i.code} ${i.column}`, (expected.get(`${i.code} ${i.column}`) ?? 0) + 1);
        }
        expect(reader.rows).toBe(rows.length);
        const got = new Map<string, number>();
        for (const n of reader.notices()) got.set(`${n.code} ${n.column}`, (got.get(`${n.code} ${n.column}`) ?? 0) + n.count);
        expect(got).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('createExtractReader', () => {
  it('says each normalisation once with its count and an example', () => {
    const reader = createExtractReader('education');
    for (let i = 0; i < 3; i++) reader.read({ 身份证号: ids[i]!, 是否在读: '是' });
    reader.read({ 身份证号: ids[3]!.toLowerCase(), 是否在读: 1 });
    const n = reader.notices();
    expect(n.find((x) => x.code === 'EXTRACT_VALUE_NORMALISED')).toMatchObject({ column: '是否在读', field: 'enrolled', count: 3, example: expect.stringContaining('"是"') });
    expect(n.find((x) => x.code === 'EXTRACT_HEADER_ALIAS' && x.column === '身份证号')).toMatchObject({ field: 'resident_id', count: 4 });
  });

  it('reports an unknown department on every row, like parseExtractRow', () => {
    const reader = createExtractReader('nope' as never);
    expect(reader.read({ a: 1 })).toMatchObject({ ok: false, issues: [{ code: 'EXTRACT_UNKNOWN_DEPARTMENT' }] });
  });
});

/** The row object the CLI makes of a CSV row: `{ header: cell }`, empty cells left out, of two equal headers the later cell. */
function rowObject(header: readonly string[], cells: readonly unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  header.forEach((h, i) => {
    if (cells[i] !== undefined && cells[i] !== '') o[h] = cells[i];
  });
  return o;
}

describe.each(extractDepartments.map((d) => [d.id, d] as const))('forColumns ≡ read of the row object ≡ parseExtractRow: %s', (_id, dept) => {
  const headers = dept.fields.flatMap((f) => [f.key, f.label, ...f.aliases]);
  const cell = fc.oneof(
    fc.constantFrom(...ids, ids[0]!.toLowerCase(), ` ${ids[1]} `, `${ids[2]!.slice(0, 6)}${ids[2]!.slice(8, 17)}`, '430121', '', '　', ' \t'),
    fc.constantFrom('是', '否', '1', '2', '１', '0', '2023年1月', '2023-01', '2023', '2019-06-30', '2019/6/30', '男', '女', '1.低保', '低保', '在读', '正常', '迁出', 'C级', '1200', '¥1,200.50'),
    fc.string({ maxLength: 5 }),
    fc.constant(undefined),
  );
  // One file: a header (equal headers, two headers of one field, integer-like and unknown ones
  // possible), rows of cells by column index, values repeating.
  const file = fc
    .array(fc.oneof(fc.constantFrom(...headers), fc.constantFrom('1', '备注', '__proto__'), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 7 })
    .chain((header) => fc.tuple(fc.constant(header), fc.array(fc.array(cell, { minLength: 0, maxLength: header.length + 1 }), { maxLength: 30 })));

  it('gives every row the same result, and counts the same notices in the same order', () => {
    fc.assert(
      fc.property(file, fc.constantFrom(undefined, '2019-06-30', '1965-01-01'), ([header, rows], asOf) => {
        const opts = asOf ? { asOf } : {};
        const byObject = createExtractReader(dept, opts);
        const compiled = createExtractReader(dept, opts);
        const read = compiled.forColumns(header);
        for (const cells of rows) {
          const row = rowObject(header, cells);
          const a = parseExtractRow(dept, row, opts);
          const b = byObject.read(row);
          const c = read(cells);
          expect(c).toEqual(b);
          expect(c.ok).toBe(a.ok);
          expect(c.record).toEqual(a.record);
          expect(c.extra).toEqual(a.extra);
          expect(c.issues).toEqual(a.issues.filter((i) => i.severity !== 'info'));
        }
        expect(compiled.rows).toBe(rows.length);
        expect(compiled.notices()).toEqual(byObject.notices());
      }),
      { numRuns: 80 },
    );
  });
});

describe('forColumns', () => {
  it('reads a CSV row by column index as read() reads its row object', () => {
    const reader = createExtractReader('civil-affairs', { asOf: '2024-06-30' });
    const read = reader.forColumns(['身份证号', '项目', '发放月份', '备注']);
    const r = read([ids[0]!.toLowerCase(), '低保', '2023年1月', '']);
    expect(r).toEqual({ ok: true, record: { resident_id: ids[0]!.toUpperCase(), benefit: 1, period: '2023-01' }, extra: {}, issues: [] });
    expect(read(['', '低保', '2023-01'])).toMatchObject({ ok: false, issues: [{ code: 'EXTRACT_MISSING_FIELD', field: 'resident_id' }] });
    expect(reader.rows).toBe(2);
    expect(reader.notices().map((n) => [n.code, n.column, n.count])).toEqual([
      ['EXTRACT_HEADER_ALIAS', '身份证号', 1],
      ['EXTRACT_HEADER_ALIAS', '项目', 2],
      ['EXTRACT_HEADER_ALIAS', '发放月份', 2],
      ['EXTRACT_VALUE_NORMALISED', '项目', 2],
      ['EXTRACT_VALUE_NORMALISED', '发放月份', 1],
    ]);
  });
});

describe('ID cells on the short path', () => {
  // Valid numbers of any birth date (before 1900 and after the reference date too), either sex, X check characters.
  const anyId = fc
    .record({ y: fc.integer({ min: 1890, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), seq: fc.integer({ min: 0, max: 499 }), sex: fc.constantFrom('male' as const, 'female' as const) })
    .chain(({ y, m, d, seq, sex }) => {
      try {
        return fc.constant(makeResidentId({ regionCode: '430121', birthDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, sequence: seq, sex }));
      } catch {
        return fc.constant(`43012119600115${String(seq).padStart(3, '0')}X`);
      }
    });

  it('reads a number as parseResidentId does: value, errors, warnings, and what the number says of sex and birth', () => {
    fc.assert(
      fc.property(anyId, fc.constantFrom('2019-06-30', '2030-12-31', '1950-01-01', new Date(Date.UTC(2000, 0, 1))), fc.constantFrom('男', '女'), (id, asOf, sex) => {
        const p = parseResidentId(id, { allowLegacy15: true, asOf });
        const r = createExtractReader('public-security', { asOf }).forColumns(['身份证号', '性别', '出生日期'])([id, sex, p.ok ? p.value.birthDate : '']);
        if (!p.ok) {
          expect(r.ok).toBe(false);
          expect(r.issues.find((i) => i.code === 'EXTRACT_INVALID_ID')?.detail).toBe(p.error.code);
          return;
        }
        expect(r.record.resident_id).toBe(p.value.id);
        expect(r.issues.filter((i) => i.code === 'EXTRACT_ID_WARNING').map((i) => i.detail)).toEqual(p.warnings.map((w) => w.code));
        const disagrees = r.issues.filter((i) => i.code === 'EXTRACT_ID_DISAGREES').map((i) => i.field);
        expect(disagrees).toEqual((sex === '男') === (p.value.sex === 'male') ? [] : ['sex']);
      }),
      { numRuns: 400 },
    );
  });
});
