import { describe, expect, it } from 'vitest';
import { personForm } from '@canji/form';
import { synthesizePersons } from '@canji/synth';
import { createPseudonymizer, defaultPolicy, deidentifyAll, measureKAnonymity, type DeidPolicy } from '@canji/deid';
import { strongKey } from './arbitraries.js';

// Realistic full records from @canji/synth (generated, no real persons), classified by @canji/form's items.
const records = [...synthesizePersons({ seed: 42, count: 200, region: '43' })] as unknown as Record<string, unknown>[];
const items = personForm('2017').items;
const pseudo = await createPseudonymizer({ key: strongKey('synth policy key'), keyId: 'k1' });
if (!pseudo.ok) throw new Error('setup');

describe('default policy over synthetic records', () => {
  const policies: [string, DeidPolicy][] = [
    ['built-in classes', defaultPolicy()],
    ['form items + pseudonymizer', defaultPolicy({ items, pseudonymizer: pseudo.value, asOf: '2019-06-30' })],
  ];
  it.each(policies)('releases no ID number, certificate number, phone number or name (%s)', async (_, policy) => {
    const out = await deidentifyAll(records, policy);
    const text = JSON.stringify(out.map((o) => o.record));
    for (const r of records) {
      for (const f of ['resident_id', 'certificate_no', 'householder_id', 'r6', 'name', 'householder_name', 'declarant_name', 'collector']) {
        const v = r[f];
        if (typeof v === 'string' && v.length >= 2) expect(text).not.toContain(`"${v}"`);
      }
      expect(text).not.toContain(String(r.resident_id).slice(0, 17));
    }
    expect(text).not.toMatch(/\d{14}/);
  });

  it('keeps the analytical items and generalises the quasi-identifiers', async () => {
    const out = await deidentifyAll(records, defaultPolicy({ items, asOf: '2019-06-30' }));
    const first = out[0]!;
    expect(first.record.sex).toBe(records[0]!.sex);
    expect(first.record.disability_category).toBe(records[0]!.disability_category);
    expect(first.record.region_code).toBe(String(records[0]!.region_code).slice(0, 6));
    expect(first.fields.birth_date).toMatchObject({ action: 'generalized' });
    // and the release can be measured
    const m = measureKAnonymity(out.map((o) => o.record), ['region_code', 'sex', 'birth_date', 'disability_level']);
    expect(m.records).toBe(200);
  });
});
