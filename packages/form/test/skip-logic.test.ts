/**
 * One test per row of docs/guides/form-reconstruction.md §5 (skip logic) and per rule of §6 (consistency
 * checks), keyed by the ids of `personForm('2017').checks`: rows enforced here are shown to be
 * enforced; rows left to @canji/rules are shown to be accepted here (the form does not judge them).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { extendForm, personForm, validatePerson } from '@canji/form';
import { identity, ruralElder, urbanEmployed } from './fixtures.js';

const errors = (rec: unknown) => validatePerson(rec).problems.filter((p) => p.severity === 'error').map((p) => `${p.code}@${p.item}`);
const child = (birthDate: string, overrides: Record<string, unknown> = {}) => {
  const id = identity(birthDate, 5, 2, 'female');
  return {
    region_code: '110105001001', survey_year: 2019, reference_date: '2019-07-01', person_status: 6, collection_mode: 1, name: '测试戊', ...id,
    r3: 1, r5: '测试己', r6: '13800000000', r7: 2, r10: 3, r11: 1, r14: 2, r25: 1, r26: 2, r27: [6], r28: [1], r31: 1, r32: 2, r35: [3], r37: [3], r38: 2, r39: [9], r40: 1,
    householder_name: '测试己', householder_id: identity('1980-01-01').resident_id, declarant_name: '测试己', ...overrides,
  };
};

const form = personForm('2017');
const tested = new Set<string>();
const row = (id: string, fn: () => void) => {
  const check = form.checks.find((c) => c.id === id);
  it(`${id} (${check?.ref ?? '?'}; ${check?.enforcedBy ?? '?'})`, () => {
    expect(check, `${id} is in personForm('2017').checks`).toBeDefined();
    tested.add(id);
    fn();
  });
};

describe('fixtures are valid', () => {
  it('child records are valid', () => {
    expect(errors(child('2009-03-01'))).toEqual([]);
    expect(errors(child('2015-03-01', { r14: 1, r40: undefined, r39: [9] }))).toEqual([]);
  });
});

describe('§5 skip logic', () => {
  row('SKIP_STATUS_NOT_NORMAL', () => {
    const { r3: _a, r4: _b, r5: _c, r6: _d, r7: _e, r8: _f, r9: _g, r12: _h, r13: _i, r16: _j, r17: _k, r20: _l, r21: _m, r22: _n, r23: _o, r25: _p, r27: _q, r28: _r, r29: _s, r30: _t, r31: _u, r32: _v, r35: _w, r36: _x, r37: _y, r38: _z, r39: _aa, r40: _ab, householder_name: _ac, householder_id: _ad, declarant_name: _ae, ...idOnly } = urbanEmployed({ person_status: 5 });
    expect(errors(idOnly)).toEqual([]);
    expect(validatePerson(urbanEmployed({ person_status: 5 })).problems.filter((p) => p.rule === 'SKIP_STATUS_NOT_NORMAL').length).toBeGreaterThan(25);
  });
  row('SKIP_R7_INSTITUTION', () => {
    expect(errors(urbanEmployed({ r7: 1 }))).toEqual(['R8', 'R9', 'R16', 'R17', 'R20', 'R21', 'R38', 'R39', 'R40'].map((c) => `FORM_NOT_APPLICABLE@${c}`));
    const { r8: _a, r9: _b, r16: _c, r17: _d, r20: _e, r21: _f, r38: _g, r39: _h, r40: _i, householder_name: _j, householder_id: _k, declarant_name: _l, ...rest } = urbanEmployed({ r7: 1 });
    expect(errors(rest)).toEqual([]);
  });
  row('SKIP_R3_NON_AGRICULTURAL', () => {
    expect(errors(urbanEmployed({ r10: 1, r11: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R10', 'FORM_NOT_APPLICABLE@R11']);
    expect(errors(urbanEmployed({ r8: undefined }))).toEqual(['FORM_REQUIRED@R8']);
  });
  row('SKIP_R3_AGRICULTURAL', () => {
    expect(errors(ruralElder({ r8: 1, r9: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R8', 'FORM_NOT_APPLICABLE@R9']);
    expect(errors(ruralElder({ r10: undefined }))).toEqual(['FORM_REQUIRED@R10']);
    expect(errors(ruralElder({ r27: [5] }))).toEqual([]);
  });
  row('R9_2_SUBTYPE', () => {
    expect(errors(urbanEmployed({ r9: 2 }))).toEqual(['FORM_REQUIRED@R9-2']);
    expect(errors(urbanEmployed({ r9: 2, r9_2: [1, 3] }))).toEqual([]);
    expect(errors(urbanEmployed({ r9_2: [1] }))).toEqual(['FORM_NOT_APPLICABLE@R9-2']);
  });
  row('SKIP_AGE_UNDER_15', () => {
    expect(errors(child('2009-03-01', { r12: 1, r13: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R12', 'FORM_NOT_APPLICABLE@R13']);
    expect(errors(urbanEmployed({ r12: undefined }))).toEqual(['FORM_REQUIRED@R12']);
  });
  row('R12_RESTRICTS_R13', () => {
    // Left to @canji/rules: the restricted list is not known, so the form accepts 不识字 + 大学本科.
    expect(errors(urbanEmployed({ r12: 2, r13: 6 }))).toEqual([]);
  });
  row('SKIP_R13_NEVER_SCHOOLED', () => {
    expect(errors(ruralElder({ r14: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R14']);
  });
  row('R15_SCOPE', () => {
    expect(errors(child('2009-03-01', { r14: undefined }))).toEqual(['FORM_REQUIRED@R15']);
    expect(errors(child('2009-03-01', { r14: undefined, r15: 1 }))).toEqual([]);
    expect(errors(child('2009-03-01', { r15: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R15']);
    expect(errors(urbanEmployed({ r15: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R15']);
  });
  row('IMPL_ENROLLED', () => {
    expect(errors(urbanEmployed({ r14: 5 }))).toEqual(['FORM_IMPLIED_VALUE@R16']);
    const notEmployed = { r14: 5, r16: 2, r16_2: 2, r17: undefined, r18: 4, r20: undefined, r21: undefined };
    expect(errors(urbanEmployed({ ...notEmployed, r19: 4, r20: [6], r21: [6] }))).toEqual(['FORM_IMPLIED_VALUE@R19']);
    expect(errors(urbanEmployed({ ...notEmployed, r19: 1, r22: [1, 2], r23: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R22', 'FORM_NOT_APPLICABLE@R23']);
  });
  row('SKIP_AGE_OUTSIDE_16_59', () => {
    expect(errors(ruralElder({ r16: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R16']);
    expect(validatePerson(ruralElder({ r16: 2 })).problems[0]?.rule).toBe('SKIP_AGE_OUTSIDE_16_59');
  });
  row('SKIP_R16_EMPLOYED', () => {
    expect(errors(urbanEmployed({ r18: 1, r19: 4 }))).toEqual(['FORM_NOT_APPLICABLE@R18', 'FORM_NOT_APPLICABLE@R19']);
    expect(errors(urbanEmployed({ r17: undefined }))).toEqual(['FORM_REQUIRED@R17']);
  });
  row('SKIP_R16_NOT_EMPLOYED', () => {
    expect(errors(urbanEmployed({ r16: 2, r18: 4, r19: 4 }))).toEqual(['FORM_REQUIRED@R16-2', 'FORM_NOT_APPLICABLE@R17']);
    // 农业: no R16-2.
    const rural = { r3: 1, r8: undefined, r9: undefined, r10: 3, r11: 1 };
    expect(errors(urbanEmployed({ ...rural, r16: 2, r17: undefined, r18: 4, r19: 4, r16_2: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R16-2']);
  });
  row('SKIP_R19_IN_SCHOOL', () => {
    const rec = urbanEmployed({ r14: 5, r16: 2, r16_2: 2, r17: undefined, r18: 4, r19: 1, r20: [6], r21: [6], r22: undefined, r23: undefined });
    expect(errors(rec)).toEqual(['FORM_NOT_APPLICABLE@R20', 'FORM_NOT_APPLICABLE@R21']);
    expect(validatePerson(rec).problems[0]?.rule).toBe('SKIP_R19_IN_SCHOOL');
  });
  row('SKIP_R19_NO_SUPPORT', () => {
    for (const r19 of [2, 3, 5]) {
      const rec = urbanEmployed({ r16: 2, r16_2: 2, r17: undefined, r18: 4, r19 });
      expect(errors(rec)).toEqual(['FORM_NOT_APPLICABLE@R20', 'FORM_NOT_APPLICABLE@R21']);
      const { r20: _a, r21: _b, ...ok } = rec;
      expect(errors(ok)).toEqual([]);
    }
  });
  row('R19_CONTINUE', () => {
    for (const r19 of [4, 6, 7]) {
      expect(errors(urbanEmployed({ r16: 2, r16_2: 2, r17: undefined, r18: 4, r19, r20: undefined }))).toEqual(['FORM_REQUIRED@R20']);
    }
  });
  row('SKIP_AGE_UNDER_16_INSURANCE', () => {
    expect(errors(child('2009-03-01', { r22: [4], r23: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R22', 'FORM_NOT_APPLICABLE@R23']);
  });
  row('SKIP_AGE_OVER_59_R24', () => {
    expect(errors(ruralElder({ r24: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R24']);
    expect(validatePerson(ruralElder({ r24: 1 })).problems[0]?.rule).toBe('SKIP_AGE_OVER_59_R24');
  });
  row('SKIP_R22_EMPLOYEE_PENSION', () => {
    expect(errors(urbanEmployed({ r22: [1], r23: 1, r24: 1, r25: 1, r26: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R24', 'FORM_IMPLIED_VALUE@R23']);
  });
  row('SKIP_R22_EMPLOYEE_MEDICAL', () => {
    expect(errors(urbanEmployed({ r22: [2], r23: 2, r25: 1, r26: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R26', 'FORM_IMPLIED_VALUE@R25']);
  });
  row('SKIP_R23_NO', () => {
    expect(errors(urbanEmployed({ r22: [4], r23: 2, r24: 2, r25: 1, r26: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R24']);
    expect(errors(urbanEmployed({ r22: [4], r23: 1, r25: 1, r26: 2 }))).toEqual(['FORM_REQUIRED@R24']);
  });
  row('SKIP_R25_NO', () => {
    expect(errors(ruralElder({ r25: 2 }))).toEqual(['FORM_NOT_APPLICABLE@R26']);
    expect(errors(ruralElder({ r26: undefined }))).toEqual(['FORM_REQUIRED@R26']);
  });
  row('SKIP_CARE_SCOPE', () => {
    expect(errors(ruralElder({ r29: 2, r30: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R29', 'FORM_NOT_APPLICABLE@R30']);
    const lvl3 = urbanEmployed(identity('1980-05-06', 4, 3));
    expect(errors(lvl3)).toEqual(['FORM_NOT_APPLICABLE@R29', 'FORM_NOT_APPLICABLE@R30']);
    expect(errors(urbanEmployed({ ...identity('1980-05-06', 6, 3), r29: undefined, r30: undefined }))).toEqual(['FORM_REQUIRED@R29']);
  });
  row('SKIP_R29_YES', () => {
    expect(errors(urbanEmployed({ r29: 1, r29_1: 2, r30: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R30']);
  });
  row('SKIP_R32_NO', () => {
    expect(errors(urbanEmployed({ r33: 2, r34: [1] }))).toEqual(['FORM_NOT_APPLICABLE@R33', 'FORM_NOT_APPLICABLE@R34']);
  });
  row('SKIP_R33_YES', () => {
    expect(errors(ruralElder({ r33: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R34']);
    expect(errors(ruralElder({ r34: undefined }))).toEqual(['FORM_REQUIRED@R34']);
  });
  row('SKIP_R35_RECEIVED', () => {
    expect(errors(ruralElder({ r36: [1] }))).toEqual(['FORM_NOT_APPLICABLE@R36']);
    expect(errors(urbanEmployed({ r36: undefined }))).toEqual(['FORM_REQUIRED@R36']);
  });
  row('SKIP_R40_YES', () => {
    expect(errors(urbanEmployed({ r41: [1] }))).toEqual(['FORM_NOT_APPLICABLE@R41']);
    expect(errors(ruralElder({ r41: undefined }))).toEqual(['FORM_REQUIRED@R41']);
  });
  row('SKIP_AGE_UNDER_6', () => {
    expect(errors(child('2015-03-01', { r14: 1 }))).toEqual(['FORM_NOT_APPLICABLE@R40']);
  });
  row('EXT_G16_AGE', () => {
    const ext = extendForm(form, {
      id: 'g', region: '测试', approvedBy: '测试', approvalNo: '测试1号',
      items: [{ key: 'g16', code: 'G16', label: '残疾儿童康复项目救助', section: 'ext', type: 'yesno', codeList: 'yesNo', askedWhen: { age: { max: 18 } }, identifier: 'sensitive' }],
    });
    if (!ext.ok) throw new Error(ext.error.message);
    expect(validatePerson(child('2009-03-01', { ext: { g: { g16: 1 } } }), { form: ext.value }).ok).toBe(true);
    expect(validatePerson(urbanEmployed({ ext: { g: { g16: 1 } } }), { form: ext.value }).problems.map((p) => p.code)).toEqual(['FORM_NOT_APPLICABLE']);
  });
});

describe('§6 consistency checks', () => {
  row('EXCLUSIVE', () => {
    const exclusive = Object.fromEntries(form.items.filter((i) => i.exclusive).map((i) => [i.code, i.exclusive]));
    expect(exclusive).toEqual({ R20: [6], R21: [6], R22: [4], R27: [6], R28: [4], R35: [6], R37: [6], R39: [9] });
    for (const [code, [x]] of Object.entries(exclusive) as [string, number[]][]) {
      const key = code.toLowerCase();
      expect(errors(urbanEmployed({ [key]: [1, x] })), code).toContain(`FORM_EXCLUSIVE@${code}`);
    }
  });
  row('R26_IMPLIES_R27_3', () => {
    expect(errors(ruralElder({ r26: 1, r27: [6] }))).toEqual([]);
  });
  row('R27_IMPLIES_R28', () => {
    expect(errors(ruralElder({ r27: [1, 2], r28: [4] }))).toEqual([]);
  });
  row('OPT_R27_1_URBAN_NEEDS_R8_1', () => {
    expect(errors(urbanEmployed({ r27: [1] }))).toEqual(['FORM_OPTION_NOT_AVAILABLE@R27']);
    expect(errors(urbanEmployed({ r8: 1, r27: [1] }))).toEqual([]);
  });
  row('OPT_R27_5_RURAL_GOOD_HOUSE', () => {
    expect(errors(urbanEmployed({ r27: [5] }))).toEqual(['FORM_OPTION_NOT_AVAILABLE@R27']);
    expect(errors(ruralElder({ r11: 2, r27: [5] }))).toEqual(['FORM_OPTION_NOT_AVAILABLE@R27']);
  });
  row('SUBCHOICE_REQUIRED', () => {
    expect(errors(urbanEmployed({ r17: 1 }))).toEqual(['FORM_REQUIRED@R17-1']);
    expect(errors(urbanEmployed({ r17: 1, r17_1: 1 }))).toEqual([]);
    expect(errors(urbanEmployed({ r29: 1, r30: undefined }))).toEqual(['FORM_REQUIRED@R29-1']);
    expect(errors(urbanEmployed({ r9: 2 }))).toEqual(['FORM_REQUIRED@R9-2']);
  });
  row('R29_REQUIRED', () => {
    for (const [cat, lvl] of [[5, 4], [6, 1], [4, 1]] as const) {
      expect(errors(urbanEmployed({ ...identity('1980-05-06', cat, lvl), r29: undefined, r30: undefined })), `${cat}/${lvl}`).toEqual(['FORM_REQUIRED@R29']);
    }
    // 多重: shown but optional (S5).
    expect(errors(urbanEmployed({ ...identity('1980-05-06', 7, 3), r29: undefined, r30: undefined }))).toEqual([]);
  });
  row('HOUSEHOLDER_ID', () => {
    expect(errors(urbanEmployed({ householder_id: '110105198005060000' }))).toEqual(['ID_CHECKSUM@householder_id']);
    expect(errors(urbanEmployed({ householder_id: undefined }))).toEqual(['FORM_REQUIRED@householder_id']);
    expect(errors(urbanEmployed({ householder_name: '集体户口', householder_id: undefined }))).toEqual([]);
  });
  row('CERTIFICATE_NO', () => {
    const cert = urbanEmployed().certificate_no!;
    expect(errors(urbanEmployed({ certificate_no: `${cert.slice(0, 18)}82` }))).toContain('CERT_CATEGORY@R2');
    expect(errors(urbanEmployed({ certificate_no: `${cert.slice(0, 18)}49` }))).toContain('CERT_LEVEL@R2');
    expect(errors(urbanEmployed({ certificate_no: cert.slice(0, 18) }))).toContain('CERT_LENGTH@R2');
  });
  row('R18_PENSION_UNDER_45', () => {
    expect(errors(urbanEmployed({ r16: 2, r16_2: 2, r17: undefined, r18: 1, r19: 2, r20: undefined, r21: undefined }))).toEqual([]);
  });
  row('R17_QUOTA_WITHOUT_INSURANCE', () => {
    expect(errors(urbanEmployed({ r17: 1, r17_1: 1, r22: [4], r23: 1, r24: 1, r25: 1, r26: 2 }))).toEqual([]);
  });
  row('YEAR_ON_YEAR', () => {
    expect(form.checks.find((c) => c.id === 'YEAR_ON_YEAR')?.enforcedBy).toBe('rules');
  });
  row('DEPARTMENT_COMPARISON', () => {
    expect(form.checks.find((c) => c.id === 'DEPARTMENT_COMPARISON')?.enforcedBy).toBe('rules');
  });
});

afterAll(() => {
  // Every documented check has a test in this file.
  const missing = form.checks.map((c) => c.id).filter((id) => !tested.has(id));
  if (missing.length) throw new Error(`checks without a test: ${missing.join(', ')}`);
});
