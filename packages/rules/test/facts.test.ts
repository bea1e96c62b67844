import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageAt, canonicalResidentId, isoDate, makeResidentId, parseDisabilityCertificateNo, parseResidentId } from '@canji/id';
import { recordFacts } from '@canji/rules';

describe('recordFacts reads identity through @canji/id', () => {
  const people = [
    makeResidentId({ regionCode: '430121', birthDate: '2016-02-29', sex: 'female' }),
    makeResidentId({ regionCode: '110105', birthDate: '1949-12-31', sex: 'male', sequence: 1 }),
  ];
  const idCell = fc.constantFrom(...people, people[0]!.toLowerCase(), ` ${people[1]}`, people[1]!.slice(0, 6) + people[1]!.slice(8, 17), `${people[0]!.slice(0, 17)}0`, '', 'garbage');
  const certCell = fc.oneof(fc.constantFrom('', `${people[0]}12 `, `${people[0]}82`, `${people[1]}49`, people[1]!), fc.tuple(fc.constantFrom(...people), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([p, c, l]) => `${p}${c}${l}`));
  const dateCell = fc.constantFrom(undefined, '', '2019-06-30', '2016-02-28', '2019-02-30', '2017-03-01');

  it('ID facts as parseResidentId, certificate facts as parseDisabilityCertificateNo, age as ageAt', () => {
    fc.assert(
      fc.property(idCell, certCell, dateCell, dateCell, (resident_id, certificate_no, birth_date, reference_date) => {
        const f = recordFacts({ resident_id, certificate_no, birth_date, reference_date });
        const id = parseResidentId(resident_id);
        expect(f.id).toBe(resident_id === '' ? undefined : canonicalResidentId(resident_id));
        expect(f.idBirthDate).toBe(id.ok ? id.value.birthDate : undefined);
        expect(f.idSex).toBe(id.ok ? id.value.sex : undefined);
        const cert = parseDisabilityCertificateNo(certificate_no, { allowUnknownLevel: true });
        expect([f.certId, f.certCategory, f.certLevel]).toEqual(cert.ok ? [cert.value.residentId.id, cert.value.category, cert.value.level] : [undefined, undefined, undefined]);
        const birth = birth_date ? birth_date : f.idBirthDate;
        expect(f.birthDate).toBe(birth);
        expect(f.age).toBe(birth === undefined || !reference_date ? undefined : ageAt(birth, reference_date));
      }),
      { numRuns: 600, seed: 13 },
    );
  });

  it('gives no age for an impossible date, and counts a 29 February birthday on 1 March', () => {
    expect(recordFacts({ resident_id: people[0], reference_date: '2017-02-28' }).age).toBe(0);
    expect(recordFacts({ resident_id: people[0], reference_date: '2017-03-01' }).age).toBe(1);
    expect(recordFacts({ birth_date: '2010-02-30', reference_date: '2017-03-01' }).age).toBeUndefined();
    expect(recordFacts({ resident_id: people[1], reference_date: '2019-02-30' }).age).toBeUndefined();
    expect(isoDate(20160229)).toBe(recordFacts({ resident_id: people[0] }).idBirthDate);
  });
});
