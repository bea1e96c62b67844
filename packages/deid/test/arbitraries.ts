import { createHash } from 'node:crypto';
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import fc from 'fast-check';

// Generated numbers only (no real personal data): county codes from a few provinces, dates in the
// 20th century so the legacy 15-digit form exists.
export const REGIONS = ['110105', '430104', '430181', '440305', '510107', '650102', '110101', '320102'] as const;

export const residentIdArb = fc
  .record({
    regionCode: fc.constantFrom(...REGIONS),
    date: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('1999-12-31T00:00:00Z'), noInvalidDate: true }),
    sex: fc.constantFrom('male' as const, 'female' as const),
    seq: fc.integer({ min: 0, max: 499 }),
  })
  .map(({ regionCode, date, sex, seq }) =>
    makeResidentId({ regionCode, birthDate: date.toISOString().slice(0, 10), sex, sequence: seq * 2 + (sex === 'male' ? 1 : 0) }),
  );

/** The forms one person's number is written in: lower-case x, full-width, 15-digit legacy, certificate numbers. */
export function variantsOf(id: string, category: 1 | 2 | 3 | 4 | 5 | 6 | 7 = 4, level: 1 | 2 | 3 | 4 = 2): string[] {
  const out = [id, id.toLowerCase(), toFullWidth(id), ` ${id} `, `'${id}`];
  if (id.slice(6, 8) === '19') out.push(id.slice(0, 6) + id.slice(8, 17));
  const cert = makeDisabilityCertificateNo({ residentId: id, category, level });
  out.push(cert, cert.toLowerCase(), `${cert}B1`);
  return out;
}

export function toFullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** A person record in the shared record shape (generated values only). */
export const personRecordArb = fc
  .record({
    id: residentIdArb,
    householder: residentIdArb,
    category: fc.constantFrom(1, 2, 3, 4, 5, 6, 7 as const),
    level: fc.constantFrom(1, 2, 3, 4 as const),
    village: fc.integer({ min: 1, max: 3 }),
    r27: fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { maxLength: 3 }),
    r16: fc.constantFrom(1, 2),
    extra: fc.boolean(),
  })
  .map(({ id, householder, category, level, village, r27, r16, extra }) => {
    const cert = makeDisabilityCertificateNo({ residentId: id, category: category as 1, level: level as 1 });
    const rec: Record<string, unknown> = {
      region_code: `${id.slice(0, 6)}00100${village}`,
      survey_year: 2024,
      reference_date: '2024-10-31',
      person_status: 6,
      collector: '调查员甲',
      collected_on: '2024-08-15',
      name: '测试人',
      resident_id: id,
      certificate_no: cert,
      sex: +id[16]! % 2 === 1 ? 'male' : 'female',
      birth_date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      disability_category: category,
      disability_level: level,
      r1: '测试人',
      r2: cert,
      r3: 1,
      r6: '13800138000',
      r16: r16,
      r27: r27.sort(),
      householder_name: '户主乙',
      householder_id: householder.toLowerCase(),
      declarant_name: '申报人丙',
      declared_on: '2024-08-15',
      remarks: `本人证号${id}，户主${householder}`,
    };
    if (extra) {
      rec.local_note = `联系 ${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`; // an unknown column hiding an ID
      rec.r6_2 = '0731-84123456';
      rec.r2_1 = cert;
    }
    return rec;
  });

/** A fixed key that passes the strength check (SHA-256 chain of a label; never a real key). */
export function strongKey(label: string, length = 32): Uint8Array {
  const out = new Uint8Array(length);
  let block = createHash('sha256').update(label).digest();
  for (let i = 0; i < length; i += 32) {
    out.set(block.subarray(0, Math.min(32, length - i)), i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}
