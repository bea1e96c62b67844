import { describe, expect, it } from 'vitest';
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import { viewFrom2017 } from '@canji/form';
import { buildPreviousRound, checkBatch, checkRecord, consistencyRules, yearOnYearRules, type PersonRecord } from '@canji/rules';
import { person } from './fixtures.js';

const lastYear = (r: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...r, survey_year: 2016, reference_date: '2016-06-30', collected_on: '2016-07-20', ...extra });
const ids = (record: PersonRecord, previous: PersonRecord[], version: '2017' | '2021' = '2017', prevVersion: '2017' | '2021' = version) =>
  checkRecord(record, yearOnYearRules(version), { formVersion: version, previousRound: buildPreviousRound(previous, { formVersion: prevVersion }) }).map((i) => i.ruleId);

describe('year-on-year rules: a person unchanged but for the collection is clean', () => {
  it('nothing but the copied-forward warning when every answer is the same; nothing once one answer changed', () => {
    const now = person({ seq: 3 });
    expect(ids(now, [lastYear(now)])).toEqual(['YOY_COPIED_FORWARD']);
    expect(ids({ ...now, r16: 2, r17: undefined, r18: 1 }, [lastYear(now)])).toEqual([]);
  });

  it('runs only on persons found in the previous round, and not at all without one', () => {
    const now = person({ seq: 3 });
    expect(ids(now, [lastYear(person({ seq: 5 }), { sex: 'female' })])).toEqual([]);
    expect(checkRecord({ ...now, sex: 'female' }, yearOnYearRules('2017'), {})).toEqual([]);
  });
});

describe('each rule fires on its change, with both values', () => {
  const base = person({ seq: 7, category: 4, level: 2 });
  const prev = lastYear({ ...base, r16: 2, r17: undefined, r18: 1 });

  it('identity: sex and birth date (errors); matched by the same ID however it is spelled', () => {
    const issues = checkRecord({ ...base, sex: base.sex === 'male' ? 'female' : 'male', birth_date: '1980-03-16' }, yearOnYearRules('2017'), {
      previousRound: buildPreviousRound([{ ...prev, resident_id: (prev.resident_id as string).toLowerCase() }], { formVersion: '2017' }),
    });
    expect(issues.map((i) => [i.ruleId, i.severity])).toEqual([
      ['YOY_SEX_CHANGED', 'error'],
      ['YOY_BIRTH_DATE_CHANGED', 'error'],
    ]);
    expect(issues[1]!.recorded).toEqual({ previous: '1980-03-15', current: '1980-03-16' });
  });

  it('category or level changed under the same certificate number (errors); a new certificate is not flagged', () => {
    expect(ids({ ...base, disability_category: 1 }, [prev])).toContain('YOY_CATEGORY_CHANGED_SAME_CERTIFICATE');
    expect(ids({ ...base, disability_level: 3 }, [prev])).toContain('YOY_LEVEL_CHANGED_SAME_CERTIFICATE');
    const newCert = makeDisabilityCertificateNo({ residentId: base.resident_id as string, category: 4, level: 3 });
    expect(ids({ ...base, disability_level: 3, certificate_no: newCert }, [prev])).toEqual([]);
  });

  it('a level two steps away, and an adult with intellectual disability whose level got milder (warnings)', () => {
    const newCert = makeDisabilityCertificateNo({ residentId: base.resident_id as string, category: 4, level: 4 });
    expect(ids({ ...base, disability_level: 4, certificate_no: newCert }, [prev])).toEqual(['YOY_LEVEL_JUMP']);
    const id5 = makeResidentId({ regionCode: '430102', birthDate: '1980-03-15', sex: 'male', sequence: 41 });
    const p5 = person({ seq: 41 }, { resident_id: id5, disability_category: 5, disability_level: 2, certificate_no: makeDisabilityCertificateNo({ residentId: id5, category: 5, level: 2 }) });
    const milder = { ...p5, disability_level: 3, certificate_no: makeDisabilityCertificateNo({ residentId: id5, category: 5, level: 3 }), r16: 2, r17: undefined, r18: 1 };
    expect(ids(milder, [lastYear(p5)])).toEqual(['YOY_INTELLECTUAL_LEVEL_IMPROVED']);
    expect(ids({ ...milder, birth_date: undefined, resident_id: makeResidentId({ regionCode: '430102', birthDate: '2005-01-01', sex: 'male', sequence: 41 }) }, [lastYear({ ...p5, resident_id: makeResidentId({ regionCode: '430102', birthDate: '2005-01-01', sex: 'male', sequence: 41 }), birth_date: undefined })])).not.toContain('YOY_INTELLECTUAL_LEVEL_IMPROVED');
  });

  it('education down, on 2017 (R13) and on 2021 (R8)', () => {
    expect(ids({ ...base, r13: 2 }, [prev])).toEqual(['YOY_EDUCATION_DOWN']);
    const now21 = viewFrom2017({ ...base, r13: 2 }, '2021');
    expect(ids(now21, [viewFrom2017(prev, '2021')], '2021')).toEqual(['YOY_EDUCATION_DOWN']);
    // Last round on the 2017 form, this round on 2021: read through the item correspondence.
    expect(ids(now21, [prev], '2021', '2017')).toEqual(['YOY_EDUCATION_DOWN']);
  });

  it('a school-age child in compulsory school last year, not enrolled now without a reason', () => {
    const kid = person({ seq: 9, birthDate: '2007-05-01' }, { r13: 2, r14: 2, r16: undefined, r17: undefined, r20: undefined, r21: undefined, r22: undefined, r23: undefined, r24: undefined });
    expect(ids({ ...kid, r14: undefined }, [lastYear(kid)])).toContain('YOY_SCHOOL_LEFT_WITHOUT_REASON');
    expect(ids({ ...kid, r14: undefined, r15: [1] }, [lastYear(kid)])).not.toContain('YOY_SCHOOL_LEFT_WITHOUT_REASON');
    expect(ids({ ...kid, r14: 3 }, [lastYear(kid)])).not.toContain('YOY_SCHOOL_LEFT_WITHOUT_REASON');
    // 15 at the reference date: the form no longer asks R15, so a pupil who finished 初中 cannot give a reason.
    const fifteen = person({ seq: 9, birthDate: '2002-05-01' }, { r13: 3, r14: 3, r16: undefined, r17: undefined, r20: undefined, r21: undefined, r22: undefined, r23: undefined, r24: undefined });
    expect(ids({ ...fifteen, r14: undefined }, [lastYear(fifteen)])).not.toContain('YOY_SCHOOL_LEFT_WITHOUT_REASON');
  });

  it('a subsidy stopped while still eligible', () => {
    const severe = person({ seq: 11, level: 1 }, { r28: [2] });
    expect(ids({ ...severe, r28: [4] }, [lastYear(severe)])).toEqual(['YOY_CARE_SUBSIDY_STOPPED']);
    const poor = person({ seq: 13 }, { r27: [1], r28: [1] });
    expect(ids({ ...poor, r28: [4] }, [lastYear(poor)])).toEqual(['YOY_LIVING_SUBSIDY_STOPPED']);
    expect(ids({ ...poor, r27: [6], r28: [4] }, [lastYear(poor)])).toEqual([]);
  });

  it('a collection date not after last round\'s', () => {
    expect(ids({ ...base, collected_on: '2016-07-01' }, [prev])).toEqual(['YOY_COLLECTED_BEFORE_PREVIOUS']);
  });
});

describe('in a batch', () => {
  it('the report counts the persons compared, and the year-on-year rules with the others', async () => {
    const people = [1, 3, 5, 7].map((seq) => person({ seq }));
    const previous = people.slice(0, 3).map((p) => lastYear(p, { r16: 2, r17: undefined, r18: 1 }));
    const current = [{ ...people[0]!, sex: people[0]!.sex === 'male' ? 'female' : 'male' }, ...people.slice(1)];
    const report = await checkBatch(current, {
      rules: [...consistencyRules('2017'), ...yearOnYearRules('2017')],
      context: { referenceDate: '2017-06-30', previousRound: buildPreviousRound(previous, { formVersion: '2017' }) },
    });
    expect(report.previousRound).toEqual({ formVersion: '2017', persons: 3, keyed: 4, matched: 3 });
    expect(report.rules.find((r) => r.id === 'YOY_SEX_CHANGED')).toMatchObject({ records: 1, scope: 'year-on-year' });
    expect(report.counts.withErrors).toBe(1);
  });

  it('a pseudonymised pair of rounds matches by the shared key', () => {
    const now = person({ seq: 3 });
    const key = (r: PersonRecord) => r.pid as string | undefined;
    const issues = checkRecord({ ...now, pid: 'p1', resident_id: undefined, sex: 'female' }, yearOnYearRules('2017'), {
      recordKey: (r) => key(r),
      previousRound: buildPreviousRound([lastYear({ ...now, pid: 'p1', resident_id: undefined, sex: 'male' })], { formVersion: '2017', key }),
    });
    expect(issues.map((i) => i.ruleId)).toContain('YOY_SEX_CHANGED');
  });

  it('an unsupported previous-round version is a clear error', () => {
    expect(() => buildPreviousRound([], { formVersion: '2016' })).toThrow(/PREVIOUS_ROUND_VERSION/);
  });
});
