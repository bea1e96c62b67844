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
