/**
 * `createExtractReader` is `parseExtractRow` on a short path: for any sequence of rows of any
 * department, the same `ok`, the same record, the same errors and warnings, and every
 * normalisation `parseExtractRow` would have listed counted (by code and column) in `notices()`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId, parseResidentId } from '@canji/id';
import { createExtractReader, extractDepartments, parseExtractRow, resolveExtractHeaders, type ExtractField } from '../src/extracts/index.js';

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

/**
 * `forColumnValues`: the short path with no record object. For any header and rows it hands over
 * the record of `forColumns` as values by slot when that record comes with nothing to say (no
 * error, no warning), and otherwise gives `forColumns`' result itself; the same rows and notices
 * are counted, in the same order. Its headers read through row objects are exactly those it
 * declines (`undefined`).
 */
describe.each(extractDepartments.map((d) => [d.id, d] as const))('forColumnValues ≡ forColumns: %s', (_id, dept) => {
  const headers = dept.fields.flatMap((f) => [f.key, f.label, ...f.aliases]);
  const cell = fc.oneof(
    fc.constantFrom(...ids, ids[0]!.toLowerCase(), ` ${ids[1]} `, `${ids[2]!.slice(0, 6)}${ids[2]!.slice(8, 17)}`, '430121', '', '　', ' \t'),
    fc.constantFrom('是', '否', '1', '2', '１', '0', '2023年1月', '2023-01', '2023', '1961-02-15', '1962-03-15', '1962/03/15', '2019-06-30', '2019-02-29', '2020-02-29', '男', '女', '1.低保', '低保', '正常', '迁出', 'C级', '1200', ' 张三', '张三 ', '李四'),
    fc.string({ maxLength: 5 }),
    fc.constant(undefined),
  );
  // Values of a field's type, so that rows of the department's own columns mostly read.
  const births = ids.flatMap((id) => [`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, `${id.slice(6, 10)}/${id.slice(10, 12)}/${id.slice(12, 14)}`]);
  const typed = (f: ExtractField): fc.Arbitrary<unknown> => {
    const pool: Record<string, unknown[]> = {
      'resident-id': [...ids, ids[0]!.toLowerCase(), `${ids[2]!.slice(0, 6)}${ids[2]!.slice(8, 17)}`],
      text: ['张三', '李四', ' 张三'],
      'yes-no': ['是', '否', '1', '2', '0'],
      code: (f.codes?.codes ?? []).flatMap((c) => [String(c.code), c.label]),
      sex: ['男', '女', '男'],
      date: [...births, '2019-06-30', '2019-02-29'],
      month: ['2023-01', '2023年1月'],
      period: ['2023-01', '2023年1月', '2023'],
      year: ['2019', '2019年'],
      amount: ['1200', '¥1,200.50'],
    };
    const values = pool[f.type] ?? [];
    return values.length > 0 ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: cell }) : cell;
  };
  const own = fc
    .shuffledSubarray([...dept.fields] as ExtractField[], { minLength: 1 })
    .chain((fields) => fc.tuple(fc.constant(fields.map((f) => f.label)), fc.array(fc.tuple(...fields.map(typed)), { maxLength: 40 })));
  // Any header (rows that mostly do not read), or the department's own columns in any order with values of their types.
  const file = fc
    .array(fc.oneof(fc.constantFrom(...headers), fc.constantFrom('1', '备注', '__proto__'), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 7 })
    .chain((header) => fc.tuple(fc.constant(header), fc.array(fc.array(cell, { minLength: 0, maxLength: header.length + 1 }), { maxLength: 40 })));

  it('gives each row the record, or the result, of forColumns, and counts the same notices', () => {
    fc.assert(
      fc.property(fc.oneof(file, own as fc.Arbitrary<[string[], unknown[][]]>), fc.constantFrom(undefined, '2019-06-30', '1965-01-01'), ([header, rows], asOf) => {
        const opts = asOf ? { asOf } : {};
        const full = createExtractReader(dept, opts);
        const short = createExtractReader(dept, opts);
        const read = full.forColumns(header);
        const values = short.forColumnValues(header);
        if (values === undefined) {
          // Declined: a header forColumns reads through row objects (two equal names, or two columns of one field).
          const twice = resolveExtractHeaders(dept, header).issues.some((i) => i.code === 'EXTRACT_DUPLICATE_COLUMN');
          expect(new Set(header).size < header.length || twice).toBe(true);
          return;
        }
        for (const cells of rows) {
          const a = read(cells);
          const b = values.read(cells);
          if (b === undefined) {
            expect(a.ok).toBe(true);
            expect(a.issues).toEqual([]);
            const entries = values.fields.flatMap((f, s) => (values.values[s] === undefined ? [] : [[f, values.values[s]] as const]));
            expect(entries).toEqual(Object.entries(a.record));
            values.fields.forEach((_f, s) => {
              const m = values.remembered[s];
              if (m !== undefined) expect(m.value).toBe(values.values[s]);
            });
          } else expect(b).toEqual(a);
        }
        expect(short.rows).toBe(full.rows);
        expect(short.notices()).toEqual(full.notices());
      }),
      { numRuns: 250 },
    );
  });
});

describe('forColumnValues', () => {
  it('hands over the values of a row with nothing to say, and remembers each distinct value once', () => {
    const reader = createExtractReader('public-security', { asOf: '2019-06-30' });
    const rows = reader.forColumnValues(['身份证号', '姓名', '户籍状态', '性别', '出生日期'])!;
    const sex = (id: string) => ((id.charCodeAt(16) - 48) % 2 === 1 ? '男' : '女');
    const birth = (id: string) => `${id.slice(6, 10)}/${id.slice(10, 12)}/${id.slice(12, 14)}`;
    expect(rows.fields).toEqual(['resident_id', 'name', 'registration_status', 'sex', 'birth_date']);
    expect(rows.read([ids[0]!, '张三', '正常', sex(ids[0]!), birth(ids[0]!)])).toBeUndefined();
    expect(rows.values).toEqual([ids[0], '张三', 1, 'male', '1960-01-15']);
    const status = rows.remembered[2];
    expect(rows.read([ids[1]!, '李四', '正常', sex(ids[1]!), birth(ids[1]!)])).toBeUndefined();
    expect(rows.remembered[2]).toBe(status);
    // A birth date that is not the ID's: a warning, so the row comes back as forColumns reads it.
    const r = rows.read([ids[2]!, '王五', '正常', sex(ids[2]!), '1990-01-01']);
    expect(r).toMatchObject({ ok: true, issues: [{ code: 'EXTRACT_ID_DISAGREES', field: 'birth_date' }] });
    expect(rows.read(['4301211960', '赵六', '正常', '男', ''])).toMatchObject({ ok: false, issues: [{ code: 'EXTRACT_INVALID_ID' }] });
    expect(reader.rows).toBe(4);
    expect(reader.notices().find((n) => n.code === 'EXTRACT_VALUE_NORMALISED' && n.field === 'birth_date')).toMatchObject({ count: 2 });
  });
});
