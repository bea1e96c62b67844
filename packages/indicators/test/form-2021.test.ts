/**
 * The built-ins on the 2021/2022 form from department data. The truth is @canji/synth's 2017
 * persons; the 2021 records are the same persons on the 2021 form (`version: '2021'`); the
 * departments' rows are @canji/synth's extracts (no planted disagreement: `agreement: 1`) indexed
 * here by hand. Each department-sourced figure is recomputed by hand from those rows and the roster
 * rule, and compared with the 2017 figure from the asked items.
 */
import { describe, expect, it } from 'vitest';
import { codes, createDepartmentSourcer, departmentSourcedAnswer, getDepartmentSourcedItem, type DepartmentRowsById, type ExtractDepartmentId } from '@canji/form';
import { ageAt } from '@canji/id';
import { synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import {
  BUILTIN_PERSON_INDICATORS,
  PERSON_INDICATORS as P,
  PERSON_INDICATORS_2021 as P21,
  builtinPersonIndicators,
  compulsoryEducationEnrollment,
  computeIndicators,
  createIndicatorCalculator,
  dayCareServiceNeed2021,
  departmentSourcesToCsv,
  departmentSourcesToMarkdown,
  indicatorResultToJson,
  indicatorResultToMarkdown,
  indicatorRowsToCsv,
  indicatorsForFormVersion,
  withTarget,
  type IndicatorResult,
  type PersonIndicator,
} from '@canji/indicators';

const AS_OF = '2021-06-30';
const SEED = 'form-2021';
const COUNT = 6000;
type Rec = Record<string, unknown>;
type Row = Record<string, unknown>;

const truth = [...synthesizePersons({ seed: SEED, count: COUNT, region: '430121', asOf: AS_OF, version: '2017' })] as Rec[];
const records2021 = [...synthesizePersons({ seed: SEED, count: COUNT, region: '430121', asOf: AS_OF, version: '2021' })] as Rec[];
const { extracts, labels } = synthesizeDepartmentExtracts(truth, { seed: 5, agreement: 1, formVersion: '2021' });

/** The extracts by resident ID; civil affairs' rows (one per benefit) merged into `benefits`. */
function indexExtracts(drop: (d: ExtractDepartmentId, id: string) => boolean = () => false): Record<ExtractDepartmentId, Map<string, Row>> {
  const out = {} as Record<ExtractDepartmentId, Map<string, Row>>;
  for (const [d, e] of Object.entries(extracts) as [ExtractDepartmentId, (typeof extracts)[ExtractDepartmentId]][]) {
    const m = new Map<string, Row>();
    for (const r of e.records) {
      const id = String(r.resident_id);
      if (drop(d, id)) continue;
      if (d === 'civil-affairs') {
        const x = (m.get(id) as { benefits: number[] } | undefined) ?? { benefits: [] };
        x.benefits.push(Number(r.benefit));
        m.set(id, x);
      } else m.set(id, r);
    }
    out[d] = m;
  }
  return out;
}

const META = {
  'civil-affairs': { file: 'depts/民政.csv', periodFrom: '2021-01', periodTo: '2021-06' },
  'social-security': { file: 'depts/人社.csv', periodFrom: '2021-06', periodTo: '2021-06' },
  education: { file: 'depts/学籍.csv' },
  housing: { file: 'depts/住建.csv' },
} as const;

function run(index: Partial<Record<ExtractDepartmentId, Map<string, Row>>>, indicators?: readonly PersonIndicator[]) {
  const sourcer = createDepartmentSourcer(index as DepartmentRowsById, { meta: META });
  const enriched = records2021.map((r) => sourcer.apply(r));
  const provenance = sourcer.provenance();
  const res = computeIndicators(enriched, { asOf: AS_OF, formVersion: '2021', departmentSources: provenance, ...(indicators ? { indicators } : {}) });
  return { res, provenance, enriched };
}

const total = (res: IndicatorResult, id: string) => res.rows.find((r) => r.indicator === id && r.by.length === 0);
const counts = (res: IndicatorResult, id: string): [number, number, number] | undefined => {
  const t = total(res, id);
  return t ? [t.numerator, t.denominator, t.missing] : undefined;
};

// --- the independent recomputation: the 2021 records, the department rows, the roster rule ------
const arr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const ageOf = (r: Rec) => (typeof r.birth_date === 'string' ? ageAt(r.birth_date, AS_OF) : undefined) ?? -1;
type Verdict = 'yes' | 'no' | 'missing';
/** 不在名册: complete roster → no, partial → missing (the rule, written out for the test). */
const notInRoster = (roster: 'complete' | 'partial'): Verdict => (roster === 'complete' ? 'no' : 'missing');

function byHand(index: Record<ExtractDepartmentId, Map<string, Row>>): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = {};
  const add = (id: string, v: Verdict) => {
    const c = (out[id] ??= [0, 0, 0]);
    if (v === 'missing') c[2]++;
    else {
      c[1]++;
      if (v === 'yes') c[0]++;
    }
  };
  for (const r of records2021) {
    if (r.person_status !== 6) continue;
    const id = String(r.resident_id);
    const age = ageOf(r);
    const civil = index['civil-affairs'].get(id) as { benefits: number[] } | undefined;
    const ss = index['social-security'].get(id);
    const edu = index.education.get(id);
    const house = index.housing.get(id);
    const enrolled = edu !== undefined && edu.enrolled !== 2;
    const r15 = arr(r.r15);
    // residents' pension: ≥ 16, no employee pension (R12 ∌ 1), not a non-employed pupil; 人社 partial
    if (age >= 16 && !arr(r.r12).includes(1) && !(r.r9 === 2 && enrolled)) {
      add('residents-pension-coverage', ss === undefined ? notInRoster('partial') : ss.pension_scheme === 1 ? 'yes' : 'no');
    }
    // pension subsidy: 16–59 and in the residents' scheme per 人社; the subsidy field may be empty (missing)
    if (age >= 16 && age <= 59 && ss?.pension_scheme === 1) {
      add('pension-premium-subsidy-rate', ss.pension_premium_subsidy === 1 ? 'yes' : ss.pension_premium_subsidy === 2 ? 'no' : 'missing');
    }
    // the two subsidies: 民政 payment roster, complete
    if (r15.includes(1) && !r15.includes(2)) add('living-subsidy-coverage', civil === undefined ? notInRoster('complete') : civil.benefits.includes(3) ? 'yes' : 'no');
    if ([1, 2].includes(r.disability_level as number) && !r15.includes(2)) {
      add('nursing-subsidy-coverage', civil === undefined ? notInRoster('complete') : civil.benefits.includes(4) ? 'yes' : 'no');
    }
    // schooling: the school roll, complete
    if (age >= 6 && age <= 14) add('compulsory-education-enrollment', edu === undefined ? notInRoster('complete') : enrolled ? 'yes' : 'no');
    // dangerous house: 住建 roster, partial; a row without grade or renovation says nothing
    if (r.hukou === 1 && r.r6 !== 1) {
      let v: Verdict;
      if (house === undefined) v = notInRoster('partial');
      else if (['C', 'D'].includes(house.house_grade as string) && house.renovated !== 1) v = 'yes';
      else if (['A', 'B'].includes(house.house_grade as string) || house.renovated === 1) v = 'no';
      else v = 'missing';
      add('dangerous-house-rate', v);
    }
  }
  return out;
}

const DEPT_IDS = Object.values(P21).map((i) => i.id);
const full = indexExtracts();
const withAll = run(full);
const r2017 = computeIndicators(truth, { asOf: AS_OF, formVersion: '2017' });

describe('2021 form: built-ins from department data', () => {
  it('the synthetic departments agree with the records (no planted disagreement)', () => {
    expect(labels).toEqual([]);
    expect(withAll.res.checks.ok).toBe(true);
  });

  it('are defined under the ids of the 2017 built-ins whose items 2021 dropped, for 2021 only', () => {
    expect(DEPT_IDS).toEqual([
      'residents-pension-coverage',
      'pension-premium-subsidy-rate',
      'living-subsidy-coverage',
      'nursing-subsidy-coverage',
      'compulsory-education-enrollment',
      'dangerous-house-rate',
    ]);
    const builtinIds = BUILTIN_PERSON_INDICATORS.map((i) => i.id);
    for (const i of Object.values(P21)) {
      expect(builtinIds).toContain(i.id);
      expect(i.formVersions).toEqual(['2021']);
      expect(BUILTIN_PERSON_INDICATORS.find((b) => b.id === i.id)!.formVersions).not.toContain('2021');
      expect(i.departmentItems!.length).toBeGreaterThan(0);
    }
    expect(builtinPersonIndicators('2021').map((i) => i.id)).toEqual(builtinIds);
  });

  it('read 不在名册 through departmentSourcedAnswer: their conditions accept exactly its codes', () => {
    for (const ind of Object.values(P21)) {
      for (const d of ind.departmentItems!) {
        expect(getDepartmentSourcedItem(d.key)).toMatchObject({ department: d.department, roster: d.roster });
        for (const v of [1, 2, 3, undefined]) {
          const answer = departmentSourcedAnswer(d.key, v);
          const base = { person_status: 6 };
          // the item read as the numerator's answer: 是 ⇒ numerator, 否 ⇒ denominator only, unknown ⇒ missing
          if (ind.conditions?.answered && 'item' in ind.conditions.answered && ind.conditions.answered.item === d.key) {
            expect(ind.answered!({ ...base, [d.key]: v }, { asOf: AS_OF } as never)).toBe(answer !== undefined);
            expect(ind.numerator({ ...base, [d.key]: v }, { asOf: AS_OF } as never)).toBe(answer === true);
          }
        }
      }
    }
  });

  it('on 2021 with the departments, each equals the recomputation by hand and the 2017 figure from the asked items', () => {
    const hand = byHand(full);
    for (const id of DEPT_IDS) expect([id, counts(withAll.res, id)]).toEqual([id, hand[id]]);
    // The departments agree with the records: the 2017 items give the same counts …
    for (const id of DEPT_IDS.filter((i) => i !== 'dangerous-house-rate')) expect([id, counts(withAll.res, id)]).toEqual([id, counts(r2017, id)]);
    // … except where the roster is partial and the 2017 item was asked of everyone: the appraised
    // houses only (the same dangerous houses; the denominator is the roster's rural households).
    expect(total(withAll.res, 'dangerous-house-rate')!.numerator).toBe(total(r2017, 'dangerous-house-rate')!.numerator);
    expect(total(withAll.res, 'dangerous-house-rate')!.denominator).toBeLessThan(total(r2017, 'dangerous-house-rate')!.denominator);
    // figures of the report
    expect(counts(withAll.res, 'residents-pension-coverage')![1]).toBeGreaterThan(3000);
    expect(counts(withAll.res, 'compulsory-education-enrollment')![1]).toBeGreaterThan(100);
    expect(withAll.res.warnings.map((w) => [w.code, w.indicator])).toEqual([
      ['INDICATOR_FORM_VERSION', 'day-care-service-rate'],
      ['INDICATOR_FORM_VERSION', 'day-care-service-need'],
    ]);
  });

  it('also in every breakdown (rolled up from sums), and the other built-ins are those of 2021 unchanged', () => {
    const by = computeIndicators(withAll.enriched, { asOf: AS_OF, formVersion: '2021', by: ['township', 'sex'] });
    expect(by.checks.ok).toBe(true);
    const plain = computeIndicators(records2021, { asOf: AS_OF, formVersion: '2021' });
    for (const ind of plain.indicators) expect([ind.id, counts(withAll.res, ind.id)]).toEqual([ind.id, counts(plain, ind.id)]);
  });

  it('complete roster: a person not in it counts as 否; partial: as missing, out of the denominator', () => {
    // Take every tenth person with a row out of the civil-affairs (complete) and social-security (partial) rosters.
    const out = new Set(records2021.filter((_r, i) => i % 10 === 3).map((r) => String(r.resident_id)));
    const cut = indexExtracts((d, id) => (d === 'civil-affairs' || d === 'social-security') && out.has(id));
    const { res } = run(cut);
    const hand = byHand(cut);
    for (const id of DEPT_IDS) expect([id, counts(res, id)]).toEqual([id, hand[id]]);
    const [n0, d0, m0] = counts(withAll.res, 'living-subsidy-coverage')!;
    const [n1, d1, m1] = counts(res, 'living-subsidy-coverage')!;
    expect([d1, m1]).toEqual([d0, m0]); // same population, same (no) missing
    expect(n1).toBeLessThan(n0); // the recipients taken out are now 否
    const [, pd0, pm0] = counts(withAll.res, 'residents-pension-coverage')!;
    const [, pd1, pm1] = counts(res, 'residents-pension-coverage')!;
    expect(pm1).toBeGreaterThan(pm0);
    expect(pd0 - pd1).toBe(pm1 - pm0); // moved from the denominator to missing
    const src = (id: string, item: string) => res.departmentSources!.find((s) => s.indicator === id && s.item === item)!;
    expect(src('living-subsidy-coverage', 'dept_living_subsidy')).toMatchObject({ roster: 'complete', rosterRule: expect.stringContaining('计为“否”') });
    expect(src('living-subsidy-coverage', 'dept_living_subsidy').populationNotInRoster).toBeGreaterThan(0);
    expect(src('residents-pension-coverage', 'dept_resident_pension')).toMatchObject({ roster: 'partial', populationNotInRoster: pm1 - pm0, rosterRule: expect.stringContaining('缺失') });
  });

  it('complete vs partial on hand-made records', () => {
    const recs = [
      { person_status: 6, disability_level: 1, r15: [6], dept_care_subsidy: 1 },
      { person_status: 6, disability_level: 2, r15: [6], dept_care_subsidy: 3 }, // complete: 否
      { person_status: 6, disability_level: 2, r15: [6] }, // no value (no usable key): missing
      { person_status: 6, hukou: 1, r6: 2, dept_dangerous_house: 1 },
      { person_status: 6, hukou: 1, r6: 2, dept_dangerous_house: 2 },
      { person_status: 6, hukou: 1, r6: 2, dept_dangerous_house: 3 }, // partial: missing
    ];
    const res = computeIndicators(recs, { indicators: [P21.nursingSubsidyCoverage, P21.dangerousHouseRate], asOf: AS_OF, formVersion: '2021' });
    expect(counts(res, 'nursing-subsidy-coverage')).toEqual([1, 2, 1]);
    expect(counts(res, 'dangerous-house-rate')).toEqual([1, 2, 1]);
    expect(res.departmentSources!.map((s) => [s.item, s.roster, s.populationNotInRoster, s.file])).toEqual([
      ['dept_care_subsidy', 'complete', 1, undefined],
      ['dept_dangerous_house', 'partial', 1, undefined],
    ]);
  });
});

describe('INDICATOR_DEPARTMENT_MISSING', () => {
  it('no department supplied: the six are not computed, each said so in zh-CN', () => {
    const res = computeIndicators(records2021, { asOf: AS_OF, formVersion: '2021' });
    const missing = res.warnings.filter((w) => w.code === 'INDICATOR_DEPARTMENT_MISSING');
    expect(missing.map((w) => w.indicator)).toEqual(DEPT_IDS);
    expect(missing.find((w) => w.indicator === 'residents-pension-coverage')).toMatchObject({
      departments: ['social-security', 'education'],
      message: expect.stringMatching(/^指标“城乡居民基本养老保险参保率”（residents-pension-coverage）需要人社部门（社会保险）、教育部门（学籍）的数据.*未计算$/),
    });
    for (const id of DEPT_IDS) expect(total(res, id)).toBeUndefined();
    expect(res.indicators.map((i) => i.id)).toEqual(BUILTIN_PERSON_INDICATORS.filter((i) => i.formVersions.includes('2021')).map((i) => i.id));
    expect(res.departmentSources).toBeUndefined();
    expect(res.passTotals['living-subsidy-coverage']).toBeUndefined();
  });

  it('departmentSources lists the departments supplied: only civil affairs → the two subsidies alone are computed', () => {
    const { res } = run({ 'civil-affairs': full['civil-affairs'] });
    expect(res.warnings.filter((w) => w.code === 'INDICATOR_DEPARTMENT_MISSING').map((w) => [w.indicator, w.departments])).toEqual([
      ['residents-pension-coverage', ['social-security', 'education']],
      ['pension-premium-subsidy-rate', ['social-security']],
      ['compulsory-education-enrollment', ['education']],
      ['dangerous-house-rate', ['housing']],
    ]);
    expect(counts(res, 'living-subsidy-coverage')).toEqual(counts(withAll.res, 'living-subsidy-coverage'));
    expect(counts(res, 'nursing-subsidy-coverage')).toEqual(counts(withAll.res, 'nursing-subsidy-coverage'));
    // said even when the records carry the items: the provenance is the list of what was supplied
    const res2 = computeIndicators(withAll.enriched, { asOf: AS_OF, formVersion: '2021', departmentSources: withAll.provenance.filter((p) => p.department !== 'housing') });
    expect(res2.warnings.filter((w) => w.code === 'INDICATOR_DEPARTMENT_MISSING').map((w) => w.indicator)).toEqual(['dangerous-house-rate']);
    expect(res2.warnings.at(-1)!.message).toContain('未提供该部门数据');
  });

  it('supplied but applied to no record (the records were not enriched): not computed either', () => {
    const res = computeIndicators(records2021, { asOf: AS_OF, formVersion: '2021', departmentSources: withAll.provenance });
    const missing = res.warnings.filter((w) => w.code === 'INDICATOR_DEPARTMENT_MISSING');
    expect(missing.map((w) => w.indicator)).toEqual(DEPT_IDS);
    expect(missing[0]!.message).toContain('没有任何记录带有这些部门来源项目');
  });
});

describe('provenance', () => {
  const prov = (res: IndicatorResult, id: string, item: string) => res.departmentSources!.find((s) => s.indicator === id && s.item === item)!;

  it('is kept in the result per indicator and item, with the sourcer counts', () => {
    const civil = withAll.provenance.find((p) => p.department === 'civil-affairs')!;
    expect(prov(withAll.res, 'nursing-subsidy-coverage', 'dept_care_subsidy')).toEqual({
      indicator: 'nursing-subsidy-coverage',
      item: 'dept_care_subsidy',
      itemLabel: '享受重度残疾人护理补贴（民政）',
      department: 'civil-affairs',
      departmentName: '民政部门（低保、特困、两项补贴）',
      extractName: civil.extractName,
      roster: 'complete',
      rosterRule: '完整名册：不在名册计为“否”（计入分母）',
      populationNotInRoster: expect.any(Number),
      file: 'depts/民政.csv',
      periodFrom: '2021-01',
      periodTo: '2021-06',
      matchedBy: 'resident-id',
      persons: COUNT,
      matched: civil.matched,
      notInRoster: civil.notInRoster,
      withoutKey: 0,
    });
    expect(civil.matched + civil.notInRoster).toBe(COUNT);
    expect(withAll.res.departmentSources!.map((s) => s.indicator + ' ' + s.item)).toEqual([
      'residents-pension-coverage dept_resident_pension',
      'residents-pension-coverage dept_enrolled',
      'pension-premium-subsidy-rate dept_resident_pension',
      'pension-premium-subsidy-rate dept_pension_subsidy',
      'living-subsidy-coverage dept_living_subsidy',
      'nursing-subsidy-coverage dept_care_subsidy',
      'compulsory-education-enrollment dept_enrolled',
      'dangerous-house-rate dept_dangerous_house',
    ]);
    // population not in the roster, counted in the pass: for the partial 住建 roster it is the missing count
    expect(prov(withAll.res, 'dangerous-house-rate', 'dept_dangerous_house').populationNotInRoster).toBe(total(withAll.res, 'dangerous-house-rate')!.missing);
  });

  it('a streaming calculator reads the counts when the result is made (departmentSources as a function)', () => {
    const sourcer = createDepartmentSourcer(full as DepartmentRowsById, { meta: META });
    const calc = createIndicatorCalculator({ asOf: AS_OF, formVersion: '2021', departmentSources: () => sourcer.provenance() });
    for (const r of records2021) calc.add(sourcer.apply(r));
    const res = calc.result();
    expect(res.rows).toEqual(withAll.res.rows);
    expect(res.departmentSources).toEqual(withAll.res.departmentSources);
    expect(prov(res, 'living-subsidy-coverage', 'dept_living_subsidy').persons).toBe(COUNT);
  });

  it('is printed in the JSON', () => {
    const json = JSON.parse(indicatorResultToJson(withAll.res)) as IndicatorResult;
    expect(json.departmentSources).toEqual(withAll.res.departmentSources);
    expect(json.indicators.find((i) => i.id === 'dangerous-house-rate')!.departmentItems).toEqual([
      { key: 'dept_dangerous_house', label: '住房为未改造的危房（住建）', department: 'housing', departmentName: '住建部门（农村危房改造）', roster: 'partial' },
    ]);
  });

  it('is printed in the CSV (source_* columns on the rows of department-sourced indicators, and a table of its own)', () => {
    const rows = parseCsv(indicatorRowsToCsv(withAll.res, { digits: 2 }));
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(header.slice(-12)).toEqual([
      'source_items', 'source_departments', 'source_extracts', 'source_files', 'source_periods', 'source_persons', 'source_matched',
      'source_not_in_roster', 'source_without_key', 'source_population_not_in_roster', 'source_roster', 'source_roster_rule',
    ]);
    const line = rows.find((r) => r[0] === 'residents-pension-coverage' && r[2] === 'total')!;
    expect(line[col('source_items')]).toBe('dept_resident_pension; dept_enrolled');
    expect(line[col('source_departments')]).toBe('social-security; education');
    expect(line[col('source_files')]).toBe('depts/人社.csv; depts/学籍.csv');
    expect(line[col('source_periods')]).toBe('2021-06; ');
    const ss = withAll.provenance.find((p) => p.department === 'social-security')!;
    const edu = withAll.provenance.find((p) => p.department === 'education')!;
    expect(line[col('source_matched')]).toBe(`${ss.matched}; ${edu.matched}`);
    expect(line[col('source_not_in_roster')]).toBe(`${ss.notInRoster}; ${edu.notInRoster}`);
    expect(line[col('source_roster')]).toBe('partial; complete');
    const civil = rows.find((r) => r[0] === 'living-subsidy-coverage')!;
    expect(civil[col('source_periods')]).toBe('2021-01–2021-06');
    expect(civil[col('source_roster_rule')]).toBe('完整名册：不在名册计为“否”（计入分母）');
    // an indicator read from the form only: empty source cells
    expect(rows.find((r) => r[0] === 'employment-rate')!.slice(-12).every((c) => c === '')).toBe(true);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    // a result without department sources keeps its columns
    expect(parseCsv(indicatorRowsToCsv(computeIndicators(records2021, { asOf: AS_OF, formVersion: '2021' })))[0]).not.toContain('source_items');

    const table = parseCsv(departmentSourcesToCsv(withAll.res));
    expect(table.length).toBe(1 + withAll.res.departmentSources!.length);
    const h = table[0]!;
    const dh = table.find((r) => r[0] === 'dangerous-house-rate')!;
    expect(Object.fromEntries(h.map((k, i) => [k, dh[i]]))).toMatchObject({
      item: 'dept_dangerous_house',
      department: 'housing',
      file: 'depts/住建.csv',
      matched_by: 'resident-id',
      persons: String(COUNT),
      roster: 'partial',
      population_not_in_roster: String(total(withAll.res, 'dangerous-house-rate')!.missing),
    });
  });

  it('is printed in the Markdown', () => {
    const md = indicatorResultToMarkdown(withAll.res);
    const section = departmentSourcesToMarkdown(withAll.res);
    expect(md).toContain(section);
    expect(section.split('\n')[0]).toBe('## 部门来源');
    const civil = withAll.provenance.find((p) => p.department === 'civil-affairs')!;
    const line = section.split('\n').find((l) => l.startsWith('| 困难残疾人生活补贴覆盖率（living-subsidy-coverage）'))!;
    const cells = line.split('|').map((c) => c.trim());
    expect(cells.slice(2, 6)).toEqual(['享受困难残疾人生活补贴（民政）（dept_living_subsidy）', '民政部门（低保、特困、两项补贴）', civil.extractName, 'depts/民政.csv']);
    expect(cells.slice(6, 12)).toEqual(['2021-01–2021-06', '', String(COUNT), String(civil.matched), String(civil.notInRoster), '0']);
    expect(cells[13]).toBe('完整名册：不在名册计为“否”（计入分母）');
    expect(section).toContain('匹配方式：身份证号');
    expect(md).toContain('部门来源：住房为未改造的危房（住建）（住建部门（农村危房改造），部分名册，不在名册计为缺失）');
    expect(md).toContain('> 指标“托养服务享受比例”（day-care-service-rate）适用于');
    expect(departmentSourcesToMarkdown(computeIndicators([], { asOf: AS_OF }))).toBe('');
  });
});

describe('choosing the definitions for the form version', () => {
  it('indicatorsForFormVersion keeps a target given with withTarget and the ages given to the builder', () => {
    const strict = withTarget(P.residentsPensionCoverage, { value: 95, comparison: '>=', source: '本省规划' });
    const ages = compulsoryEducationEnrollment({ minAge: 7, maxAge: 15 });
    const [a, b, c] = indicatorsForFormVersion([strict, ages, P.employmentRate], '2021');
    expect(a).toMatchObject({ id: 'residents-pension-coverage', formVersions: ['2021'], target: { value: 95, source: '本省规划' } });
    expect(a!.departmentItems!.map((d) => d.key)).toEqual(['dept_resident_pension', 'dept_enrolled']);
    expect(b!.formVersions).toEqual(['2021']);
    expect(b!.description).toContain('7–15');
    expect(c).toBe(P.employmentRate);
    expect(indicatorsForFormVersion([strict], '2017')[0]).toBe(strict);
    // A local indicator that only shares an id is not replaced (it is not the built-in).
    const local = { ...P.dangerousHouseRate, denominator: () => true } as PersonIndicator;
    expect(indicatorsForFormVersion([local], '2021')[0]).toBe(local);
    const res = computeIndicators(withAll.enriched, { indicators: [b!], asOf: AS_OF, formVersion: '2021' });
    const byHand7to15 = records2021.filter((r) => r.person_status === 6 && ageOf(r) >= 7 && ageOf(r) <= 15);
    expect(total(res, 'compulsory-education-enrollment')!.denominator).toBe(byHand7to15.length);
  });

  it('the 2017 definitions asked explicitly on 2021 are still not computed (INDICATOR_FORM_VERSION)', () => {
    const res = computeIndicators(withAll.enriched, { indicators: [P.livingSubsidyCoverage], asOf: AS_OF, formVersion: '2021' });
    expect(res.warnings.map((w) => w.code)).toEqual(['INDICATOR_FORM_VERSION']);
  });
});

describe('托养服务需求 on 2021 R16: a builder taking the codes', () => {
  it('refuses to guess the codes', () => {
    expect(() => dayCareServiceNeed2021({ needCodes: [] })).toThrow(/INDICATOR_CODES/);
    expect(() => dayCareServiceNeed2021(undefined as never)).toThrow(/INDICATOR_CODES/);
  });

  it('with the codes of @canji/form’s (provisional) list it gives the 2017 figure on these synthetic persons', () => {
    const need = codes.careServiceNeed.entries.map((e) => e.code);
    const ind = dayCareServiceNeed2021({ needCodes: need });
    const res = computeIndicators(records2021, { indicators: [ind], asOf: AS_OF, formVersion: '2021' });
    expect(counts(res, 'day-care-service-need')).toEqual(counts(r2017, 'day-care-service-need'));
    expect(counts(res, 'day-care-service-need')![1]).toBeGreaterThan(50);
    // with a 无需求 code: anything else is missing
    const strict = dayCareServiceNeed2021({ needCodes: [1], noNeedCodes: [9] });
    const recs = [{ r16: 1 }, { r16: 9 }, { r16: 2 }, {}].map((x) => ({ person_status: 6, birth_date: '1990-01-01', disability_category: 6, disability_level: 3, ...x }));
    expect(counts(computeIndicators(recs, { indicators: [strict], asOf: AS_OF, formVersion: '2021' }), 'day-care-service-need')).toEqual([1, 2, 2]);
  });
});

/** RFC 4180 (quoted cells with commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      if (ch === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += ch;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}
