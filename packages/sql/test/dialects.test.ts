/**
 * The three dialects: what differs is written by the dialect (quoting, literals, regular
 * expressions …), and what is generated for each engine is valid there — run in DuckDB, parsed by
 * PostgreSQL 15's own parser (libpg_query); the Spark SQL grammar check is in spark.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parsePostgres } from 'libpg-query';
import { DEPARTMENT_IDS } from '@canji/form';
import { batchRules, consistencyRules, crossCheckRules } from '@canji/rules';
import { DuckDbEngine, SQL_DIALECT_NAMES, compileConditionsToSql, compileFactsToSql, compileRulesToSql, isSqlDialectName, renderSqlScript, sqlDialect } from '../src/index.js';

describe('what differs, per dialect', () => {
  it('quotes identifiers and writes boolean literals', () => {
    expect(SQL_DIALECT_NAMES.map((n) => sqlDialect(n).ident('r16_2'))).toEqual(['"r16_2"', '"r16_2"', '`r16_2`']);
    expect(sqlDialect('postgres').ident('a"b')).toBe('"a""b"');
    expect(sqlDialect('spark').ident('a`b')).toBe('`a``b`');
    expect(sqlDialect('duckdb').tableName('ods.canji_records')).toBe('"ods"."canji_records"');
    expect(SQL_DIALECT_NAMES.map((n) => [sqlDialect(n).bool(true), sqlDialect(n).bool(false)])).toEqual([
      ['TRUE', 'FALSE'],
      ['TRUE', 'FALSE'],
      ['TRUE', 'FALSE'],
    ]);
  });

  it('writes string literals the engine reads back exactly: quotes doubled (Spark: backslash-escaped), invisible characters escaped', () => {
    expect(sqlDialect('duckdb').text("it's")).toBe("'it''s'");
    expect(sqlDialect('postgres').text("it's")).toBe("'it''s'");
    expect(sqlDialect('spark').text("it's \\N")).toBe("'it\\'s \\\\N'");
    expect(sqlDialect('duckdb').text('a\u3000b')).toBe("('a' || chr(12288) || 'b')");
    expect(sqlDialect('postgres').text('a\u3000b')).toBe("U&'a\\3000b'");
    expect(sqlDialect('spark').text('a\u3000b')).toBe("'a\\u3000b'");
  });

  it('regular expressions, integer division, the age at a date and list membership are the dialect’s', () => {
    expect(sqlDialect('duckdb').regexMatch('x', '^[0-9]+$')).toBe("regexp_matches(x, '^[0-9]+$')");
    expect(sqlDialect('postgres').regexMatch('x', '^[0-9]+$')).toBe("(x ~ '^[0-9]+$')");
    expect(sqlDialect('spark').regexMatch('x', '^[0-9]+$')).toBe("(x RLIKE '^[0-9]+$')");
    expect(SQL_DIALECT_NAMES.map((n) => sqlDialect(n).ageInYears('b', 'r'))).toEqual(['((r - b) // 10000)', '((r - b) / 10000)', '((r - b) DIV 10000)']);
    expect(sqlDialect('postgres').listContains('x', 3)).toBe("('3' = ANY (string_to_array(x, ',')))");
    expect(sqlDialect('spark').listContains('x', 3)).toBe("array_contains(split(x, ','), '3')");
  });

  it('PostgreSQL stages are fenced (OFFSET 0) so the planner does not copy a stage’s expressions into every reader', () => {
    // Without the fence PostgreSQL 15 pulled the dozen ID-normalisation stages into one another and
    // ran out of memory on a 4 000-record batch (found running the script on a real server).
    const pg = compileFactsToSql({ dialect: 'postgres' }).sql;
    const stages = pg.match(/\n  FROM canji_r\d+( OFFSET 0)?\n\)/g) ?? [];
    expect(stages.length).toBeGreaterThan(10);
    expect(stages.every((s) => s.includes(' OFFSET 0'))).toBe(true);
    expect(compileFactsToSql({ dialect: 'duckdb' }).sql).not.toContain('OFFSET 0');
  });

  it('isSqlDialectName names exactly the three dialects', () => {
    expect(SQL_DIALECT_NAMES.every(isSqlDialectName)).toBe(true);
    expect([isSqlDialectName('trino'), isSqlDialectName('mysql'), isSqlDialectName(1)]).toEqual([false, false, false]);
  });

  it('a DuckDB literal reads back as the string it was made from (property)', async () => {
    const engine = await DuckDbEngine.open();
    try {
      const d = sqlDialect('duckdb');
      await fc.assert(
        fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 1, maxLength: 40 }), async (strings) => {
          const ok = strings.filter((s) => !/[\ud800-\udfff]/.test(s) && !s.includes('\u0000'));
          if (ok.length === 0) return;
          const rows = await engine.query(`SELECT ${ok.map((s, i) => `${d.text(s)} AS c${i}`).join(', ')}`);
          expect(rows[0]).toEqual(ok);
        }),
        { numRuns: 30 },
      );
    } finally {
      engine.close();
    }
  });
});

describe('generated for each engine', () => {
  const all = [...consistencyRules('2017'), ...crossCheckRules('2017'), ...batchRules()];

  it('PostgreSQL 15: the findings script, the conditions and the facts queries parse with PostgreSQL’s own parser', async () => {
    for (const referenceDate of [undefined, '2019-06-30']) {
      const q = compileRulesToSql(all, { dialect: 'postgres', departments: DEPARTMENT_IDS, ...(referenceDate ? { referenceDate } : {}) });
      const ast = (await parsePostgres(renderSqlScript(q, { generator: 'test' }))) as { stmts: unknown[] };
      expect(ast.stmts).toHaveLength(1);
    }
    await parsePostgres(compileConditionsToSql([{ item: 'r27', includes: 1 }, { dept: 'benefits', includesAny: [2, 3] }], { dialect: 'postgres', department: 'civil-affairs' }).sql);
    await parsePostgres(compileFactsToSql({ dialect: 'postgres' }).sql);
    await expect(parsePostgres('SELECT FROM WHERE')).rejects.toThrow();
  });

  it('DuckDB: the script runs as printed (header comments and all)', async () => {
    const engine = await DuckDbEngine.open();
    try {
      await engine.loadRecords([{ region_code: '430121001001', resident_id: '11010519491231002X', r13: 7, reference_date: '2017-06-30' }]);
      const q = compileRulesToSql(all, { dialect: 'duckdb' });
      const rows = await engine.query(renderSqlScript(q).replace(/;\n$/, ''));
      expect(rows).toEqual([]);
    } finally {
      engine.close();
    }
  });
});
