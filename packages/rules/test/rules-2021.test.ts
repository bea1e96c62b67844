/**
 * The 2021/22 form (R1–R27) at parity: every consistency and cross-check rule of the version fires
 * alone on its planted error or disagreement, and nothing fires on a clean record whose departments
 * agree.
 */
import { describe, expect, it } from 'vitest';
import { viewFrom2017 } from '@canji/form';
import { buildDepartmentIndex, checkRecord, consistencyRules, crossCheckRules, formRules, type DepartmentId, type DepartmentIndex } from '@canji/rules';
import { ids, person, type PersonSeed } from './fixtures.js';

type Row = Record<string, unknown>;
const ctx = { referenceDate: '2017-06-30', formVersion: '2021' as const };
const form = formRules('2021');
const consistency = consistencyRules('2021');
const cross = crossCheckRules('2021');

/** A clean 2021 record: the clean 2017 fixture renumbered, plus what only 2021 asks (R7 住房, R11, R12 for all 16+). */
function person2021(seed: PersonSeed = {}, extra: Row = {}): Row {
  const rec = viewFrom2017(person(seed), '2021');
  return Object.assign(rec, { r7: 3, r11: [6], r12: [4] }, extra);
}

/** Department rows that agree with a clean 2021 person. */
function agreeing(p: Row): Record<DepartmentId, Row[]> {
  const id = p.resident_id as string;
  return {
    education: [],
    'civil-affairs': [],
    'social-security': [{ resident_id: id, pension_scheme: 1, medical_scheme: 1, medical_premium_subsidy: 2, employment_registered: 2, unemployment_registered: 2 }],
    housing: [{ resident_id: id, house_grade: 'A' }],
    health: [{ resident_id: id, family_doctor_contract: 1 }],
    'poverty-relief': [],
    'public-security': [{ resident_id: id, name: p.name, sex: p.sex, birth_date: p.birth_date, registration_status: 1 }],
  };
}

function indexes(rows: Record<DepartmentId, Row[]>): Partial<Record<DepartmentId, DepartmentIndex>> {
  const out: Partial<Record<DepartmentId, DepartmentIndex>> = {};
  for (const d of Object.keys(rows) as DepartmentId[]) out[d] = buildDepartmentIndex(d, rows[d]);
  return out;
}

describe('the 2021 form: consistency rules', () => {
  const both = [...form, ...consistency];
  it('finds nothing on a clean record', () => {
    expect(checkRecord(person2021(), both, ctx)).toEqual([]);
    expect(checkRecord(person2021({ seq: 2, birthDate: '1950-05-05' }, { r9: undefined, r10: undefined, r11: undefined, r17: 1, r18: 2 }), both, ctx)).toEqual([]);
  });

  const cases: [string, () => Row][] = [
    ['CON_SPEECH_UNDER_3', () => person2021({ birthDate: '2015-01-10', category: 3, level: 2 }, { r3: undefined, r4: '测试家长', r8: undefined, r9: undefined, r11: undefined, r12: undefined, r26: undefined })],
    ['CON_HEARING_LEVEL4_UNDER_3', () => person2021({ birthDate: '2016-01-10', category: 2, level: 4 }, { r3: undefined, r4: '测试家长', r8: undefined, r9: undefined, r11: undefined, r12: undefined, r26: undefined })],
    ['CON_MENTAL_UNDER_3', () => person2021({ birthDate: '2015-01-10', category: 6, level: 2 }, { r3: undefined, r4: '测试家长', r8: undefined, r9: undefined, r11: undefined, r12: undefined, r26: undefined })],
    ['CON_COLLECTED_OUTSIDE_PERIOD', () => person2021({}, { collected_on: '2018-01-03' })],
    ['CON_HOUSEHOLDER_SELF_NAME', () => person2021({}, { householder_name: '另一人' })],
    ['CON_EDUCATION_TOO_HIGH_FOR_AGE', () => person2021({ birthDate: '2001-02-01' }, { r3: undefined, r4: '测试家长', r8: 6, r9: 2, r10: 4 })],
    ['CON_PENSION_INCOME_UNDER_45', () => person2021({}, { r9: 2, r10: 1 })],
    ['CON_PREMIUM_SUBSIDY_WITHOUT_MEDICAL_ASSISTANCE', () => person2021({}, { r14: 1 })],
    ['CON_ASSISTANCE_WITHOUT_PREMIUM_SUBSIDY', () => person2021({}, { r15: [1] })],
    ['CON_RENOVATION_NOT_AGRICULTURAL', () => person2021({}, { hukou: 2, r15: [5] })],
    ['CON_ELDER_CARE_UNDER_60', () => person2021({}, { r18: 1 })],
    ['CON_ELDERLY_CAREGIVER_MINOR', () => person2021({ birthDate: '2000-03-01' }, { r3: undefined, r4: '测试家长', r9: 2, r10: 4, r19: 1 })],
    ['CON_INSTITUTION_ELDERLY_CAREGIVER', () => person2021({ birthDate: '1950-05-05' }, { r6: 1, r7: undefined, r9: undefined, r10: undefined, r11: undefined, r23: undefined, r25: undefined, r26: undefined, r19: 1, householder_name: undefined, householder_id: undefined, declarant_name: undefined })],
    ['CON_ADAPTATION_DONE_NEED_UNCHANGED', () => person2021({}, { r23: 1, r24: [1], r25: [1, 2, 3, 4, 5, 6, 7, 8] })],
  ];

  it.each(cases)('%s fires alone on its planted error', (id, make) => {
    expect(ids(checkRecord(make(), both, ctx))).toEqual([id]);
  });

  it('has a case for every 2021 consistency rule', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual(consistency.map((r) => r.id).sort());
  });
});

describe('the 2021 form: cross-check rules', () => {
  it('finds nothing when every department agrees', () => {
    const p = person2021();
    expect(checkRecord(p, cross, { ...ctx, departments: indexes(agreeing(p)) })).toEqual([]);
  });

  const cases: [string, () => { rec: Row; rows: Record<DepartmentId, Row[]> }][] = [
    ['XC_SOCSEC_EMPLOYEE_PENSION_DIFFERS', () => { const rec = person2021({}, { r12: [1] }); return { rec, rows: agreeing(rec) }; }],
    ['XC_SOCSEC_EMPLOYEE_MEDICAL_DIFFERS', () => { const rec = person2021({}, { r12: [2], r13: 2, r14: undefined }); const rows = agreeing(rec); rows['social-security'][0]!.medical_scheme = 3; return { rec, rows }; }],
    ['XC_SOCSEC_RESIDENT_MEDICAL_DIFFERS', () => { const rec = person2021(); const rows = agreeing(rec); rows['social-security'][0]!.medical_scheme = 3; return { rec, rows }; }],
    ['XC_SOCSEC_MEDICAL_SUBSIDY_DIFFERS', () => { const rec = person2021(); const rows = agreeing(rec); rows['social-security'][0]!.medical_premium_subsidy = 1; return { rec, rows }; }],
    ['XC_SOCSEC_EMPLOYMENT_REGISTERED_NOT_EMPLOYED', () => { const rec = person2021({}, { r9: 2, r10: 4 }); const rows = agreeing(rec); rows['social-security'][0]!.employment_registered = 1; return { rec, rows }; }],
    ['XC_SOCSEC_UNEMPLOYMENT_REGISTERED_EMPLOYED', () => { const rec = person2021(); const rows = agreeing(rec); rows['social-security'][0]!.unemployment_registered = 1; return { rec, rows }; }],
    ['XC_CIVIL_DIBAO_DIFFERS', () => { const rec = person2021(); const rows = agreeing(rec); rows['civil-affairs'].push({ resident_id: rec.resident_id, benefit: 1, period: '2017-05' }, { resident_id: rec.resident_id, benefit: 3, period: '2017-05' }); return { rec, rows }; }],
    ['XC_CIVIL_TEKUN_DIFFERS', () => { const rec = person2021({}, { r15: [2] }); return { rec, rows: agreeing(rec) }; }],
    ['XC_CIVIL_LIVING_SUBSIDY_NOT_RECEIVED', () => { const rec = person2021({}, { r15: [1] }); const rows = agreeing(rec); rows['civil-affairs'].push({ resident_id: rec.resident_id, benefit: 1, period: '2017-05' }); return { rec, rows }; }],
    ['XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED', () => { const rec = person2021({ level: 2 }); return { rec, rows: agreeing(rec) }; }],
    ['XC_HOUSING_RENOVATION_DIFFERS', () => { const rec = person2021(); const rows = agreeing(rec); rows.housing = [{ resident_id: rec.resident_id, house_grade: 'A', renovated: 1 }]; return { rec, rows }; }],
    ['XC_HOUSING_DANGEROUS_NOT_RECORDED', () => { const rec = person2021(); const rows = agreeing(rec); rows.housing = [{ resident_id: rec.resident_id, house_grade: 'D', renovated: 2 }]; return { rec, rows }; }],
    ['XC_HEALTH_FAMILY_DOCTOR_DIFFERS', () => { const rec = person2021({}, { r20: 2 }); return { rec, rows: agreeing(rec) }; }],
    ['XC_EDU_ENROLLED_NEVER_SCHOOLED', () => { const rec = person2021({ birthDate: '2001-01-01' }, { r3: undefined, r8: 1 }); const rows = agreeing(rec); rows.education.push({ resident_id: rec.resident_id, enrolled: 1, school_stage: 4 }); return { rec, rows }; }],
    ['XC_PUBSEC_DECEASED_REPORTED_NORMAL', () => { const rec = person2021(); const rows = agreeing(rec); rows['public-security'][0]!.registration_status = 3; return { rec, rows }; }],
    ['XC_PUBSEC_MOVED_REPORTED_NORMAL', () => { const rec = person2021(); const rows = agreeing(rec); rows['public-security'][0]!.registration_status = 2; return { rec, rows }; }],
    ['XC_PUBSEC_NAME_DIFFERS', () => { const rec = person2021(); const rows = agreeing(rec); rows['public-security'][0]!.name = '户籍名'; return { rec, rows }; }],
    ['XC_PUBSEC_SEX_DIFFERS', () => { const rec = person2021(); const rows = agreeing(rec); rows['public-security'][0]!.sex = 'female'; return { rec, rows }; }],
    ['XC_PUBSEC_BIRTH_DATE_DIFFERS', () => { const rec = person2021(); const rows = agreeing(rec); rows['public-security'][0]!.birth_date = '1981-01-01'; return { rec, rows }; }],
  ];

  it.each(cases)('%s fires alone on its planted disagreement', (id, make) => {
    const { rec, rows } = make();
    expect(ids(checkRecord(rec, cross, { ...ctx, departments: indexes(rows) }))).toEqual([id]);
  });

  it('has a case for every 2021 cross-check rule', () => {
    expect(cases.map((c) => c[0]).sort()).toEqual(cross.map((r) => r.id).sort());
  });

  it('reads the 2021 items, never the 2017 items of the same number', () => {
    // 2021 r14 is the medical premium subsidy; a stray 2017-style r14 (在校) value must not trigger education rules.
    for (const r of cross) for (const i of r.items) expect(['certificate_no', 'name', 'sex', 'birth_date', 'resident_id', 'person_status', 'hukou', 'r6', 'r7', 'r7_4', 'r8', 'r9', 'r12', 'r13', 'r14', 'r15', 'r20']).toContain(i);
  });
});

describe('the README accounts for every 2017 rule without a 2021 version', () => {
  it('its table lists exactly the 2017 consistency and cross-check rules whose id no 2021 rule has, and the counts are the rule sets\'', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## The 2021/22 form'), readme.indexOf('Titles, severities and bases'));
    const listed = [...section.matchAll(/^\| `((?:CON|XC)_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    const ids = (v: '2017' | '2021') => [...consistencyRules(v), ...crossCheckRules(v)].map((r) => r.id);
    const in2021 = new Set(ids('2021'));
    expect(listed.sort()).toEqual(ids('2017').filter((id) => !in2021.has(id)).sort());
    expect(section).toContain(`| \`consistencyRules(v)\` | ${consistencyRules('2017').length} | ${consistencyRules('2021').length} |`);
    expect(section).toContain(`| \`crossCheckRules(v)\` | ${crossCheckRules('2017').length} | ${crossCheckRules('2021').length} |`);
  });
});
