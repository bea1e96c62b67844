import fc from 'fast-check';
import { DuckDbEngine, compileConditionsToSql } from '../src/index.ts';
const leaf = fc.oneof(fc.constantFrom({ item: 'r13', eq: 1 }, { item: 'r27', includes: 2 }, { item: '$age', lt: 20 }, { item: 'name', present: true }, { item: 'r3', ne: 2 }));
const cond = fc.letrec<{ c: any }>((tie) => ({
  c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })), fc.array(tie('c'), { maxLength: 3 }).map((any) => ({ any })), tie('c').map((not) => ({ not })), fc.tuple(tie('c'), tie('c')).map((xor) => ({ xor }))),
})).c;
const engine = await DuckDbEngine.open();
await engine.loadRecords([{ region_code: '1', r13: 1 }]);
const cs = fc.sample(cond, { numRuns: 40, seed: 1 });
for (const [i, c] of cs.entries()) {
  const q = compileConditionsToSql([c], {});
  const t = Date.now();
  await engine.query(q.sql);
  const ms = Date.now() - t;
  if (ms > 200) console.log(i, ms, JSON.stringify(c).length, JSON.stringify(c).slice(0, 300));
}
console.log('done');
engine.close();
