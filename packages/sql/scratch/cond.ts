import fc from 'fast-check';
console.time('gen');
const x = fc.sample(fc.letrec<{ c: unknown }>((tie) => ({
  c: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(1), fc.array(tie('c'), { maxLength: 3 }).map((all) => ({ all })), tie('c').map((not) => ({ not })), fc.tuple(tie('c'), tie('c')).map((xor) => ({ xor }))),
})).c, 20);
console.timeEnd('gen');
console.log(JSON.stringify(x).length);
