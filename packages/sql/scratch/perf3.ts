import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import { synthesizePersons, synthesizeDepartmentExtracts } from '@canji/synth';
import { consistencyRules, crossCheckRules } from '@canji/rules';
import { DEPARTMENT_IDS } from '@canji/form';
import { DuckDbEngine, compileRulesToSql } from '../src/index.ts';
const n = Number(process.argv[2] ?? 50000);
const withDepts = process.argv[3] === 'depts';
const persons = [...synthesizePersons({ seed: 7, count: n, asOf: '2019-06-30' })];
const rules = [...consistencyRules('2017'), ...crossCheckRules('2017')];
const engine = await DuckDbEngine.open();
await engine.loadRecords(persons);
if (withDepts) { const { extracts } = synthesizeDepartmentExtracts(persons, { seed: 9 }); for (const d of DEPARTMENT_IDS) await engine.loadDepartment(d, extracts[d].records); }
await engine.query(`SET threads = ${process.argv[4] ?? 1}`);
const q = compileRulesToSql(rules, { referenceDate: '2019-06-30', departments: withDepts ? DEPARTMENT_IDS : [] });
for (let i = 0; i < 3; i++) { const t = Date.now(); const r = await engine.query(q.sql); console.log('findings', r.length, Date.now() - t); }
const t = Date.now(); const r = await engine.query('EXPLAIN ANALYZE ' + q.sql); console.log(Date.now() - t);
const txt = String(r[0]![1]);
require('fs').writeFileSync('/tmp/explain.txt', txt);
engine.close();
