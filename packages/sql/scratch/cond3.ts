import fc from 'fast-check';
import { DuckDbEngine, compileConditionsToSql } from '../src/index.ts';
const leaf = fc.oneof(fc.constantFrom({ item: 'r13', eq: 1 }, { item: 'r27', includes: 2 }, { item: '$age', lt: 20 }, { item: 'name', present: true }, { item: 'r3', ne: 2 }));
const cond = fc.letrec<{ c: any }>((tie) => ({
  c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })), fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })), tie('c').map((not) => ({ not })), fc.tuple(tie('c'), tie('c')).map((xor) => ({ xor }))),
})).c;
const engine = await DuckDbEngine.open();
await engine.loadRecords([{ region_code: '1', r13: 1 }]);
for (const n of [1, 5, 10, 20, 40]) {
  const cs = fc.sample(cond, { numRuns: n, seed: 3 });
  const q = compileConditionsToSql(cs, {});
  const t = Date.now();
  await engine.query(q.sql);
  console.log(n, Date.now() - t, q.sql.length);
}
engine.close();
