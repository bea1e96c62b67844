/**
 * Independent computation: the same indicators written as plain SQL (SQLite, via sql.js) over the
 * same synthetic records must give the same numerators, denominators, missing counts, values and
 * Wilson bounds — equal to the last digit, for several indicators and breakdowns. The SQL is written
 * from the indicators' zh-CN descriptions, not from the TypeScript predicates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import initSqlJs, { type Database } from 'sql.js';
import { synthesizePersons } from '@canji/synth';
import { BUILTIN_PERSON_INDICATORS, computeIndicators, type Dimension, type PersonRecordLike } from '@canji/indicators';
import { AS_OF, generatePersons } from './fixtures.js';

// Two data sets: the test generator (with unanswered items and unknown groups on purpose) and
// @canji/synth's valid records over the whole province.
const DATASETS: [string, () => PersonRecordLike[], string][] = [
  ['test generator, 4000 records with gaps', () => generatePersons(4000, 2026), AS_OF],
  ['@canji/synth, 4000 records in Changsha', () => [...synthesizePersons({ seed: 2026, count: 4000, region: '4301' })], '2019-06-30'],
];
const SINGLE = ['person_status', 'collection_mode', 'collection_channel', 'disability_category', 'disability_level', 'r3', 'r7', 'r11', 'r14', 'r15', 'r16', 'r19', 'r23', 'r24', 'r25', 'r26', 'r29', 'r30', 'r31', 'r38', 'r40'];
const MULTI = ['r22', 'r27', 'r28', 'r35', 'r37', 'r39'];
const TEXT = ['region_code', 'resident_id', 'certificate_no', 'sex', 'birth_date'];

describe.each(DATASETS)('independent computation in SQL (sql.js / SQLite): %s', (_name, make, asOf) => {
  let db: Database;
  const RECORDS = make();

  beforeAll(async () => {
    // Native SQLite math functions (sqrt), not sql.js's deprecated extension functions.
    const SQL = await initSqlJs({ useOldExtensionFunctions: false } as Parameters<typeof initSqlJs>[0]);
    db = new SQL.Database();
    const cols = [...TEXT, ...SINGLE, ...MULTI];
    db.run(`CREATE TABLE persons (${[...TEXT.map((c) => `${c} TEXT`), ...SINGLE.map((c) => `${c} INTEGER`), ...MULTI.map((c) => `${c} TEXT`)].join(', ')})`);
    const stmt = db.prepare(`INSERT INTO persons VALUES (${cols.map(() => '?').join(', ')})`);
    db.run('BEGIN');
    for (const r of RECORDS as Record<string, unknown>[]) {
      // Multiple choice stored the way a flat export often does: ',1,3,' (so LIKE '%,3,%' tests a code).
      stmt.run(cols.map((c) => (r[c] === undefined ? null : Array.isArray(r[c]) ? `,${(r[c] as number[]).join(',')},` : (r[c] as string | number))));
    }
    db.run('COMMIT');
    stmt.free();
    db.run(`CREATE VIEW d AS SELECT *,
        COALESCE(birth_date, substr(resident_id, 7, 4) || '-' || substr(resident_id, 11, 2) || '-' || substr(resident_id, 13, 2)) AS bd,
        COALESCE(sex, CASE WHEN CAST(substr(resident_id, 17, 1) AS INTEGER) % 2 = 1 THEN 'male' ELSE 'female' END) AS sx,
        COALESCE(disability_category, CAST(substr(certificate_no, 19, 1) AS INTEGER)) AS cat,
        COALESCE(disability_level, CAST(substr(certificate_no, 20, 1) AS INTEGER)) AS lvl,
        substr(region_code, 1, 4) || '00' AS city,
        substr(region_code, 1, 6) AS county,
        substr(region_code, 1, 9) || '000' AS township
      FROM persons`);
    db.run(`CREATE VIEW p AS SELECT *,
        ${asOf.slice(0, 4)} - CAST(substr(bd, 1, 4) AS INTEGER) - (CASE WHEN substr(bd, 6, 5) > '${asOf.slice(5)}' THEN 1 ELSE 0 END) AS age,
        (r7 IS NULL OR r7 <> 1) AS not_inst
      FROM d`);
  });

  /** num / den / missing per group, plus value and Wilson bounds, all computed in SQL. */
  function sqlRows(groupCols: string[], base: string, answered: string, numerator: string): Map<string, number[]> {
    const g = groupCols.join(', ');
    const z = '1.959963984540054';
    const q = `
      WITH c AS (
        SELECT ${g ? g + ',' : ''}
          SUM(CASE WHEN (${answered}) AND (${numerator}) THEN 1 ELSE 0 END) AS x,
          SUM(CASE WHEN (${answered}) THEN 1 ELSE 0 END) AS n,
          SUM(CASE WHEN (${answered}) THEN 0 ELSE 1 END) AS miss
        FROM p WHERE ${base} ${g ? 'GROUP BY ' + g : ''}
      ), w AS (
        SELECT *, x * 1.0 / n AS pr, ${z} * ${z} AS z2 FROM c WHERE n > 0
      ), w2 AS (
        SELECT *, (pr + z2 / (2 * n)) / (1 + z2 / n) AS centre, (${z} / (1 + z2 / n)) * sqrt((pr * (1 - pr)) / n + z2 / (4 * n * n)) AS half FROM w
      )
      SELECT ${g ? g + ',' : ''} x, n, miss, (x * 100) * 1.0 / n AS value,
        CASE WHEN x = 0 THEN 0 ELSE max(0, centre - half) END * 100 AS lo,
        CASE WHEN x = n THEN 1 ELSE min(1, centre + half) END * 100 AS hi
      FROM w2`;
    const out = new Map<string, number[]>();
    for (const row of db.exec(q)[0]?.values ?? []) {
      const key = JSON.stringify(row.slice(0, groupCols.length));
      out.set(key, row.slice(groupCols.length) as number[]);
    }
    return out;
  }

  const JS_GROUP: Record<string, string> = { city: 'region', county: 'region', township: 'region', cat: 'category', lvl: 'level', sx: 'sex' };
  const BY_NAME: Record<string, string> = { city: 'prefecture', county: 'county', township: 'township', cat: 'category', lvl: 'level', sx: 'sex' };

  /**
   * Compares the SQL groups with the calculator's rows. `computeBy` lets the calculator work at a
   * finer breakdown, so the compared rows are its roll-ups (e.g. cities recomputed from villages).
   */
  function expectSame(indicator: string, groupCols: string[], sql: Map<string, number[]>, computeBy?: Dimension[]): void {
    const ind = BUILTIN_PERSON_INDICATORS.find((i) => i.id === indicator)!;
    const js = computeIndicators(RECORDS, { indicators: [ind], by: computeBy ?? groupCols.map((c) => BY_NAME[c] as Dimension), asOf });
    expect(js.checks.ok).toBe(true);
    const by = groupCols.map((c) => BY_NAME[c]!).join();
    const rows = js.rows.filter((r) => r.indicator === indicator && r.by.join() === by && r.denominator > 0);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBe(sql.size);
    for (const r of rows) {
      const key = JSON.stringify(groupCols.map((c) => r.group[JS_GROUP[c]!]));
      // toEqual on numbers is exact: the value and both bounds agree to the last binary digit.
      expect([r.numerator, r.denominator, r.missing, r.value, r.ciLower, r.ciUpper], `${indicator} ${key}`).toEqual(sql.get(key));
    }
  }

  it('uses enough data for the comparison to mean something', () => {
    expect(RECORDS.length).toBe(4000);
    expect(db.exec('SELECT COUNT(*) FROM p WHERE person_status = 6')[0]!.values[0]![0]).toBeGreaterThan(3000);
  });

  it('employment-rate by county × sex', () => {
    const sql = sqlRows(['county', 'sx'], 'person_status = 6 AND not_inst AND age BETWEEN 16 AND 59', 'r16 IN (1, 2)', 'r16 = 1');
    expectSame('employment-rate', ['county', 'sx'], sql);
  });

  it('residents-pension-coverage by category', () => {
    const sql = sqlRows(['cat'], "person_status = 6 AND age >= 16 AND (r19 IS NULL OR r19 <> 1) AND (r22 IS NULL OR r22 NOT LIKE '%,1,%')", 'r23 IN (1, 2)', 'r23 = 1');
    expectSame('residents-pension-coverage', ['cat'], sql, ['category', 'level', 'hukou']);
  });

  it('living-subsidy-coverage by city, and overall', () => {
    const base = "person_status = 6 AND r27 LIKE '%,1,%' AND r27 NOT LIKE '%,2,%'";
    expectSame('living-subsidy-coverage', ['city'], sqlRows(['city'], base, 'r28 IS NOT NULL', "r28 LIKE '%,1,%'"));
    expectSame('living-subsidy-coverage', [], sqlRows([], base, 'r28 IS NOT NULL', "r28 LIKE '%,1,%'"));
  });

  it('nursing-subsidy-coverage by level × sex', () => {
    const sql = sqlRows(['lvl', 'sx'], "person_status = 6 AND lvl IN (1, 2) AND (r27 IS NULL OR r27 NOT LIKE '%,2,%')", 'r28 IS NOT NULL', "r28 LIKE '%,2,%'");
    expectSame('nursing-subsidy-coverage', ['lvl', 'sx'], sql);
  });

  it('compulsory-education-enrollment by county', () => {
    const sql = sqlRows(['county'], 'person_status = 6 AND age BETWEEN 6 AND 14', 'r14 IS NOT NULL OR r15 IS NOT NULL', 'r14 BETWEEN 1 AND 12');
    expectSame('compulsory-education-enrollment', ['county'], sql, ['township', 'age']);
  });

  it('rehabilitation-coverage by sex × level × category', () => {
    const need = "(r35 LIKE '%,1,%' OR r35 LIKE '%,2,%' OR r35 LIKE '%,3,%' OR r35 LIKE '%,4,%' OR r35 LIKE '%,5,%')";
    const need2 = need.replaceAll('r35', 'r37');
    const sql = sqlRows(['cat', 'lvl', 'sx'], `person_status = 6 AND (${need} OR ${need2})`, 'r35 IS NOT NULL AND r37 IS NOT NULL', need);
    expectSame('rehabilitation-coverage', ['cat', 'lvl', 'sx'], sql);
  });

  it('household-visit-rate by township (records without a mode stay in the denominator)', () => {
    const sql = sqlRows(['township'], '1 = 1', '1 = 1', 'collection_mode IS NOT NULL AND collection_mode = 1');
    expectSame('household-visit-rate', ['township'], sql);
  });

  it('dangerous-house-rate by county × category', () => {
    const sql = sqlRows(['county', 'cat'], 'person_status = 6 AND r3 = 1 AND not_inst', 'r11 BETWEEN 1 AND 3', 'r11 = 2');
    expectSame('dangerous-house-rate', ['county', 'cat'], sql);
  });
});
