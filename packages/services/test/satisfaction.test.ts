/**
 * The satisfaction module: a form extension with the office's approval, every item provisional;
 * shares satisfied by unit and area with Wilson intervals, recounted here; the comparison with
 * the service received finds a planted difference (received rehabilitation → more satisfied) and
 * none where nothing was planted; bad answers are issues with stable codes, never a crash.
 */
import { validatePerson } from '@canji/form';
import { PERSON_INDICATORS, wilsonInterval } from '@canji/indicators';
import { synthesizePersons } from '@canji/synth';
import { describe, expect, it } from 'vitest';
import { SATISFACTION_ITEMS, analyseSatisfaction, satisfactionExtension, satisfactionForm } from '@canji/services';

const approval = { region: '430121', approvedBy: '长沙县残疾人联合会（示例）', approvalNo: '示例〔2026〕1号' };
type Rec = Record<string, unknown>;

describe('the satisfaction extension', () => {
  it('extends the form with the office’s approval; its items validate; every item is marked provisional', () => {
    const r = satisfactionForm(approval);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.items.filter((i) => i.key.startsWith('ext.sat.')).map((i) => i.key)).toEqual(SATISFACTION_ITEMS.map((i) => `ext.sat.${i.key}`));
    expect(validatePerson({ ext: { sat: { s0: 2, s1: 1, s2: 8 } } }, { form: r.value, partial: true }).ok).toBe(true);
    expect(validatePerson({ ext: { sat: { s1: 7 } } }, { form: r.value, partial: true }).ok).toBe(false);
    for (const i of SATISFACTION_ITEMS) {
      expect(i.note).toContain('provisional');
      expect(r.value.codeLists[i.codeList!]!.provisional).toBe(true);
    }
    expect(satisfactionExtension(approval)).toMatchObject({ approvedBy: approval.approvedBy, approvalNo: approval.approvalNo });
  });

  it('refuses a module without approval (EXT_APPROVAL_MISSING)', () => {
    expect(satisfactionForm({ ...approval, approvalNo: ' ' })).toMatchObject({ ok: false, error: { code: 'EXT_APPROVAL_MISSING' } });
  });
});

/** A deterministic coin: person k's answer under probability p. */
const coin = (k: number, p: number) => ((k * 2654435761) % 1000) / 1000 < p;

describe('analyseSatisfaction', () => {
  const persons = [...synthesizePersons({ seed: 11, count: 2500, region: '430121' })] as Rec[];
  const rehab = PERSON_INDICATORS.rehabilitationCoverage;
  const ctxOf = (p: Rec) => ({ asOf: '2019-06-30', personStatus: p.person_status as number, age: 40, sex: undefined, category: undefined, level: p.disability_level as number });
  const inRehab = (p: Rec) => rehab.denominator(p, ctxOf(p)) && (rehab.answered?.(p, ctxOf(p)) ?? true);
  // Every second person is called back; received rehabilitation → satisfied with p 0.9, else 0.5.
  const answers: Rec[] = persons
    .filter((_, k) => k % 2 === 0)
    .map((p, k) => {
      const received = inRehab(p) && rehab.numerator(p, ctxOf(p));
      return { resident_id: p.resident_id, s0: k % 3 === 0 ? 1 : 2, s1: coin(k, received ? 0.9 : 0.5) ? 2 : 4, s2: received ? (coin(k + 7, 0.8) ? 1 : 3) : 8, s5: coin(k + 3, 0.95) ? 1 : 5 };
    });

  it('counts the share satisfied by township and area, with Wilson intervals, recounted here', () => {
    const r = analyseSatisfaction(answers, { persons, level: 'township' });
    expect(r.respondents).toBe(answers.length);
    expect(r.matched).toBe(answers.length);
    expect(r.issues).toEqual([]);
    expect(r.modes).toEqual({ '1': answers.filter((a) => a.s0 === 1).length, '2': answers.filter((a) => a.s0 === 2).length });
    const byId = new Map(persons.map((p) => [p.resident_id, p]));
    const townships = new Set(answers.map((a) => String(byId.get(a.resident_id)!.region_code).slice(0, 9)));
    expect(r.units.map((u) => u.unit)).toEqual([...[...townships].sort(), 'all']);
    for (const u of r.units) {
      const mine = answers.filter((a) => u.unit === 'all' || String(byId.get(a.resident_id)!.region_code).startsWith(u.unit));
      expect(u.respondents).toBe(mine.length);
      for (const [area, item] of [['overall', 's1'], ['rehabilitation', 's2'], ['staff', 's5'], ['subsidies', 's4']] as const) {
        const answered = mine.filter((a) => typeof a[item] === 'number' && (a[item] as number) <= 5);
        const satisfied = answered.filter((a) => (a[item] as number) <= 2).length;
        expect(u.byArea[area]).toEqual({ answered: answered.length, satisfied, share: answered.length ? satisfied / answered.length : null, interval: wilsonInterval(satisfied, answered.length) });
      }
    }
  });

  it('finds the planted difference for rehabilitation, and the received/not-received split matches the register', () => {
    const r = analyseSatisfaction(answers, { persons });
    const c = r.comparisons.find((x) => x.service === 'rehabilitation')!;
    const eligible = answers.filter((a) => inRehab(persons.find((p) => p.resident_id === a.resident_id)!));
    const received = eligible.filter((a) => rehab.numerator(persons.find((p) => p.resident_id === a.resident_id)!, ctxOf({})));
    expect(c.received.answered + c.notReceived.answered).toBe(eligible.length);
    expect(c.received.answered).toBe(received.length);
    expect(c.received.answered).toBeGreaterThan(30);
    expect(c.difference!).toBeGreaterThan(0.2);
    expect(c.significant).toBe(true);
    expect(c.interval![0]).toBeGreaterThan(0);
    expect(c.interval![0]).toBeLessThan(c.difference!);
    // Family doctor: nothing planted, so no large difference.
    const fd = r.comparisons.find((x) => x.service === 'family-doctor')!;
    expect(Math.abs(fd.difference!)).toBeLessThan(0.15);
  });

  it('reports bad rows with stable codes and goes on', () => {
    const r = analyseSatisfaction(
      [
        { resident_id: 'bad', s1: 1 },
        { resident_id: persons[0]!.resident_id, s1: 9 },
        { resident_id: persons[0]!.resident_id, s1: 1 },
        { resident_id: '11010519491231002X', s1: '2' },
        { resident_id: persons[2]!.resident_id, ext: { sat: { s1: 1 } } },
      ],
      { persons },
    );
    expect(r.issues.map((i) => i.code)).toEqual(['SATISFACTION_NO_ID', 'SATISFACTION_CODE_INVALID', 'SATISFACTION_DUPLICATE', 'SATISFACTION_NOT_IN_BATCH', 'SATISFACTION_NO_REGION']);
    for (const i of r.issues) expect(i.message).toMatch(/第 \d+ 条/);
    const all = r.units.at(-1)!;
    expect(all.respondents).toBe(3);
    expect(all.byArea.overall).toMatchObject({ answered: 2, satisfied: 2 });
    // Without the batch there is no comparison.
    expect(analyseSatisfaction([{ resident_id: persons[0]!.resident_id, region_code: persons[0]!.region_code, s1: 1 }]).comparisons).toEqual([]);
  });
});
