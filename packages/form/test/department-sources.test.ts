import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeResidentId } from '@canji/id';
import {
  applyDepartmentSources,
  createDepartmentSourcer,
  DEPARTMENT_IDS,
  departmentSourcedAnswer,
  departmentSourcedItems,
  getDepartmentSourcedItem,
  getExtractDepartment,
  personForm,
  renderDataDictionary,
  type DepartmentRows,
  type ExtractField,
} from '../src/index.js';

const ID_A = makeResidentId({ regionCode: '430121', birthDate: '1970-03-04', sex: 'male', sequence: 11 });
const ID_B = makeResidentId({ regionCode: '430121', birthDate: '1985-07-21', sex: 'female', sequence: 20 });
const rows = (entries: Record<string, Record<string, unknown>>): DepartmentRows => new Map(Object.entries(entries));

describe('the department-sourced items are data that fits the extracts and the forms', () => {
  it('every field an item reads is a column of its department extract (civil affairs: the merged benefits)', () => {
    for (const item of departmentSourcedItems()) {
      const columns = getExtractDepartment(item.department).fields.map((f: ExtractField) => f.key);
      for (const f of item.fields) {
        expect(f === 'benefits' ? columns.includes('benefit') : columns.includes(f), `${item.key}.${f}`).toBe(true);
      }
    }
  });

  it('every item asked on a form version is an item of that form, and its code is a code of the item', () => {
    for (const item of departmentSourcedItems()) {
      for (const [version, ref] of Object.entries(item.askedAs)) {
        const form = personForm(version as '2017' | '2021');
        const def = form.items.find((i) => i.key === ref!.item);
        expect(def, `${item.key} ${version} ${ref!.item}`).toBeDefined();
        if (ref!.code !== undefined) {
          const list = form.codeLists[def!.codeList!]!;
          expect(list.entries.map((e) => e.code), `${item.key} ${version}`).toContain(ref!.code);
        }
      }
    }
  });

  it('replaces names exactly the 2017 items that the 2021 form no longer asks', () => {
    const items2021 = new Set(personForm('2021').items.map((i) => i.key));
    expect(getDepartmentSourcedItem('dept_care_subsidy')!.replaces).toEqual([{ item: 'r28', code: 2 }]);
    expect(getDepartmentSourcedItem('dept_dibao')!.replaces).toEqual([]); // 2021 asks it as R15-1
    for (const item of departmentSourcedItems()) {
      if (item.askedAs['2021']) expect(items2021.has(item.askedAs['2021'].item)).toBe(true);
      expect(item.replaces.length).toBe(item.askedAs['2017'] && !item.askedAs['2021'] ? 1 : 0);
    }
    expect(departmentSourcedItems().filter((i) => i.replaces.length).map((i) => i.key)).toEqual([
      'dept_enrolled',
      'dept_living_subsidy',
      'dept_care_subsidy',
      'dept_resident_pension',
      'dept_pension_subsidy',
      'dept_unemployment_registered',
      'dept_dangerous_house',
      'dept_housing_security',
      'dept_poverty_registered',
    ]);
  });

  it('keys are unique, prefixed dept_, and every department has at least one item', () => {
    const keys = departmentSourcedItems().map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => k.startsWith('dept_'))).toBe(true);
    for (const d of DEPARTMENT_IDS) expect(departmentSourcedItems().some((i) => i.department === d), d).toBe(true);
  });

  it('the data dictionary of each person form lists them as 部门来源项目 with the form item they replace', () => {
    const md = renderDataDictionary(personForm('2021'));
    expect(md).toContain('## 部门来源项目');
    expect(md).toContain('`dept_care_subsidy`');
    expect(md).toMatch(/`dept_care_subsidy`[^\n]*2017 版 R28/);
    expect(md).toContain('不在名册');
  });
});

describe('applyDepartmentSources', () => {
  const civil = rows({ [ID_A]: { benefits: [1, 4] } });
  const health = rows({ [ID_A]: { family_doctor_contract: 2 }, [ID_B]: { family_doctor_contract: 1 } });

  it('adds the items of the departments supplied: 1 是, 2 否, 3 不在名册; nothing for a department not supplied', () => {
    const rec = { resident_id: ID_A, r3: 1 };
    const out = applyDepartmentSources(rec, { 'civil-affairs': civil, health });
    expect(out).toMatchObject({ resident_id: ID_A, r3: 1, dept_dibao: 1, dept_tekun: 2, dept_living_subsidy: 2, dept_care_subsidy: 1, dept_family_doctor: 2 });
    expect(out).not.toHaveProperty('dept_enrolled');
    expect(rec).toEqual({ resident_id: ID_A, r3: 1 }); // a copy: the record is not changed
    const b = applyDepartmentSources({ resident_id: ID_B }, { 'civil-affairs': civil, health });
    expect(b).toMatchObject({ dept_dibao: 3, dept_care_subsidy: 3, dept_family_doctor: 1 });
  });

  it('matches the ID as the departments key it: 15-digit, lower-case x and full-width spellings find the same row', () => {
    const idX = makeResidentId({ regionCode: '110105', birthDate: '1949-12-31', sex: 'female', sequence: 0 });
    const idx = rows({ [idX]: { family_doctor_contract: 1 } });
    expect(applyDepartmentSources({ resident_id: idX.toLowerCase() }, { health: idx }).dept_family_doctor).toBe(1);
  });

  it('a record without a usable ID gets nothing: absence cannot be told from a bad key', () => {
    const out = applyDepartmentSources({ resident_id: '4.30121E+17' }, { 'civil-affairs': civil });
    expect(Object.keys(out).filter((k) => k.startsWith('dept_'))).toEqual([]);
  });

  it('a row that does not say leaves the item out (not 否)', () => {
    const ss = rows({ [ID_A]: { pension_scheme: 1 } });
    const out = applyDepartmentSources({ resident_id: ID_A }, { 'social-security': ss });
    expect(out.dept_resident_pension).toBe(1);
    expect(out.dept_employee_pension).toBe(2);
    expect(out).not.toHaveProperty('dept_medical_subsidy');
    expect(out).not.toHaveProperty('dept_resident_medical');
  });

  it('civil affairs: one unmerged row with benefit reads like merged benefits', () => {
    const single = rows({ [ID_A]: { benefit: 3 } });
    expect(applyDepartmentSources({ resident_id: ID_A }, { 'civil-affairs': single })).toMatchObject({ dept_living_subsidy: 1, dept_dibao: 2 });
  });

  it('housing: C/D and not renovated is a dangerous house; A/B or renovated is not; a grade alone without the renovation says yes only if C/D', () => {
    const h = (row: Record<string, unknown>) => applyDepartmentSources({ resident_id: ID_A }, { housing: rows({ [ID_A]: row }) }).dept_dangerous_house;
    expect(h({ house_grade: 'D', renovated: 2 })).toBe(1);
    expect(h({ house_grade: 'C' })).toBe(1);
    expect(h({ house_grade: 'D', renovated: 1 })).toBe(2);
    expect(h({ house_grade: 'B' })).toBe(2);
    expect(h({ renovated: 2 })).toBeUndefined();
    expect(h({})).toBeUndefined();
  });

  it('education: a pupil on the roll without 是否在读 is enrolled; 否 is not', () => {
    const e = (row: Record<string, unknown>) => applyDepartmentSources({ resident_id: ID_A }, { education: rows({ [ID_A]: row }) }).dept_enrolled;
    expect(e({ school_name: '某县特殊教育学校' })).toBe(1);
    expect(e({ enrolled: 1 })).toBe(1);
    expect(e({ enrolled: 2 })).toBe(2);
  });

  it('a custom key (keyed pseudonym) is used for every department', () => {
    const idx = rows({ 'p:42': { family_doctor_contract: 1 } });
    expect(applyDepartmentSources({ pid: 'p:42' }, { health: idx }, { key: (r) => r.pid as string }).dept_family_doctor).toBe(1);
  });

  it('law: for any row drawn from the extract code lists, an item is never both 是 and 否, and its value is 1, 2 or absent', () => {
    const items = departmentSourcedItems();
    const fieldArb = (d: (typeof items)[number]['department'], field: string) => {
      const col: ExtractField = getExtractDepartment(d).fields.find((f: ExtractField) => f.key === (field === 'benefits' ? 'benefit' : field))!;
      const codes: unknown[] = col.codes ? col.codes.codes.map((c) => c.code) : [1, 2];
      const one = fc.constantFrom<unknown>(...codes, undefined, '');
      return field === 'benefits' ? fc.uniqueArray(fc.constantFrom(...codes)) : one;
    };
    for (const item of items) {
      const rowArb = fc.record(Object.fromEntries(item.fields.map((f) => [f, fieldArb(item.department, f)])));
      fc.assert(
        fc.property(rowArb, (row) => {
          const v = applyDepartmentSources({ resident_id: ID_A }, { [item.department]: rows({ [ID_A]: row }) })[item.key];
          return v === undefined || v === 1 || v === 2;
        }),
        { numRuns: 200 },
      );
    }
  });
});

describe('departmentSourcedAnswer: 不在名册 is 否 only for complete rosters', () => {
  it('reads the values as a rate needs them', () => {
    expect(departmentSourcedAnswer('dept_care_subsidy', 1)).toBe(true);
    expect(departmentSourcedAnswer('dept_care_subsidy', 2)).toBe(false);
    expect(departmentSourcedAnswer('dept_care_subsidy', 3)).toBe(false);
    expect(departmentSourcedAnswer('dept_resident_pension', 3)).toBeUndefined();
    expect(departmentSourcedAnswer('dept_resident_pension', undefined)).toBeUndefined();
    expect(departmentSourcedAnswer('not_an_item', 3)).toBeUndefined();
  });
});

describe('createDepartmentSourcer: provenance of a batch', () => {
  it('counts persons, matched, not in the roster and without a key per department, with the extract and the file', () => {
    const health = Object.assign(rows({ [ID_A]: { family_doctor_contract: 1 } }), { rowsRead: 5 });
    const civil = rows({ [ID_B]: { benefits: [2] } });
    const s = createDepartmentSourcer({ health, 'civil-affairs': civil }, { meta: { health: { file: 'jtys.csv', periodFrom: '2023-01', periodTo: '2023-06' } } });
    const out = [{ resident_id: ID_A }, { resident_id: ID_B }, { resident_id: 'x' }].map((r) => s.apply(r));
    expect(out[1]).toMatchObject({ dept_tekun: 1, dept_family_doctor: 3 });
    expect(s.provenance()).toEqual([
      { department: 'civil-affairs', extractName: '低保、特困供养及两项补贴发放名册', matchedBy: 'resident-id', persons: 3, matched: 1, notInRoster: 1, withoutKey: 1, items: ['dept_dibao', 'dept_tekun', 'dept_living_subsidy', 'dept_care_subsidy'] },
      { department: 'health', extractName: '家庭医生签约服务名册', file: 'jtys.csv', periodFrom: '2023-01', periodTo: '2023-06', matchedBy: 'resident-id', rows: 5, persons: 3, matched: 1, notInRoster: 1, withoutKey: 1, items: ['dept_family_doctor'] },
    ]);
  });
});
