import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId } from '@canji/id';
import { extractDepartments, parseExtractRow, type ExtractField } from '../src/extracts/index.js';

// Laws that hold for every department and every record: a canonical record reads back unchanged
// with no issue; any header and any loose spelling gives the same record with exactly one
// normalisation reported per changed value; no row, however wrong, throws or loses a value silently.

const pad = (n: number) => String(n).padStart(2, '0');
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const dateParts = fc.record({ y: fc.integer({ min: 1930, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) });
const residentIdArb = fc
  .record({ p: dateParts, female: fc.boolean(), seq: fc.integer({ min: 0, max: 499 }), region: fc.constantFrom('110105', '430104', '440305', '510107') })
  .map(({ p, female, seq, region }) =>
    makeResidentId({ regionCode: region, birthDate: `${p.y}-${pad(p.m)}-${pad(p.d)}`, sex: female ? 'female' : 'male', sequence: seq * 2 + (female ? 0 : 1) }),
  );

/** A canonical value of the field, and the loose spellings a department's file may hold for it. */
function valueArb(field: ExtractField): fc.Arbitrary<{ value: unknown; spellings: unknown[] }> {
  switch (field.type) {
    case 'resident-id':
      return residentIdArb.map((id) => ({ value: id, spellings: [id, ` ${id} `, id.toLowerCase(), fullWidth(id)] }));
    case 'text':
      return fc.constantFrom('测试甲', '样例学校', '三年级', '样例路1号').map((t) => ({ value: t, spellings: [t, ` ${t}`, `${t}　`] }));
    case 'yes-no':
      return fc.constantFrom(1, 2).map((v) => ({
        value: v,
        spellings: v === 1 ? [1, '1', '是', 'Y', 'yes', '１', true, '1.是', '有'] : [2, '2', '否', 'N', 'no', '0', 0, false, '2、否', '无'],
      }));
    case 'code':
      return fc.constantFrom(...field.codes!.codes).map((c) => ({
        value: c.code,
        spellings: [c.code, String(c.code), fullWidth(String(c.code)), c.label, ...(c.aliases ?? []), `${c.code}.${c.label}`, `${c.code} ${c.label}`],
      }));
    case 'sex':
      return fc.constantFrom('male', 'female').map((v) => ({ value: v, spellings: v === 'male' ? ['male', '男', 'M', '1', 1] : ['female', '女', 'F', 'f', '2'] }));
    case 'date':
      return dateParts.map(({ y, m, d }) => {
        const v = `${y}-${pad(m)}-${pad(d)}`;
        const serial = (Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / 86_400_000;
        return { value: v, spellings: [v, `${y}/${m}/${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, `${y}${pad(m)}${pad(d)}`, `${v} 00:00:00`, fullWidth(v), serial] };
      });
    case 'month':
    case 'period':
      return fc.record({ p: dateParts, byYear: fc.boolean() }).map(({ p: { y, m }, byYear }) =>
        byYear && field.type === 'period'
          ? { value: String(y), spellings: [String(y), y, `${y}年`, `${y}年度`, fullWidth(String(y))] }
          : { value: `${y}-${pad(m)}`, spellings: [`${y}-${pad(m)}`, `${y}-${m}`, `${y}/${m}`, `${y}.${pad(m)}`, `${y}年${m}月`, `${y}${pad(m)}`, fullWidth(`${y}-${m}`)] },
      );
    case 'year':
      return fc.integer({ min: 1950, max: 2030 }).map((y) => ({ value: y, spellings: [y, String(y), `${y}年`, fullWidth(String(y))] }));
    case 'amount':
      return fc.integer({ min: 0, max: 99_999_999 }).map((cents) => {
        const v = cents / 100;
        const [int, frac] = String(v).split('.');
        const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
        return { value: v, spellings: [v, String(v), `${v}元`, `¥${v}`, grouped, fullWidth(String(v))] };
      });
  }
}

type Cell = { field: ExtractField; value: unknown; spellings: unknown[] };

/** A record of the department: required fields always, optional ones sometimes. */
function recordArb(fields: readonly ExtractField[]): fc.Arbitrary<Cell[]> {
  return fc
    .tuple(...fields.map((f) => fc.record({ present: f.required ? fc.constant(true) : fc.boolean(), v: valueArb(f) })))
    .map((cells) => cells.flatMap((c, i) => (c.present ? [{ field: fields[i]!, ...c.v }] : [])));
}

describe.each(extractDepartments.map((d) => [d.id, d] as const))('extract laws: %s', (_id, dept) => {
  it('a canonical record with machine headers reads back unchanged, with no issue, and fits the schema', () => {
    fc.assert(
      fc.property(recordArb(dept.fields), (cells) => {
        const row = Object.fromEntries(cells.map((c) => [c.field.key, c.value]));
        const r = parseExtractRow(dept, row);
        // only the data-dependent warnings (sex/birth date vs the ID, an event without a date) may remain
        expect(r.issues.filter((i) => i.severity !== 'warning')).toEqual([]);
        expect(r.record).toEqual(row);
        expect(dept.schema.safeParse(r.record).success).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('any header and any loose spelling gives the same record, each change reported once', () => {
    const arb = recordArb(dept.fields).chain((cells) =>
      fc.tuple(
        fc.constant(cells),
        fc.tuple(...cells.map((c) => fc.constantFrom(c.field.key, c.field.label, ...c.field.aliases))),
        fc.tuple(...cells.map((c) => fc.constantFrom(...c.spellings))),
      ),
    );
    fc.assert(
      fc.property(arb, ([cells, headers, spellings]) => {
        const row = Object.fromEntries(cells.map((c, i) => [headers[i], spellings[i]]));
        const r = parseExtractRow(dept, row);
        expect(r.ok).toBe(true);
        expect(r.record).toEqual(Object.fromEntries(cells.map((c) => [c.field.key, c.value])));
        cells.forEach((c, i) => {
          const changes = r.issues.filter((x) => x.field === c.field.key && (x.code === 'EXTRACT_VALUE_NORMALISED' || x.code === 'EXTRACT_ID_NORMALISED'));
          expect(changes.length, `${c.field.key}: ${String(spellings[i])}`).toBe(String(spellings[i]) === String(c.value) ? 0 : 1);
          const aliases = r.issues.filter((x) => x.code === 'EXTRACT_HEADER_ALIAS' && x.column === headers[i]);
          expect(aliases.length).toBe(headers[i] === c.field.key ? 0 : 1);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('never throws on arbitrary rows, and never loses a value silently', () => {
    const headerArb = fc.oneof(fc.constantFrom(...dept.fields.flatMap((f) => [f.key, f.label, ...f.aliases])), fc.string({ maxLength: 6 }));
    const valueArbAny = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom('是', '2023年13月', '1.低保', '４３０'));
    fc.assert(
      fc.property(fc.dictionary(headerArb, valueArbAny, { maxKeys: 8 }), (row) => {
        const r = parseExtractRow(dept, row);
        expect(r.ok).toBe(!r.issues.some((i) => i.severity === 'error'));
        for (const [column, raw] of Object.entries(row)) {
          if (raw === null || (typeof raw === 'string' && raw.replace(/[\s\u3000]/g, '') === '')) continue;
          const accounted =
            column in r.extra || r.issues.some((i) => i.column === column) || (column in r.record && String(r.record[column as keyof typeof r.record]) === String(raw));
          expect(accounted, `${column}: ${String(raw)}`).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
