/**
 * Re-keying comparison: the laws (identical entries agree everywhere; swapping the entries swaps
 * a and b and nothing else; k planted cell changes give exactly k disagreements) over synthetic
 * forms, and the behaviour a clerk relies on (row order, missing forms, per-keyer rates).
 */
import { synthesizePersons } from '@canji/synth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRekeying, type RekeyReport } from '../src/index.js';

type Rec = Record<string, unknown>;
const forms: Rec[] = [...synthesizePersons({ seed: 11, count: 40, region: '430121' })].map((p, i) => ({ ...p, form_no: `F${String(i + 1).padStart(3, '0')}`, keyer: i % 2 ? '张敏' : '刘洋' }));
const ITEMS = ['name', 'resident_id', 'r3', 'r4', 'r13', 'disability_category', 'disability_level'];

const ok = (r: ReturnType<typeof compareRekeying>): RekeyReport => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const entryB = (rs: Rec[]): Rec[] => rs.map((r) => ({ ...r, keyer: '王芳' }));
/** A value surely different from `v` after normalisation. */
const other = (v: unknown): unknown => (typeof v === 'number' ? v + 100 : Array.isArray(v) ? [...v, 99] : `${String(v ?? '')}改`);

describe('compareRekeying', () => {
  it('identical entries agree on every cell, in any row order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: forms.length, maxLength: forms.length }), (keys) => {
        const shuffled = forms.map((f, i) => [keys[i]!, f] as const).sort((a, b) => a[0] - b[0]).map(([, f]) => f);
        const r = ok(compareRekeying(forms, entryB(shuffled), { formKey: 'form_no', items: ITEMS }));
        expect(r.disagreements).toEqual([]);
        expect(r.overall).toMatchObject({ compared: forms.length * ITEMS.length, discrepant: 0, rate: 0 });
        expect(r.matched).toBe(forms.length);
      }),
      { numRuns: 20 },
    );
  });

  it('k planted cell changes give exactly k disagreements, and swapping the entries swaps a and b only', () => {
    const cells = forms.flatMap((_, f) => ITEMS.map((_, j) => [f, j] as const));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: cells.length - 1 }), { maxLength: 30 }), (picked) => {
        const b = entryB(forms);
        for (const c of picked) {
          const [f, j] = cells[c]!;
          const item = ITEMS[j]!;
          b[f] = { ...b[f], [item]: other(b[f]![item]) };
        }
        const ab = ok(compareRekeying(forms, b, { formKey: 'form_no', items: ITEMS }));
        const ba = ok(compareRekeying(b, forms, { formKey: 'form_no', items: ITEMS }));
        expect(ab.disagreements).toHaveLength(picked.length);
        expect(ab.overall.discrepant).toBe(picked.length);
        expect(ba.disagreements.map((d) => ({ ...d, a: d.b, b: d.a, keyerA: d.keyerB, keyerB: d.keyerA }))).toEqual(ab.disagreements);
        expect(ba.overall).toEqual(ab.overall);
        expect(ba.items).toEqual(ab.items);
        expect(ba.keyers).toEqual(ab.keyers);
      }),
      { numRuns: 40 },
    );
  });

  it('normalises as canji reads: numbers as text, multiple choices as sets, blanks', () => {
    const a = [{ form_no: 1, keyer: 'A', r3: 1, r27: [1, 4], r13: '', r4: 2 }];
    const b = [{ form_no: '1', keyer: 'B', r3: '1', r27: [4, 1, 1], r4: undefined }];
    const r = ok(compareRekeying(a, b, { formKey: 'form_no' }));
    expect(r.disagreements.map((d) => [d.form, d.item, d.a, d.b])).toEqual([['1', 'r4', '2', undefined]]);
  });

  it('reports forms in one entry only, and rates per keyer and per item with intervals', () => {
    const b = entryB(forms.slice(0, 30));
    b[0] = { ...b[0], r4: other(b[0]!.r4) }; // form F001, keyed by 刘洋 in A
    b[1] = { ...b[1], r4: other(b[1]!.r4), r3: other(b[1]!.r3) }; // form F002, 张敏
    const r = ok(compareRekeying(forms, [...b, { form_no: 'X9', keyer: '王芳', r3: 1 }], { formKey: 'form_no', items: ITEMS, threshold: 0.005 }));
    expect(r.matched).toBe(30);
    expect(r.unmatched.map((u) => `${u.entry}:${u.form}`)).toEqual([...forms.slice(30).map((f) => `a:${String(f.form_no)}`), 'b:X9']);
    expect(r.issues.filter((i) => i.code === 'AUDIT_FORM_UNMATCHED')).toHaveLength(11);
    expect(r.overall).toMatchObject({ compared: 30 * ITEMS.length, discrepant: 3 });
    expect(r.over).toBe(true);
    const k = Object.fromEntries(r.keyers.map((x) => [x.keyer, x]));
    expect(k['刘洋']).toMatchObject({ forms: 15, compared: 15 * ITEMS.length, discrepant: 1 });
    expect(k['张敏']).toMatchObject({ forms: 15, compared: 15 * ITEMS.length, discrepant: 2 });
    expect(k['王芳']).toMatchObject({ forms: 30, discrepant: 3 });
    expect(k['王芳']!.interval![0]).toBeLessThan(3 / 210);
    expect(k['王芳']!.interval![1]).toBeGreaterThan(3 / 210);
    expect(r.items.find((i) => i.item === 'r4')).toMatchObject({ compared: 30, discrepant: 2 });
  });

  it('matches by resident ID by default, and reports forms without a key and duplicates', () => {
    const a = forms.slice(0, 3).map(({ form_no: _f, ...r }) => r);
    const b = [...entryB(a).reverse(), { ...a[0], keyer: '王芳' }, { r3: 1 }];
    const r = ok(compareRekeying(a, b, { items: ['r3', 'r4'] }));
    expect(r.matched).toBe(3);
    expect(r.issues.map((i) => i.code).sort()).toEqual(['AUDIT_DUPLICATE_KEY', 'AUDIT_NO_KEY']);
    expect(r.issues.every((i) => !/\d{17}[\dX]/.test(i.message))).toBe(true);
  });

  it('refuses a threshold out of range with a stable code', () => {
    const r = compareRekeying([], [], { threshold: 2 });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUDIT_OPTIONS_INVALID' } });
  });
});
