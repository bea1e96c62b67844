/**
 * Spark SQL, the distributed dialect: the generated indicator script parses with dt-sql-parser's
 * grammar of Spark SQL 3.x (no Spark cluster here). The grammar's parser builds its tables on the
 * first statement (~15 s on a loaded machine), hence the longer timeout.
 */
import { describe, expect, it } from 'vitest';
import { SparkSQL } from 'dt-sql-parser';
import { PERSON_INDICATORS, PERSON_INDICATORS_2021 } from '@canji/indicators';
import { compileIndicatorsToSql, renderIndicatorSqlScript } from '../src/index.js';

describe('the generated SQL in each dialect', () => {
  it('Spark SQL: the indicator script of both form versions parses with the Spark SQL grammar (grouping sets, facts, department joins)', () => {
    // One indicator of each kind (the grammar's parser is slow on the whole set's 200 kB): a renumbered
    // 2017 definition with an age band and the region roll-up, a department-sourced one with its join.
    const spark = new SparkSQL();
    const cases = [
      compileIndicatorsToSql({ asOf: '2021-06-30', formVersion: '2021', indicators: [PERSON_INDICATORS.employmentRate], by: ['county', 'sex', 'age'], dialect: 'spark' }),
      compileIndicatorsToSql({ asOf: '2021-06-30', formVersion: '2021', indicators: [PERSON_INDICATORS_2021.nursingSubsidyCoverage], by: ['level'], dialect: 'spark', departments: ['civil-affairs'] }),
    ];
    for (const q of cases) {
      expect(q.sql).toContain('GROUP BY GROUPING SETS');
      expect(q.indicators.length).toBe(1);
      expect(spark.validate(renderIndicatorSqlScript(q))).toEqual([]);
    }
    expect(cases[1]!.departments).toEqual(['civil-affairs']);
    expect(spark.validate('SELECT a FROM t GROUP BY GROUPING SETS ((a), (').length).toBeGreaterThan(0);
  }, 240_000);

  it('the script header says what is read, which indicators are compiled and what is left out (zh-CN)', () => {
    const q = compileIndicatorsToSql({ asOf: '2021-06-30', formVersion: '2021', by: ['county'], dialect: 'postgres' });
    const text = renderIndicatorSqlScript(q, { generator: 'canji 0.1.0' });
    expect(text.split('\n')[0]).toMatch(/^-- canji 0\.1\.0 · @canji\/sql .*：动态更新统计指标的 SQL（PostgreSQL 15）$/);
    expect(text).toContain('未计算 6 个（没有所需部门的数据表）');
    expect(text).toContain('GROUPING SETS');
  });
});
