import { canonicalResidentId } from '@canji/id';
import type { PersonRecord, RecordColumns, RecordFacts, RuleContext } from './model.js';


/**
 * Age in whole years on `asOf`, both `YYYY-MM-DD` (string arithmetic: no Date objects, no
 * time zone, no clock). `undefined` when either date is missing or malformed, or asOf is before birth.
 *
 * @example
 * ```ts
 * ageOn('2010-07-01', '2017-06-30'); //=> 6
 * ageOn('2010-07-01', '2017-07-01'); //=> 7
 * ```
 */
export function ageOn(birthDate: unknown, asOf: unknown): number | undefined {
  if (typeof birthDate !== 'string' || typeof asOf !== 'string' || !isDateShape(birthDate) || !isDateShape(asOf)) return undefined;
  let age = num4(asOf) - num4(birthDate);
  // MM-DD compared as strings: same shape, so lexical order is calendar order.
  if (asOf.slice(5) < birthDate.slice(5)) age -= 1;
  return age < 0 ? undefined : age;
}

/** `DDDD-DD-DD` (the shape only). */
function isDateShape(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function num4(s: string): number {
  return (s.charCodeAt(0) - 48) * 1000 + (s.charCodeAt(1) - 48) * 100 + (s.charCodeAt(2) - 48) * 10 + (s.charCodeAt(3) - 48);
}

function digit(s: string, i: number): number | undefined {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : undefined;
}

function smallCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d$/.test(v)) return +v;
  return undefined;
}

/**
 * The facts the rules share, derived once per record: canonical ID, birth date and sex from the
 * ID number, age at the reference date, category and level from the record or the certificate.
 * (`columns` is the batch runner's dense copy of the record; callers leave it out.)
 *
 * @example
 * ```ts
 * const f = recordFacts({ resident_id: makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' }), reference_date: '2017-06-30' });
 * f.age; //=> 6
 * f.idSex; //=> 'female'
 * ```
 */
export function recordFacts(record: PersonRecord, context: RuleContext = {}, columns?: RecordColumns): RecordFacts {
  // From the runner's dense columns when given (positions of the base keys are fixed), else from the record.
  const v = columns?.values;
  const rawId = v ? v[5] : record.resident_id;
  const id = typeof rawId === 'string' && rawId !== '' ? canonicalResidentId(rawId) : undefined;
  let idBirthDate: string | undefined;
  let idSex: 'male' | 'female' | undefined;
  if (id) {
    idBirthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    const d = digit(id, 16);
    idSex = d === undefined ? undefined : d % 2 === 1 ? 'male' : 'female';
  }
  const recordedBirth = v ? v[8] : record.birth_date;
  const birthDate = typeof recordedBirth === 'string' && recordedBirth !== '' ? recordedBirth : idBirthDate;
  const refRaw = v ? v[1] : record.reference_date;
  const referenceDate = context.referenceDate ?? (typeof refRaw === 'string' ? refRaw : undefined);

  let certId: string | undefined;
  let certCategory: number | undefined;
  let certLevel: number | undefined;
  const cert = v ? v[6] : record.certificate_no;
  if (typeof cert === 'string' && cert.length >= 18) {
    const c = cert.trim();
    // Usually the certificate starts with the (canonical) ID itself: no second canonicalisation.
    certId = id !== undefined && c.startsWith(id) ? id : canonicalResidentId(c.slice(0, 18));
    if (c.length >= 20) {
      certCategory = digit(c, 18);
      certLevel = digit(c, 19);
    }
  }
  const category = smallCode(v ? v[9] : record.disability_category) ?? certCategory;
  const level = smallCode(v ? v[10] : record.disability_level) ?? certLevel;
  return {
    id,
    birthDate,
    idBirthDate,
    idSex,
    age: ageOn(birthDate, referenceDate),
    category,
    level,
    certCategory,
    certLevel,
    certId,
    referenceDate,
    columns,
  };
}
