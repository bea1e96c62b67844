import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { upgradeLegacyId } from '@canji/id';
import { HIERARCHIES, createPseudonymizer, defaultPolicy, deidentifyAll, deidentifyRecords, describePolicy, holdsIdLikeNumber, validatePolicy, type DeidPolicy, type FieldRule } from '@canji/deid';
import { strongKey, personRecordArb } from './arbitraries.js';

const KEY = strongKey('policy test key');
const pseudo = await createPseudonymizer({ key: KEY, keyId: 'k1' });
if (!pseudo.ok) throw new Error('setup');

function rawIdentifiers(rec: Record<string, unknown>): string[] {
  const id = rec.resident_id as string;
  const hh = (rec.householder_id as string).toUpperCase();
  const out = [id, hh, rec.certificate_no as string, id.slice(0, 17), hh.slice(0, 17), id.slice(6, 14) + id.slice(14, 17)];
  if (id.slice(6, 8) === '19') out.push(id.slice(0, 6) + id.slice(8, 17));
  return out;
}

describe('default policy', () => {
  const policies: [string, DeidPolicy][] = [
    ['without pseudonymizer', defaultPolicy()],
    ['with pseudonymizer', defaultPolicy({ pseudonymizer: pseudo.value })],
    ['with asOf', defaultPolicy({ asOf: '2024-10-31', pseudonymizer: pseudo.value, regionLevel: 1 })],
  ];
  it.each(policies)('no raw ID or certificate number survives (%s)', async (_, policy) => {
    await fc.assert(
      fc.asyncProperty(fc.array(personRecordArb, { minLength: 1, maxLength: 8 }), async (records) => {
        const out = await deidentifyAll(records, policy);
        const text = JSON.stringify(out.map((o) => o.record)).toUpperCase();
        for (const rec of records) for (const raw of rawIdentifiers(rec)) expect(text).not.toContain(raw.toUpperCase());
        expect(text).not.toMatch(/\d{14}/);
      }),
      { numRuns: 40 },
    );
  });

  it('states what was done to every input field', async () => {
    const [rec] = fc.sample(personRecordArb.filter((r) => 'local_note' in r), { numRuns: 1, seed: 3 });
    const [out] = await deidentifyAll([rec!], defaultPolicy({ asOf: '2024-10-31', pseudonymizer: pseudo.value }));
    expect(Object.keys(out!.fields).sort()).toEqual(Object.keys(rec!).sort());
    expect(out!.fields.resident_id).toMatchObject({ action: 'pseudonymized' });
    expect(out!.fields.name).toMatchObject({ action: 'dropped' });
    expect(out!.fields.remarks).toMatchObject({ action: 'dropped' });
    expect(out!.fields.local_note).toMatchObject({ action: 'dropped' });
    expect(out!.fields.region_code).toMatchObject({ action: 'generalized' });
    expect(out!.fields.r27).toMatchObject({ action: 'kept' });
    expect(out!.record.region_code).toBe((rec!.region_code as string).slice(0, 6));
    expect(out!.record.birth_date).toMatch(/^\d+-\d+$|^90\+$/);
    expect(out!.record.collected_on).toBe('2024-08');
    expect(out!.record.r27).toEqual(rec!.r27);
    // the person, the certificate and the householder get tokens; person and certificate agree
    expect(out!.record.resident_id).toBe(out!.record.certificate_no);
    expect(out!.record.householder_id).toMatch(/^k1:/);
  });

  it('drops, with a reason, an ID-bearing field it cannot pseudonymise and anything still holding a long digit run', async () => {
    const policy: DeidPolicy = { fields: { resident_id: { action: 'pseudonymize' }, note: { action: 'keep' } }, pseudonymizer: pseudo.value };
    const [out] = await deidentifyAll([{ resident_id: '11010519491231002Y', note: '号码 1101 0519 4912 3100 2X' }], policy);
    expect(out!.record).toEqual({});
    expect(out!.fields.resident_id).toMatchObject({ action: 'dropped', reason: 'DEID_ID_INVALID' });
    expect(out!.fields.note).toMatchObject({ action: 'dropped', reason: 'DEID_ID_PATTERN_FOUND' });
    const [noKey] = await deidentifyAll([{ resident_id: '11010519491231002X' }], { fields: { resident_id: { action: 'pseudonymize' } } });
    expect(noKey!.fields.resident_id).toMatchObject({ reason: 'DEID_PSEUDONYMIZER_MISSING' });
  });

  it('takes identifier classes from form items when given', async () => {
    const policy = defaultPolicy({ items: [{ key: 'ethnicity', identifier: 'quasi', type: 'single' }, { key: 'r9', identifier: 'direct', type: 'text' }] });
    const [out] = await deidentifyAll([{ ethnicity: 1, r9: 2, r10: 3 }], policy);
    expect(out!.record).toEqual({ ethnicity: 1, r10: 3 });
  });

  it('streams an async iterable in order', async () => {
    async function* source() {
      for (let i = 0; i < 2500; i++) yield { survey_year: 2024, r16: (i % 2) + 1, seq: i };
    }
    let n = 0;
    for await (const { record, fields } of deidentifyRecords(source(), defaultPolicy())) {
      expect(record).toEqual({ survey_year: 2024, r16: (n % 2) + 1 });
      expect(fields.seq).toEqual({ action: 'dropped' });
      n++;
    }
    expect(n).toBe(2500);
  });

  it('masks with a preset when the policy says so', async () => {
    const [out] = await deidentifyAll([{ name: '欧阳明华', phone: '13800138000' }], {
      fields: { name: { action: 'mask', preset: 'name.keep-surname' }, phone: { action: 'mask', preset: 'phone.standard' } },
    });
    expect(out!.record).toEqual({ name: '欧阳**', phone: '138****8000' });
    expect(out!.fields.name).toEqual({ action: 'masked', detail: 'name.keep-surname' });
  });

  it('fails closed on invalid rules, and validatePolicy names them', async () => {
    const policy: DeidPolicy = {
      fields: {
        birth_date: { action: 'generalize', hierarchy: HIERARCHIES.date, level: -1 },
        name: { action: 'mask', preset: 'name.nope' } as unknown as FieldRule,
        sex: { action: 'publish' } as unknown as FieldRule,
      },
      patterns: [{ match: '([', rule: { action: 'keep' } }],
    };
    const [out] = await deidentifyAll([{ birth_date: '1987-03-15', name: '张三', sex: 'male', x: 1 }], policy);
    expect(out!.record).toEqual({});
    expect(out!.fields.birth_date).toMatchObject({ action: 'dropped', reason: 'DEID_LEVEL_INVALID' });
    expect(out!.fields.name).toMatchObject({ action: 'dropped', reason: 'DEID_RULE_INVALID' });
    expect(out!.fields.sex).toMatchObject({ action: 'dropped', reason: 'DEID_RULE_INVALID' });
    expect(validatePolicy(policy)).toMatchObject({ ok: false, error: { code: 'DEID_RULE_INVALID', field: '([' } });
    expect(validatePolicy({ ...policy, patterns: [] })).toMatchObject({ ok: false, error: { code: 'DEID_LEVEL_INVALID', field: 'birth_date' } });
    expect(validatePolicy({ fields: { resident_id: { action: 'pseudonymize' } } })).toMatchObject({ ok: false, error: { code: 'DEID_PSEUDONYMIZER_MISSING' } });
    expect(validatePolicy(defaultPolicy({ asOf: '2024-10-31', pseudonymizer: pseudo.value })).ok).toBe(true);
  });

  it('is plain data: a policy survives a JSON round trip and behaves the same', async () => {
    const policy = defaultPolicy({ asOf: '2024-10-31' });
    const copy = JSON.parse(JSON.stringify(policy)) as DeidPolicy;
    const records = fc.sample(personRecordArb, { numRuns: 20, seed: 9 });
    expect(await deidentifyAll(records, copy)).toEqual(await deidentifyAll(records, policy));
  });

  it('describes itself in zh-CN', () => {
    const d = describePolicy(defaultPolicy({ asOf: '2024-10-31' }), ['name', 'region_code', 'birth_date', 'r27', 'unknown']);
    expect(d.map((x) => x.description)).toEqual(['删除', '泛化到县级', '泛化到5岁组', '保留代码、数值和日期；自由文本删除', '删除']);
  });

  it('the digit guard finds IDs written with separators or full-width digits', () => {
    expect(holdsIdLikeNumber('1101-0519-4912-3100-2X')).toBe(true);
    expect(holdsIdLikeNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe(true);
    expect(holdsIdLikeNumber(110105194912310020)).toBe(true);
    expect(holdsIdLikeNumber('430104001001')).toBe(false);
    expect(holdsIdLikeNumber(upgradeLegacyId('110105491231002')!)).toBe(true);
  });
});
