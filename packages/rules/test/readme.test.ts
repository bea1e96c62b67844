// The README example, run as written (a user copies it first).
import { expect, it } from 'vitest';
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import { batchRules, buildDepartmentIndex, checkBatch, consistencyRules, crossCheckRules, formRules, maskReport, renderReportHtml } from '@canji/rules';

it('README example', async () => {
  const resident_id = makeResidentId({ regionCode: '430121', birthDate: '1980-03-15', sex: 'male' });
  const record = {
    region_code: '430121001001', survey_year: 2019, reference_date: '2019-06-30', person_status: 6,
    collection_mode: 1, name: '测试甲', resident_id,
    certificate_no: makeDisabilityCertificateNo({ residentId: resident_id, category: 4, level: 3 }),
    r3: 1, r4: 20, r6: '13800000000', r7: 2, r10: 3, r11: 1, r12: 1, r13: 3, r16: 1, r17: 6, r20: [6], r21: [6],
    r22: [4], r23: 1, r24: 2, r25: 1, r26: 2, r27: [6], r28: [4], r31: 1, r32: 2, r35: [6], r36: [1], r37: [6],
    r38: 2, r39: [9], r40: 1, householder_name: '测试甲', householder_id: resident_id, declarant_name: '测试甲',
  };
  const hukou = buildDepartmentIndex('public-security', [{ resident_id, registration_status: 3 }]);
  const report = await checkBatch([record], {
    rules: [...formRules('2017'), ...consistencyRules('2017'), ...batchRules(), ...crossCheckRules('2017')],
    context: { referenceDate: '2019-06-30', batchRegion: '430121', departments: { 'public-security': hukou } },
  });
  expect(report.counts).toMatchObject({ read: 1, withErrors: 1 });
  expect(report.departments[0]!.discrepancies[0]!.ruleId).toBe('XC_PUBSEC_DECEASED_REPORTED_NORMAL');
  const html = renderReportHtml(maskReport(report));
  expect(html).toContain('数据校验报告');
  expect(html).not.toContain(resident_id);
  // the deceased person is the only finding
  expect(report.rules.filter((r) => r.records > 0).map((r) => r.id)).toEqual(['XC_PUBSEC_DECEASED_REPORTED_NORMAL']);
});
