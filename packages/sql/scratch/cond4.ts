import fc from 'fast-check';
const anyScalar = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom('male', 'female', '张三', '2019-07-15', '', 'x'), fc.boolean());
const comparisonArb = (values: fc.Arbitrary<unknown>, codes: fc.Arbitrary<number>) =>
  fc.record({ eq: values, ne: values, in: fc.array(values, { minLength: 1, maxLength: 3 }), notIn: fc.array(values, { minLength: 1, maxLength: 3 }), lt: fc.integer({ min: 0, max: 90 }), lte: fc.integer({ min: 0, max: 90 }), gt: fc.integer({ min: 0, max: 90 }), gte: fc.integer({ min: 0, max: 90 }), present: fc.boolean(), includes: codes, includesAny: fc.array(codes, { minLength: 1, maxLength: 3 }), includesNone: fc.array(codes, { minLength: 1, maxLength: 3 }) }, { requiredKeys: [] })
    .filter((c) => Object.keys(c).length > 0 && Object.keys(c).length <= 2);
console.time('s'); const x = fc.sample(comparisonArb(anyScalar, fc.integer({min:0,max:8})), 100); console.timeEnd('s'); console.log(x.slice(0,5));
