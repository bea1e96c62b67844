/**
 * Review tests: pseudonyms reproduced independently with node:crypto, key rotation, k-anonymity and
 * ℓ-diversity on the textbook table of Machanavajjhala et al. (ℓ-Diversity, ICDE 2006, Tables 1–3),
 * enforceKAnonymity against a brute force over the whole lattice with its suppression budget.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId } from '@canji/id';
import { createPseudonymizer, enforceKAnonymity, generalize, hierarchyHeight, measureKAnonymity, parsePseudonym, type Hierarchy } from '@canji/deid';
import { strongKey, residentIdArb, variantsOf } from './arbitraries.js';

const hmac = (key: Uint8Array, id: string, len = 22) => createHmac('sha256', key).update(id, 'utf8').digest('base64url').slice(0, len);

describe('review: keyed pseudonyms reproduced with node:crypto createHmac', () => {
  it('token = keyId + ":" + base64url(HMAC-SHA-256(key, canonical 18-character ID)), both engines, every input form', async () => {
    await fc.assert(
      fc.asyncProperty(residentIdArb, fc.uint8Array({ minLength: 32, maxLength: 140 }), fc.constantFrom(22, 32, 43), async (id, key, len) => {
        for (const engine of ['node', 'webcrypto'] as const) {
          const p = await createPseudonymizer({ key, keyId: 'rv', engine, tokenLength: len });
          if (!p.ok) throw new Error(p.error.message);
          const want = `rv:${hmac(key, id, len)}`;
          for (const v of variantsOf(id)) expect((await p.value.pseudonymize(v)).ok && (await p.value.pseudonymize(v))).toEqual({ ok: true, value: want });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('RFC 4231 test cases 6–7 key (131 bytes of 0xaa, longer than the SHA-256 block): hashed first, as createHmac does', async () => {
    // The primitive itself: RFC 4231 §4.7, "Test Using Larger Than Block-Size Key - Hash Key First".
    const key = new Uint8Array(131).fill(0xaa);
    expect(createHmac('sha256', key).update('Test Using Larger Than Block-Size Key - Hash Key First').digest('hex')).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
    const id = makeResidentId({ regionCode: '430104', birthDate: '1988-02-29', sex: 'female', sequence: 24 });
    // The RFC key itself is one repeated byte, refused as weak; a strong key of the same length takes the same path.
    expect((await createPseudonymizer({ key, keyId: 'rfc' })).ok).toBe(false);
    const long = strongKey('long key', 131);
    for (const engine of ['node', 'webcrypto'] as const) {
      const p = await createPseudonymizer({ key: long, keyId: 'rfc', engine, tokenLength: 43 });
      expect(p.ok && (await p.value.pseudonymize(id))).toEqual({ ok: true, value: `rfc:${hmac(long, id, 43)}` });
    }
  });

  it('key rotation: a new key gives unrelated tokens under its own key id; 31-byte keys are refused, 32-byte accepted', async () => {
    const id = makeResidentId({ regionCode: '110105', birthDate: '1949-12-31', sex: 'male', sequence: 1 });
    const k1 = strongKey('rotation 1');
    const k2 = strongKey('rotation 2');
    const p1 = await createPseudonymizer({ key: k1, keyId: 'k2025' });
    const p2 = await createPseudonymizer({ key: k2, keyId: 'k2026' });
    if (!p1.ok || !p2.ok) throw new Error('keys');
    const t1 = await p1.value.pseudonymize(id);
    const t2 = await p2.value.pseudonymize(id);
    if (!t1.ok || !t2.ok) throw new Error('tokens');
    expect(parsePseudonym(t1.value)).toEqual({ keyId: 'k2025', digest: hmac(k1, id) });
    expect(parsePseudonym(t2.value)).toEqual({ keyId: 'k2026', digest: hmac(k2, id) });
    expect(parsePseudonym(t1.value)!.digest).not.toBe(parsePseudonym(t2.value)!.digest);
    const short = await createPseudonymizer({ key: new Uint8Array(31), keyId: 'k' });
    expect(short.ok ? 'ok' : short.error.code).toBe('DEID_KEY_TOO_SHORT');
    expect((await createPseudonymizer({ key: k1, keyId: 'k' })).ok).toBe(true);
  });
});

// Machanavajjhala et al., ℓ-Diversity: Privacy Beyond k-Anonymity (ICDE 2006), Table 1 (inpatient microdata).
const INPATIENTS = [
  [13053, 28, 'Russian', 'Heart Disease'],
  [13068, 29, 'American', 'Heart Disease'],
  [13068, 21, 'Japanese', 'Viral Infection'],
  [13053, 23, 'American', 'Viral Infection'],
  [14853, 50, 'Indian', 'Cancer'],
  [14853, 55, 'Russian', 'Heart Disease'],
  [14850, 47, 'American', 'Viral Infection'],
  [14850, 49, 'American', 'Viral Infection'],
  [13053, 31, 'American', 'Cancer'],
  [13053, 37, 'Indian', 'Cancer'],
  [13068, 36, 'Japanese', 'Cancer'],
  [13068, 35, 'American', 'Cancer'],
].map(([zip, age, nationality, condition]) => ({ zip: String(zip), age: age as number, nationality: nationality as string, condition: condition as string }));
const QI = ['zip', 'age', 'nationality'];

describe('review: k-anonymity and ℓ-diversity on the ℓ-diversity paper’s inpatient table', () => {
  it('Table 1 is 1-anonymous; the published 4-anonymous Table 2 has k = 4, three classes, and distinct ℓ = 1 (the all-cancer class)', () => {
    expect(measureKAnonymity(INPATIENTS, QI).k).toBe(1);
    // Table 2: zip 130**/1485*, age <30 / ≥40 / 3*, nationality suppressed
    const table2 = INPATIENTS.map((r) => ({
      zip: r.zip.startsWith('130') ? '130**' : '1485*',
      age: r.age < 30 ? '<30' : r.age >= 40 ? '≥40' : '3*',
      nationality: '*',
      condition: r.condition,
    }));
    const m = measureKAnonymity(table2, QI, { sensitive: 'condition', threshold: 5 });
    expect([m.k, m.classes, m.recordsAtRisk, m.classesAtRisk]).toEqual([4, 3, 12, 3]);
    expect(m.classSizes).toEqual([{ size: 4, classes: 3, records: 12 }]);
    expect(m.prosecutorRisk).toEqual({ maximum: 0.25, average: 0.25, recordsAboveThreshold: 1 });
    expect(m.lDiversity).toEqual({
      sensitive: 'condition',
      l: 1,
      distinctValues: [
        { distinct: 1, classes: 1, records: 4 },
        { distinct: 2, classes: 1, records: 4 },
        { distinct: 3, classes: 1, records: 4 },
      ],
      recordsInHomogeneousClasses: 4,
    });
  });

  const hierarchies: Record<string, Hierarchy> = {
    zip: { kind: 'prefix', keep: [4, 3] },
    age: { kind: 'interval', widths: [10, 20] },
  };

  it('enforceKAnonymity finds the least generalisation by hand: zip to 4 digits, age to 20-year bands, nationality removed', () => {
    const r = enforceKAnonymity(INPATIENTS, { quasiIdentifiers: QI, k: 4, hierarchies });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.levels).toEqual({ zip: 1, age: 2, nationality: 1 });
    expect(r.value.suppressed).toEqual([]);
    expect(r.value.report.precisionLoss).toBeCloseTo((1 / 3 + 2 / 3 + 1) / 3, 12);
    expect(new Set(r.value.records.map((x) => `${x.zip}|${x.age}|${x.nationality}`))).toEqual(new Set(['1305|20-39|*', '1306|20-39|*', '1485|40-59|*']));
    expect(measureKAnonymity(r.value.records, QI).k).toBe(4);
  });

  it('maxSuppression: 4 of 12 records (≥ 1/3) buys the original zip codes; 3 of 12 does not', () => {
    const r = enforceKAnonymity(INPATIENTS, { quasiIdentifiers: QI, k: 4, hierarchies, maxSuppression: 4 / 12 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.levels).toEqual({ zip: 0, age: 2, nationality: 1 });
    expect(r.value.suppressed.map((x) => x.zip).sort()).toEqual(['14850', '14850', '14853', '14853']);
    expect(r.value.report.suppressedShare).toBeCloseTo(1 / 3, 12);
    const tight = enforceKAnonymity(INPATIENTS, { quasiIdentifiers: QI, k: 4, hierarchies, maxSuppression: 0.3 });
    expect(tight.ok && tight.value.levels).toEqual({ zip: 1, age: 2, nationality: 1 });
  });

  it('with distinct ℓ = 2 on the condition, the all-cancer class must be merged away', () => {
    const r = enforceKAnonymity(INPATIENTS, { quasiIdentifiers: QI, k: 4, hierarchies, sensitive: 'condition', l: 2 });
    if (!r.ok) throw new Error(r.error.message);
    const m = measureKAnonymity(r.value.records, QI, { sensitive: 'condition' });
    expect(m.k).toBeGreaterThanOrEqual(4);
    expect(m.lDiversity!.l).toBeGreaterThanOrEqual(2);
    expect(r.value.report.achievedL).toBe(m.lDiversity!.l);
  });

  it('on random data: never suppresses more than the budget, and no feasible node of the whole lattice loses less precision', () => {
    const rec = fc.record({ zip: fc.constantFrom('13053', '13068', '14850', '14853', '13100'), age: fc.integer({ min: 18, max: 70 }), nationality: fc.constantFrom('A', 'B', 'C') });
    const height = (q: string) => (hierarchies[q] ? hierarchyHeight(hierarchies[q]!) : 1);
    const gen = (v: unknown, q: string, lv: number) => (lv >= height(q) ? '*' : lv === 0 ? v : generalize(v, hierarchies[q]!, lv));
    const suppressedAt = (recs: Record<string, unknown>[], lv: number[], k: number) => {
      const keys = recs.map((r) => JSON.stringify(QI.map((q, i) => gen(r[q], q, lv[i]!))));
      const size = new Map<string, number>();
      for (const k2 of keys) size.set(k2, (size.get(k2) ?? 0) + 1);
      return keys.filter((k2) => size.get(k2)! < k).length;
    };
    const lattice: number[][] = [];
    for (let a = 0; a <= height('zip'); a++) for (let b = 0; b <= height('age'); b++) for (let c = 0; c <= 1; c++) lattice.push([a, b, c]);
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 6 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (recs, k, share) => {
        const budget = Math.floor(share * recs.length + 1e-9);
        const r = enforceKAnonymity(recs, { quasiIdentifiers: QI, k, hierarchies, maxSuppression: share });
        const feasible = lattice.filter((lv) => suppressedAt(recs, lv, k) <= budget);
        if (!feasible.length) {
          expect(r.ok ? 'ok' : r.error.code).toBe('DEID_K_UNREACHABLE');
          return;
        }
        if (!r.ok) throw new Error(r.error.message);
        expect(r.value.suppressed.length).toBeLessThanOrEqual(budget);
        expect(r.value.suppressed.length).toBe(suppressedAt(recs, QI.map((q) => r.value.levels[q]!), k));
        if (r.value.records.length) expect(measureKAnonymity(r.value.records, QI).k).toBeGreaterThanOrEqual(k);
        const loss = (lv: number[]) => QI.reduce((s, q, i) => s + lv[i]! / height(q), 0) / QI.length;
        expect(r.value.report.precisionLoss).toBeCloseTo(Math.min(...feasible.map(loss)), 12);
      }),
      { numRuns: 60 },
    );
  });

  it('measured k equals a brute-force recount, with missing values (undefined, null, "") as one value', () => {
    const rec = fc.record({ a: fc.constantFrom(1, 2, undefined, null, ''), b: fc.constantFrom('x', 'y'), c: fc.constantFrom([1], [1, 2], 3) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 30 }), (recs) => {
        const key = (r: Record<string, unknown>) => JSON.stringify(['a', 'b', 'c'].map((q) => (r[q] === undefined || r[q] === null || r[q] === '' ? null : r[q])));
        const size = new Map<string, number>();
        for (const r of recs) size.set(key(r), (size.get(key(r)) ?? 0) + 1);
        const m = measureKAnonymity(recs, ['a', 'b', 'c']);
        expect(m.k).toBe(recs.length ? Math.min(...size.values()) : 0);
        expect(m.classes).toBe(size.size);
      }),
      { numRuns: 200 },
    );
  });
});
