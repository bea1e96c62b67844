import { createHash } from 'node:crypto';
import { parseDisabilityCertificateNo, parseResidentId, ageAt } from '@canji/id';
import { describe, expect, it } from 'vitest';
import { synthesizePersons } from '@canji/synth';

const sha = (records: Iterable<unknown>) => {
  const h = createHash('sha256');
  for (const r of records) h.update(JSON.stringify(r) + '\n');
  return h.digest('hex');
};

describe('synthesizePersons', () => {
  it('same seed → byte-identical records; another seed → different', () => {
    const a = sha(synthesizePersons({ seed: 42, count: 500 }));
    const b = sha(synthesizePersons({ seed: 42, count: 500 }));
    const c = sha(synthesizePersons({ seed: 43, count: 500 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('is lazy and re-iterable; a prefix of a longer run equals a shorter run', async () => {
    const long = synthesizePersons({ seed: 'prefix', count: 300 });
    const short = [...synthesizePersons({ seed: 'prefix', count: 100 })];
    expect([...long].slice(0, 100)).toEqual(short);
    const viaAsync: unknown[] = [];
    for await (const p of synthesizePersons({ seed: 'prefix', count: 100 })) viaAsync.push(p);
    expect(viaAsync).toEqual(short);
  });

  it('ID numbers agree with region, birth date and sex; certificates with category and level; all unique', () => {
    const ids = new Set<string>();
    for (const p of synthesizePersons({ seed: 7, count: 2000, region: '430121', asOf: '2019-06-30' })) {
      const id = parseResidentId(p.resident_id as string);
      expect(id.ok).toBe(true);
      if (!id.ok) continue;
      expect(id.value.regionCode).toBe((p.region_code as string).slice(0, 6));
      expect(id.value.birthDate).toBe(p.birth_date);
      expect(id.value.sex).toBe(p.sex);
      const cert = parseDisabilityCertificateNo(p.certificate_no as string);
      expect(cert.ok).toBe(true);
      if (cert.ok) {
        expect(cert.value.residentId.id).toBe(p.resident_id);
        expect(cert.value.category).toBe(p.disability_category);
        expect(cert.value.level).toBe(p.disability_level);
      }
      expect(ageAt(p.birth_date as string, '2019-06-30')).toBeGreaterThanOrEqual(0);
      ids.add(p.resident_id as string);
    }
    expect(ids.size).toBe(2000);
  });
});
