import { synthesizePersons } from '@canji/synth';
import { consistencyRules, crossCheckRules } from '@canji/rules';
import { DuckDbEngine, compileRulesToSql } from '../src/index.ts';
const n = Number(process.argv[2] ?? 50000);
const persons = synthesizePersons({ seed: 7, count: n, asOf: '2019-06-30' });
const rules = [...consistencyRules('2017'), ...crossCheckRules('2017')];
const engine = await DuckDbEngine.open();
let t = Date.now();
await engine.loadRecords(persons);
console.log('load', Date.now() - t);
for (let i = 0; i < 3; i++) { t = Date.now(); const { findings } = await engine.findings(rules, { referenceDate: '2019-06-30' }); console.log('findings', findings.length, Date.now() - t); }
const q = compileRulesToSql(rules, { referenceDate: '2019-06-30' });
t = Date.now(); await engine.query('EXPLAIN ' + q.sql); console.log('explain', Date.now() - t, 'sql chars', q.sql.length);
engine.close();
