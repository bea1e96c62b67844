/**
 * Trainee scoring: the case sheet states facts in words (never codes), and a planted answer sheet
 * gives the exact expected score — per trainee, per item, pass or fail, the often-wrong items.
 */
import { isAnswered, personForm } from '@canji/form';
import { synthesizePersons } from '@canji/synth';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemClasses, scoreTrainees, trainingCases, type ScoreReport, type TrainingSet } from '../src/index.js';

type Rec = Record<string, unknown>;
const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const set: TrainingSet = ok(trainingCases([...synthesizePersons({ seed: 5, count: 6, region: '430121' })]));
const ITEMS = itemClasses('2017').map((i) => i.key);
const answered = (r: Rec) => ITEMS.filter((k) => isAnswered(r[k]));
const sheet = (trainee: string, recs: readonly Rec[]): Rec[] => recs.map((r) => ({ ...r, trainee }));
const wrong = (v: unknown): unknown => (typeof v === 'number' ? v + 100 : Array.isArray(v) ? [...v, 99] : `${String(v)}错`);

describe('trainingCases', () => {
  it('numbers the cases, keeps the records as the key, and states answered items as facts in words', () => {
    expect(set.cases.map((c) => c.case)).toEqual(['C001', 'C002', 'C003', 'C004', 'C005', 'C006']);
    expect(set.key.map((k) => k.case_no)).toEqual(['C001', 'C002', 'C003', 'C004', 'C005', 'C006']);
    const form = personForm('2017');
    const coded = new Set(form.items.filter((i) => i.codeList).map((i) => i.key));
    for (const [i, c] of set.cases.entries()) {
      expect(c.facts.map((f) => f.item)).toEqual(answered(set.key[i]!));
      for (const f of c.facts) if (coded.has(f.item) && !f.codeOnly) expect(f.fact, f.item).not.toMatch(/^[\d、]+$|（\d+）/);
    }
    const c1 = set.cases[0]!;
    expect(c1.residentId).toBe(set.key[0]!.resident_id);
    expect(c1.facts.find((f) => f.item === 'disability_category')?.label).toBe(form.items.find((i) => i.key === 'disability_category')!.label);
  });

  it('refuses an unknown item with a stable code', () => {
    expect(trainingCases([], { items: ['r999'] })).toMatchObject({ ok: false, error: { code: 'AUDIT_ITEM_UNKNOWN' } });
  });
});

describe('scoreTrainees', () => {
  it('a planted answer sheet gives the exact expected score', () => {
    const key = set.key;
    const perCase = key.map((k) => answered(k).length);
    const total = perCase.reduce((s, n) => s + n, 0);
    // 李: all right. 王: 3 answers wrong, 2 left blank, one skipped item filled in, case C006 not handed in.
    const wang = sheet('王', key.slice(0, 5)).map((r) => ({ ...r }));
    const i0 = 'disability_category';
    for (const k of key.slice(0, 3)) expect(isAnswered(k[i0])).toBe(true);
    wang[0]![i0] = wrong(wang[0]![i0]);
    wang[0]![answered(key[0]!)[5]!] = wrong(wang[0]![answered(key[0]!)[5]!]);
    wang[1]![answered(key[1]!)[6]!] = wrong(wang[1]![answered(key[1]!)[6]!]);
    delete wang[2]![i0];
    wang[2]![answered(key[2]!)[7]!] = '';
    const skipped = ITEMS.find((k) => !isAnswered(key[3]![k]))!;
    wang[3]![skipped] = 1;
    const r: ScoreReport = ok(scoreTrainees([...sheet('李', key), ...wang], key, { pass: 0.9 }));
    const li = r.trainees.find((t) => t.trainee === '李')!;
    expect(li).toMatchObject({ correct: total, scored: total, score: 1, passed: true, cases: 6, missingCases: [] });
    const w = r.trainees.find((t) => t.trainee === '王')!;
    const scored = total + 1; // the skipped item filled in is scored (and wrong)
    const correct = total - 3 - 2 - perCase[5]!;
    expect(w).toMatchObject({ correct, scored, score: correct / scored, cases: 5, missingCases: ['C006'] });
    expect(w.passed).toBe(correct / scored >= 0.9);
    expect(w.mistakes).toHaveLength(3 + 2 + 1 + perCase[5]!);
    expect(w.mistakes).toContainEqual({ case: 'C004', item: skipped, expected: undefined, given: '1' });
    // disability_category: wrong in C001, blank in C003, C006 not handed in: 3 of 6.
    expect(w.items[i0]).toEqual({ correct: 3, scored: 6, score: 3 / 6 });
    const item0 = r.items.find((x) => x.item === i0)!;
    expect(item0).toMatchObject({ traineesWrong: 1, trainees: 2, hard: true });
  });

  it('the score is correct answers over scored ones for any planted set of wrong cells', () => {
    const cells = set.key.flatMap((k, c) => answered(k).map((item) => [c, item] as const));
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: cells.length - 1 }), { maxLength: 40 }), (picked) => {
        const answers = sheet('赵', set.key).map((r) => ({ ...r }));
        for (const p of picked) {
          const [c, item] = cells[p]!;
          answers[c]![item] = wrong(answers[c]![item]);
        }
        const t = ok(scoreTrainees(answers, set.key)).trainees[0]!;
        expect(t.scored).toBe(cells.length);
        expect(t.correct).toBe(cells.length - picked.length);
        expect(t.mistakes).toHaveLength(picked.length);
      }),
      { numRuns: 30 },
    );
  });

  it('pass is at or above the share; forms without a case number match by resident ID; strays are reported', () => {
    const key = [{ case_no: 'C001', resident_id: set.key[0]!.resident_id, r3: 1, r4: 2 }];
    const answers = [
      { trainee: '甲', resident_id: set.key[0]!.resident_id, r3: '1', r4: 3 },
      { trainee: '乙', case_no: 'C001', r3: 1, r4: 2 },
      { trainee: '乙', case_no: 'C009', r3: 1 },
      { trainee: '乙', case_no: 'C001', r3: 2 },
    ];
    const r = ok(scoreTrainees(answers, key, { items: ['r3', 'r4'], pass: 0.5 }));
    expect(r.trainees.map((t) => [t.trainee, t.correct, t.scored, t.passed])).toEqual([
      ['乙', 2, 2, true],
      ['甲', 1, 2, true],
    ]);
    expect(r.issues.map((i) => i.code)).toEqual(['AUDIT_FORM_UNMATCHED', 'AUDIT_DUPLICATE_KEY']);
    expect(ok(scoreTrainees(answers.slice(0, 1), key, { items: ['r3', 'r4'], pass: 0.51 })).trainees[0]!.passed).toBe(false);
  });

  it('refuses a key without case numbers and a pass share out of range', () => {
    expect(scoreTrainees([], [{ r3: 1 }])).toMatchObject({ ok: false, error: { code: 'AUDIT_NO_KEY' } });
    expect(scoreTrainees([], set.key, { pass: 1.5 })).toMatchObject({ ok: false, error: { code: 'AUDIT_OPTIONS_INVALID' } });
  });
});
