import { synthesizePersons, synthesizeDepartmentExtracts } from '@canji/synth';
import { DuckDbEngine } from '../src/index.ts';
const n = Number(process.argv[2] ?? 200000);
const persons = [...synthesizePersons({ seed: 7, count: n, asOf: '2019-06-30' })];
const engine = await DuckDbEngine.open();
const { extracts } = synthesizeDepartmentExtracts(persons, { seed: 9, departments: ['public-security'] });
await engine.loadDepartment('public-security', extracts['public-security'].records);
await engine.query(`SET threads = 1`);
await engine.query(`CREATE TABLE k AS SELECT resident_id AS canji_key, canji_row AS canji_ord, period, registration_status FROM canji_dept_public_security`);
const time = async (label: string, sql: string) => { const t = Date.now(); const r = await engine.query(sql); console.log(label, Date.now() - t, JSON.stringify(r[0])); };
await time('windows', `SELECT count(*) FROM (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY canji_key ORDER BY CASE WHEN period IS NULL THEN 1 ELSE 0 END, period DESC, canji_ord DESC) AS rk FROM (SELECT *, MAX(CASE WHEN period IS NULL THEN canji_ord END) OVER (PARTITION BY canji_key) AS ln FROM k WHERE canji_key IS NOT NULL) t WHERE ln IS NULL OR canji_ord >= ln) u WHERE rk = 1)`);
await time('agg+join', `WITH a AS (SELECT canji_key, max(CASE WHEN period IS NULL THEN canji_ord END) AS ln, count(*) AS c FROM k GROUP BY canji_key),
 c AS (SELECT k.* FROM k JOIN a USING (canji_key) WHERE a.ln IS NULL OR k.canji_ord >= a.ln)
 SELECT count(*) FROM (SELECT canji_key, arg_max(registration_status, (CASE WHEN period IS NULL THEN 0 ELSE 1 END, period, canji_ord)) FROM c GROUP BY canji_key)`);
await time('single-window-qualify-1row-fast', `WITH a AS (SELECT canji_key, count(*) AS c FROM k GROUP BY canji_key) SELECT count(*) FROM a`);
await time('just scan', `SELECT count(*) FROM k WHERE canji_key IS NOT NULL`);
engine.close();
