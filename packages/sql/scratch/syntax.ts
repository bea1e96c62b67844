import { SparkSQL, PostgreSQL } from 'dt-sql-parser';
import { consistencyRules, crossCheckRules, batchRules } from '@canji/rules';
import { DEPARTMENT_IDS } from '@canji/form';
import { compileRulesToSql, renderSqlScript } from '../src/index.ts';
const rules = [...consistencyRules('2017'), ...crossCheckRules('2017'), ...batchRules()];
for (const [name, P] of [['spark', SparkSQL], ['postgres', PostgreSQL]] as const) {
  const q = compileRulesToSql(rules, { dialect: name, departments: DEPARTMENT_IDS });
  const t = Date.now();
  const errs = new P().validate(renderSqlScript(q));
  console.log(name, Date.now() - t, 'ms', q.sql.length, 'chars', JSON.stringify(errs.slice(0, 3)));
  const q2 = compileRulesToSql(rules, { dialect: name });
  console.log(name, 'no ref', JSON.stringify(new P().validate(q2.sql).slice(0, 3)));
}
