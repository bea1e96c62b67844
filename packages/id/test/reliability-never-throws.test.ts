/**
 * Issue 15 (item 17): the result-returning API of @canji/id holds for any JavaScript value —
 * objects without a prototype, symbols, BigInts, boxed values, getters — as DESIGN's "never throw
 * on bad input" promises (the assert… and make… functions throw by contract and are left out).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as id from '@canji/id';
import * as idZod from '@canji/id/zod';

const anything = fc.oneof(
  fc.anything({ withNullPrototype: true, withBoxedValues: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withObjectString: true }),
  fc.constantFrom(Symbol('s'), () => 1, Object.create(null), new Date(Number.NaN), '4.30121E+17', '430121196107201561'),
);

type Fn = (...a: unknown[]) => unknown;
const CALLS: [string, Fn][] = [
  ['parseResidentId', (v, o) => id.parseResidentId(v as string, o as never)],
  ['parseDisabilityCertificateNo', (v, o) => id.parseDisabilityCertificateNo(v as string, o as never)],
  ['isResidentId', (v) => id.isResidentId(v as string)],
  ['isDisabilityCertificateNo', (v) => id.isDisabilityCertificateNo(v as string)],
  ['canonicalResidentId', (v) => id.canonicalResidentId(v as string)],
  ['upgradeLegacyId', (v) => id.upgradeLegacyId(v as string)],
  ['readIdentity', (v, o) => id.readIdentity(v as never, o as never)],
  // The batch fast path: any value as the number; its reference date is a typed [y, m, d] from the caller.
  ['quickResidentIdAge', (v) => id.quickResidentIdAge(v as string, [2019, 6, 30])],
  ['sexOfResidentId', (v) => id.sexOfResidentId(v as string)],
  ['ageAt', (v, o) => id.ageAt(v as string, o as never)],
  ['maskIdentifier', (v) => id.maskIdentifier(v)],
  ['dateNumber', (v) => id.dateNumber(v as never)],
  ['isoDate', (v) => id.isoDate(v as never)],
  ['isCalendarDate', (v, o) => id.isCalendarDate(v as number, o as number, 1)],
  ['residentIdSchema.safeParse', (v) => idZod.residentIdSchema.safeParse(v)],
  ['disabilityCertificateNoSchema.safeParse', (v) => idZod.disabilityCertificateNoSchema.safeParse(v)],
];

describe('@canji/id never throws', () => {
  it.each(CALLS)('%s: any value, any options', (_name, call) => {
    fc.assert(
      fc.property(anything, fc.oneof(anything, fc.constantFrom(null, undefined, 0, ''), fc.record({ asOf: anything, regions: anything })), (v, o) => {
        call(v, o);
      }),
      { numRuns: 3000 },
    );
  });

  it('a value whose getters throw is a result too', () => {
    const evil = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    for (const [name, call] of CALLS) expect(() => call(evil, undefined), name).not.toThrow();
  });
});
