import { synthesizePersons, synthesizeDepartmentExtracts } from '@canji/synth';
import { crossCheckRules } from '@canji/rules';
import { DEPARTMENT_IDS } from '@canji/form';
import { DuckDbEngine, compileRulesToSql } from '../src/index.ts';
const n = Number(process.argv[2] ?? 50000);
const persons = [...synthesizePersons({ seed: 7, count: n, asOf: '2019-06-30' })];
const engine = await DuckDbEngine.open();
await engine.loadRecords(persons);
const { extracts } = synthesizeDepartmentExtracts(persons, { seed: 9 }); for (const d of DEPARTMENT_IDS) { const c = await engine.loadDepartment(d, extracts[d].records); console.log(d, c); }
await engine.query(`SET threads = 1`);
const q = compileRulesToSql(crossCheckRules('2017'), { referenceDate: '2019-06-30', departments: DEPARTMENT_IDS });
const ctes = q.sql.slice(0, q.sql.lastIndexOf('\nSELECT'));
const time = async (label: string, sql: string) => { const t = Date.now(); const r = await engine.query(sql); console.log(label, Date.now() - t, JSON.stringify(r[0])); };
for (const d of ['education', 'civil_affairs', 'social_security', 'housing', 'public_security']) {
  await time(d + ' keyed', `${ctes}\nSELECT count(canji_key) FROM canji_${d}_k`);
  await time(d + ' merged', `${ctes}\nSELECT count(*) FROM canji_${d}_m`);
}
await time('records', `${ctes}\nSELECT count(canji_id) FROM canji_r12`);
await time('all', `SELECT count(*) FROM (${q.sql})`);
engine.close();
