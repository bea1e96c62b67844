/**
 * Spark SQL, the distributed dialect: the generated findings script is valid Spark SQL (parsed by
 * dt-sql-parser's grammar of Spark SQL 3.x; no Spark cluster here).
 */
import { describe, expect, it } from 'vitest';
import { SparkSQL } from 'dt-sql-parser';
import { consistencyRules, crossCheckRules } from '@canji/rules';
import { compileRulesToSql, renderSqlScript } from '../src/index.js';

describe('generated for Spark SQL', () => {
  it('Spark SQL: the findings script parses with the Spark SQL grammar (both merges, lists, facts)', () => {
    const rules = [...consistencyRules('2021'), ...crossCheckRules('2021')];
    const q = compileRulesToSql(rules, { dialect: 'spark', formVersion: '2021', departments: ['civil-affairs', 'housing'], referenceDate: '2021-06-30' });
    expect(q.departments).toEqual(['civil-affairs', 'housing']);
    const spark = new SparkSQL();
    expect(spark.validate(renderSqlScript(q))).toEqual([]);
    expect(spark.validate('SELECT FROM WHERE').length).toBeGreaterThan(0);
  });

});
