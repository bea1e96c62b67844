import { SparkSQL } from 'dt-sql-parser';
import { consistencyRules, crossCheckRules } from '@canji/rules';
import { compileFactsToSql, compileRulesToSql } from '../src/index.ts';
const s = new SparkSQL();
let t = Date.now(); s.validate('SELECT 1'); console.log('warm', Date.now() - t);
t = Date.now(); s.validate(compileFactsToSql({ dialect: 'spark' }).sql); console.log('facts', Date.now() - t, compileFactsToSql({ dialect: 'spark' }).sql.length);
t = Date.now(); s.validate(compileFactsToSql({ dialect: 'spark' }).sql); console.log('facts again', Date.now() - t);
const q = compileRulesToSql([...consistencyRules('2021'), ...crossCheckRules('2021')], { dialect: 'spark', formVersion: '2021', departments: ['civil-affairs', 'housing'] });
t = Date.now(); s.validate(q.sql); console.log('rules', Date.now() - t, q.sql.length);
