/**
 * The result-returning API never throws, for any JavaScript value (DESIGN: "never throw on bad
 * input"; issue 15 item 17): every argument is drawn from `fc.anything()` (objects with a null
 * prototype, getters excluded) and the call must return — a result, `undefined` or a value —
 * instead of throwing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HIERARCHIES,
  KAnonymityPlanner,
  ageHierarchy,
  applyMask,
  checkPseudonymKey,
  countTableFromPivot,
  createPseudonymizer,
  enforceKAnonymity,
  generalize,
  holdsIdLikeNumber,
  keyFromFileBytes,
  maskCertificateNo,
  maskName,
  maskPhone,
  maskResidentId,
  measureKAnonymity,
  parsePseudonym,
  pseudonymKeyFingerprint,
  pseudonymSubject,
  recordDeidentifier,
  suppressSmallCells,
  validateHierarchy,
  validatePolicy,
  type DeidResult,
} from '@canji/deid';
import { strongKey } from './arbitraries.js';

const any = fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, maxDepth: 3 });
const RUNS = { numRuns: 300 };
const isResult = (r: unknown) => typeof r === 'object' && r !== null && typeof (r as DeidResult<unknown>).ok === 'boolean';

describe('never throws on any JS value', () => {
  it('key and pseudonym functions', async () => {
    await fc.assert(
      fc.asyncProperty(any, any, async (a, b) => {
        expect(isResult(checkPseudonymKey(a))).toBe(true);
        expect(isResult(await pseudonymKeyFingerprint(a as Uint8Array))).toBe(true);
        expect(isResult(await createPseudonymizer(a as never))).toBe(true);
        expect(isResult(await createPseudonymizer({ key: a, keyId: b } as never))).toBe(true);
        expect(isResult(await createPseudonymizer({ key: strongKey('x'), keyId: 'k', tokenLength: a, engine: b } as never))).toBe(true);
        parsePseudonym(a as string);
        pseudonymSubject(a as string);
        if (a instanceof Uint8Array) keyFromFileBytes(a);
      }),
      RUNS,
    );
    const p = await createPseudonymizer({ key: strongKey('x'), keyId: 'k' });
    if (!p.ok) throw new Error(p.error.code);
    await fc.assert(
      fc.asyncProperty(any, async (a) => {
        expect(isResult(await p.value.pseudonymize(a as string))).toBe(true);
        expect(isResult(p.value.pseudonymizeSync!(a as string))).toBe(true);
      }),
      RUNS,
    );
  });

  it('k-anonymity: enforce, plan, measure', () => {
    fc.assert(
      fc.property(any, any, fc.array(any, { maxLength: 8 }), (a, b, records) => {
        expect(isResult(enforceKAnonymity(a as never, b as never))).toBe(true);
        expect(isResult(enforceKAnonymity(records as never, { quasiIdentifiers: ['x', 'y'], k: 2, hierarchies: a as never, maxSuppression: 1 }))).toBe(true);
        expect(isResult(enforceKAnonymity(records as never, { quasiIdentifiers: a as never, k: b as never }))).toBe(true);
        const planner = new KAnonymityPlanner(a as never);
        for (const r of records) planner.add(r as never);
        expect(isResult(planner.plan(b as never))).toBe(true);
        const p2 = new KAnonymityPlanner(['x']);
        for (const r of records) p2.add(r as never);
        const plan = p2.plan({ k: 1, minLevels: a as never });
        if (plan.ok) for (const r of records) if (r !== null && typeof r === 'object') plan.value.generalize(r as never);
        measureKAnonymity(records as never, ['x']);
      }),
      RUNS,
    );
  });

  it('policies, records, tables, hierarchies, masks', () => {
    fc.assert(
      fc.property(any, any, any, (a, b, c) => {
        expect(isResult(recordDeidentifier(a as never))).toBe(true);
        const d = recordDeidentifier({ fields: { x: { action: 'keep' } } });
        if (d.ok) d.value(a as never);
        expect(isResult(validatePolicy(a as never))).toBe(true);
        expect(isResult(suppressSmallCells(a as never, b as never))).toBe(true);
        expect(isResult(countTableFromPivot(a as never))).toBe(true);
        expect(isResult(validateHierarchy(a as never))).toBe(true);
        // Value-returning helpers: any value to generalise or mask, under a valid hierarchy or preset.
        for (const h of Object.values(HIERARCHIES)) generalize(a, h, 1);
        generalize(c, ageHierarchy('2024-06-30'), 2);
        holdsIdLikeNumber(a);
        for (const m of [maskName, maskResidentId, maskCertificateNo, maskPhone]) m(a as string);
        applyMask(a as string, b as never);
      }),
      RUNS,
    );
  });
});
