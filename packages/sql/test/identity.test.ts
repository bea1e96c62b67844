/**
 * The facts the rules read, derived in SQL, equal `recordFacts` of `@canji/rules` on the record
 * `fromFlatRow` reads from the same flat cells — for ID and certificate numbers in every form
 * offices meet (lower-case x, full-width digits, spaces and hyphens, spreadsheet text markers,
 * 15-digit numbers, wrong check characters, scientific notation) and birth dates valid or not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalResidentId, dateNumber, parseDisabilityCertificateNo, residentIdCheckCharacter } from '@canji/id';
import { fromFlatRow } from '@canji/form';
import { recordFacts } from '@canji/rules';
import { DuckDbEngine, compileFactsToSql, sqlDialect } from '../src/index.js';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open();
});
afterAll(() => engine.close());

const REGIONS = ['430121', '110105', '650102', '810000', '820000', '830000', '810100', '380000', '000000', '990000', '911000', '715000'];
const FULL = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** An 18-character number: a region, a birth date (valid or not), a sequence, the right or a wrong check character. */
const id18 = fc
  .record({
    region: fc.constantFrom(...REGIONS),
    y: fc.oneof(fc.integer({ min: 1900, max: 2020 }), fc.constantFrom(1799, 1800, 2100, 2101)),
    m: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    seq: fc.integer({ min: 0, max: 999 }),
    wrong: fc.integer({ min: 0, max: 11 }),
  })
  .map(({ region, y, m, d, seq, wrong }) => {
    const first17 = `${region}${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
    const right = residentIdCheckCharacter(first17);
    return first17 + (wrong < 9 ? right : '0123456789X'[wrong - 1]!);
  });

/** The same number as offices write it. */
const messy = (s: string) =>
  fc.constantFrom(
    s,
    s.toLowerCase(),
    FULL(s),
    ` ${s}\u3000`,
    `${s.slice(0, 6)} ${s.slice(6, 14)}-${s.slice(14)}`,
    `="${s}"`,
    `'${s}`,
    `＝＂${s}＂`,
    `\u2003${s}`,
    `${s.slice(0, 6)}\u200b${s.slice(6)}`,
    `${s.slice(0, 6)}${s.slice(8, 17)}`, // 15 digits
    `${s.slice(0, 6)}\u2003${s.slice(6)}`, // a space JavaScript trims but does not delete inside
    `="${s}\n"`,
    s.slice(0, 17),
    '4.30121E+17',
    '',
    '   ',
  );

const idCell = id18.chain(messy);
const certCell = fc
  .tuple(id18, fc.constantFrom('11', '42', '79', '83', '19', '99', '42B1', '42B0', '42b2', '7'))
  .chain(([id, tail]) => messy(`${id}${tail}`).map((c) => (c.length >= 17 && !c.startsWith('=') && !c.startsWith("'") ? c : `${id}${tail}`)));
const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((t) => t.toISOString().slice(0, 10));
/** Birth-date cells as the flat layout holds them (other date forms, `2017/06/30`, are `fromFlatRow`'s to rewrite). */
const dateCell = fc.oneof(isoDate, fc.constantFrom('2019-02-29', '2020-02-29', '2019-13-01', '2019-04-31', ' 2017-06-30\u3000', '', '   ', 'NULL', '-'));
/** Every form `dateNumber` reads, and others. */
const dateText = fc.oneof(isoDate, fc.constantFrom('2019-02-29', '2020-02-29', '2019-13-01', '20170630', '2017-0630', '201706-30', ' 2017-06-30', '2017/06/30', '', '   '));

describe('resident ID and certificate number in SQL', () => {
  it('the canonical resident ID is canonicalResidentId of @canji/id (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(idCell, { minLength: 1, maxLength: 150 }), async (cells) => {
        await engine.loadRecords(cells.map((c) => ({ resident_id: c })));
        const facts = await engine.facts();
        expect(facts.map((f) => f.id)).toEqual(cells.map((c) => (c.trim() === '' ? undefined : canonicalResidentId(c))));
      }),
      { numRuns: 10 },
    );
  });

  it("a certificate number's ID part, category and level are parseDisabilityCertificateNo's (level 9 allowed) (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(certCell, { minLength: 1, maxLength: 150 }), async (cells) => {
        await engine.loadRecords(cells.map((c) => ({ certificate_no: c })));
        const facts = await engine.facts();
        const want = cells.map((c) => {
          const r = parseDisabilityCertificateNo(c, { allowUnknownLevel: true });
          return r.ok ? { certId: r.value.residentId.id, certCategory: r.value.category, certLevel: r.value.level } : { certId: undefined, certCategory: undefined, certLevel: undefined };
        });
        expect(facts.map((f) => ({ certId: f.certId, certCategory: f.certCategory, certLevel: f.certLevel }))).toEqual(want);
      }),
      { numRuns: 10 },
    );
  });

  it('every fact equals recordFacts on the record fromFlatRow reads from the same cells (property)', async () => {
    const row = fc.record(
      {
        resident_id: idCell,
        certificate_no: certCell,
        birth_date: dateCell,
        reference_date: fc.constantFrom('2017-06-30', '2019-06-30', '2019-02-29', ''),
        disability_category: fc.constantFrom('', '1', '4', '7', '9', '12', 'x'),
        disability_level: fc.constantFrom('', '1', '2', '4', '9'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 120 }), fc.option(fc.constantFrom('2019-06-30', '2017-06-30', 'bad'), { nil: undefined }), async (rows, referenceDate) => {
        await engine.loadRecords(rows);
        const facts = await engine.facts(referenceDate === undefined ? {} : { referenceDate });
        const want = rows.map((r) => {
          const f = recordFacts(fromFlatRow(r).record, referenceDate === undefined ? {} : { referenceDate });
          return { id: f.id, certId: f.certId, certCategory: f.certCategory, certLevel: f.certLevel, birthDate: f.birthDate, idBirthDate: f.idBirthDate, idSex: f.idSex, age: f.age, category: f.category, level: f.level };
        });
        expect(facts).toEqual(want);
      }),
      { numRuns: 12 },
    );
  });

  it('reads the forms of a date dateNumber of @canji/id reads, and only those (property)', async () => {
    const d = sqlDialect('duckdb');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(dateText, fc.string({ maxLength: 11 })), { minLength: 1, maxLength: 80 }), async (cells) => {
        const values = cells.map((c) => `(${d.text(c)})`).join(', ');
        const rows = await engine.query(`SELECT ${d.dateNumber('x')} FROM (VALUES ${values}) AS t(x)`);
        expect(rows.map((r) => r[0] ?? undefined)).toEqual(cells.map((c) => dateNumber(c)));
      }),
      { numRuns: 15 },
    );
  });

  it('the check character is the MOD 11-2 character of GB 11643 in every dialect (the standard\'s example)', () => {
    // GB 11643-1999 §5.2's example: 11010519491231002 → X.
    for (const name of ['duckdb', 'postgres', 'spark'] as const) expect(sqlDialect(name).checkCharacter('n')).toContain("'10X98765432'");
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
  });

  it("computes the GB 11643 example's check character in DuckDB", async () => {
    const d = sqlDialect('duckdb');
    const [[c]] = (await engine.query(`SELECT ${d.checkCharacter(d.toBigInt(d.text('11010519491231002')))}`)) as [[string]];
    expect(c).toBe('X');
  });

  it('the facts query is generated for every dialect', () => {
    for (const dialect of ['duckdb', 'postgres', 'spark'] as const) {
      const q = compileFactsToSql({ dialect, referenceDate: '2019-06-30' });
      expect(q.columns).toEqual(['$age', '$category', '$level', '$birthDate', '$idSex', '$idBirthDate', '$certCategory', '$certLevel', '$id', '$certId']);
      expect(q.sql.startsWith('WITH')).toBe(true);
    }
  });
});
