import { synthesizePersons } from '@canji/synth';
import { DuckDbEngine, compileConditionsToSql } from '../src/index.ts';
const n = Number(process.argv[2] ?? 50000);
const engine = await DuckDbEngine.open();
await engine.loadRecords(synthesizePersons({ seed: 7, count: n, asOf: '2019-06-30' }));
await engine.query('SET threads = 1');
const time = async (label: string, sql: string) => { const t = Date.now(); const r = await engine.query(sql); console.log(label, Date.now() - t, JSON.stringify(r[0])); };
const q = compileConditionsToSql([{ item: '$age', lt: 18 }], { referenceDate: '2019-06-30' });
const ctes = q.sql.slice(0, q.sql.lastIndexOf('\nSELECT'));
for (const stage of ['canji_r1', 'canji_r2', 'canji_r3', 'canji_r4', 'canji_r5', 'canji_r6', 'canji_r7', 'canji_r8', 'canji_r9', 'canji_r10']) {
  if (!ctes.includes(stage + ' AS')) continue;
  await time(stage, `${ctes}\nSELECT count(*), max(length(COLUMNS(*)::VARCHAR)) FROM ${stage}`);
}
await time('full', `SELECT count(*) FROM (${q.sql})`);
await time('raw translate', `SELECT count(*) FROM canji_records WHERE length(translate(resident_id, 'abc' || chr(12288), '')) > 0`);
await time('raw trim', `SELECT count(*) FROM canji_records WHERE length(trim(resident_id, ' ' || chr(12288))) > 0`);
await time('raw regex', `SELECT count(*) FROM canji_records WHERE regexp_matches(resident_id, '^[0-9]{17}[0-9X]$')`);
engine.close();
