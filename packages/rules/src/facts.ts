import { ageAt, dateNumber, isoDate, readIdentity } from '@canji/id';
import type { PersonRecord, RecordColumns, RecordFacts, RuleContext } from './model.js';

/** One identity result reused for every record (the facts are read synchronously, one record at a time). */
const IDENTITY = { into: readIdentity(), allowUnknownLevel: true };

/** The batch's reference date is the same on every record: read it once. */
let lastReference: string | undefined;
let lastReferenceNumber: number | undefined;
function referenceNumber(text: string | undefined): number | undefined {
  if (text !== lastReference) {
    lastReference = text;
    lastReferenceNumber = text === undefined ? undefined : dateNumber(text);
  }
  return lastReferenceNumber;
}

function smallCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && v.length === 1 && v >= '0' && v <= '9') return +v;
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
  // @canji/id's identity read: the ID's canonical form, birth date and sex; the certificate's ID part, category and level.
  const who = readIdentity(v ? v[5] : record.resident_id, v ? v[6] : record.certificate_no, undefined, IDENTITY);
  const id = who.id;
  const idBirth = id === undefined ? undefined : who.birth;
  const idBirthDate = idBirth === undefined ? undefined : isoDate(idBirth);
  const recordedBirth = v ? v[8] : record.birth_date;
  const recorded = typeof recordedBirth === 'string' && recordedBirth !== '';
  const birthDate = recorded ? (recordedBirth as string) : idBirthDate;
  const refRaw = v ? v[1] : record.reference_date;
  const referenceDate = context.referenceDate ?? (typeof refRaw === 'string' ? refRaw : undefined);
  const category = smallCode(v ? v[9] : record.disability_category) ?? who.category;
  const level = smallCode(v ? v[10] : record.disability_level) ?? who.level;
  return {
    id,
    birthDate,
    idBirthDate,
    idSex: id === undefined ? undefined : who.sex,
    age: ageAt(recorded ? dateNumber(recordedBirth as string) : idBirth, referenceNumber(referenceDate)),
    category,
    level,
    certCategory: who.category,
    certLevel: who.level,
    certId: who.certificateId,
    referenceDate,
    columns,
  };
}
