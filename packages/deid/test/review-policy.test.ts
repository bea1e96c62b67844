/**
 * Review tests of the default policy: ID numbers hidden in unusual places never survive, and 2021
 * records (whose R4/R5 are 联系人姓名/联系电话, not 2017's 婚姻状况/联系人姓名) lose their direct identifiers.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeDisabilityCertificateNo } from '@canji/id';
import { personForm } from '@canji/form';
import { createPseudonymizer, deidentifyAll, defaultPolicy } from '@canji/deid';
import { strongKey, residentIdArb, toFullWidth } from './arbitraries.js';

/** Every digit run in the output, with separators and full-width forms removed. */
const digitsOf = (v: unknown): string => JSON.stringify(v).replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[^0-9Xx]/g, '');

describe('review: default policy', () => {
  it('no ID or certificate number survives, wherever it is put (known and unknown keys, sub-items, arrays, numbers, full-width, legacy 15 digits)', async () => {
    const p = await createPseudonymizer({ key: strongKey('review policy key'), keyId: 'rv' });
    if (!p.ok) throw new Error(p.error.message);
    await fc.assert(
      fc.asyncProperty(residentIdArb, fc.boolean(), async (id, withPseudonymizer) => {
        const cert = makeDisabilityCertificateNo({ residentId: id, category: 5, level: 3 });
        const legacy = id.slice(0, 6) + id.slice(8, 17);
        const rec: Record<string, unknown> = {
          resident_id: id.toLowerCase(), certificate_no: `${cert}B1`, householder_id: toFullWidth(id), r2: cert,
          region_code: id, birth_date: id, collected_on: id, survey_year: Number(id.slice(0, 17)), sex: id,
          r7: legacy, r16: [id], r27: [1, Number(legacy)], r99_1: cert, r6_1: id, ext_note: `证号：${id}`, remarks: id,
          disability_category: `${id.slice(0, 9)} ${id.slice(9)}`,
        };
        const policy = defaultPolicy({ asOf: '2024-10-31', ...(withPseudonymizer ? { pseudonymizer: p.value } : {}) });
        const [out] = await deidentifyAll([rec], policy);
        const text = JSON.stringify(out!.record);
        for (const needle of [id, id.slice(0, 17), legacy, cert.slice(0, 18)]) expect(digitsOf(text)).not.toContain(needle.slice(0, 14));
        expect(text).not.toMatch(/\d{14}/);
      }),
      { numRuns: 40 },
    );
  });

  it('2021 records: R4 联系人姓名 and R5 联系电话 are dropped (even a pinyin name that looks like a code); R3 婚姻状况 and R6 住机构 kept', async () => {
    const rec = { r3: 20, r4: 'LiMing', r5: '13800138000', r5_1: '0731-84123456', r6: 2, hukou: 1, r9: 1 };
    const [out2021] = await deidentifyAll([rec], defaultPolicy({ formVersion: '2021' }));
    expect(out2021!.record).toEqual({ r3: 20, r6: 2, hukou: 1, r9: 1 });
    // with the form's own item list the result is the same
    const [viaItems] = await deidentifyAll([rec], defaultPolicy({ items: personForm('2021').items }));
    expect(viaItems!.record).toEqual(expect.not.objectContaining({ r4: expect.anything(), r5: expect.anything() }));
    // read as 2017 numbering (the default) R4 would be 婚姻状况 and a Latin name passes as a code:
    // the reason for the formVersion option
    const [as2017] = await deidentifyAll([rec], defaultPolicy());
    expect(as2017!.record.r4).toBe('LiMing');
  });
});
