/**
 * Identifier classes of the person record's fields, in the vocabulary of GB/T 37964-2019:
 * 直接标识符 (direct identifier), 准标识符 (quasi-identifier), 敏感属性 (sensitive attribute).
 * `@canji/form` carries the same class on every item (`ItemDef.identifier`); pass its items to
 * `defaultPolicy({ items })` to use them. The table below is the fallback for the record keys that
 * every form version shares (the lead's record shape: flat CSV column names).
 */

/**
 * How identifying a field is (same union as `@canji/form`'s `IdentifierClass`).
 *
 * @example
 * const c: IdentifierClass = identifierClassOf('birth_date')!; //=> 'quasi'
 */
export type IdentifierClass = 'direct' | 'quasi' | 'sensitive' | 'other';

/**
 * The part of a form item description that de-identification needs (structurally `@canji/form`'s `ItemDef`).
 *
 * @example
 * defaultPolicy({ items: [{ key: 'ethnicity', identifier: 'quasi', type: 'single' }] });
 */
export interface ClassifiedField {
  readonly key: string;
  readonly identifier: IdentifierClass;
  /** `text` items are free text and are dropped by the default policy unless direct. */
  readonly type?: 'single' | 'multiple' | 'yesno' | 'number' | 'text' | 'date';
}

/**
 * Classes of the record keys outside the numbered items, and of the 2017 items that identify
 * (R1 姓名, R2 残疾人证号, R5 联系人姓名, R6 联系电话) or are quasi-identifiers (R3 户口性质, R4 婚姻状况).
 * Numbered items not listed (`r7` … `r41` and their sub-items) are sensitive attributes.
 *
 * @example
 * RECORD_FIELD_CLASSES.resident_id //=> 'direct'
 */
export const RECORD_FIELD_CLASSES: Readonly<Record<string, IdentifierClass>> = {
  // cover
  region_code: 'quasi',
  survey_year: 'other',
  reference_date: 'other',
  person_status: 'sensitive',
  collection_mode: 'other',
  collection_channel: 'other',
  collector: 'direct',
  collected_on: 'quasi',
  // identity
  name: 'direct',
  resident_id: 'direct',
  certificate_no: 'direct',
  sex: 'quasi',
  birth_date: 'quasi',
  disability_category: 'quasi',
  disability_level: 'quasi',
  // items that identify
  r1: 'direct',
  r2: 'direct',
  r3: 'quasi',
  r4: 'quasi',
  r5: 'direct',
  r6: 'direct',
  // closing
  householder_name: 'direct',
  householder_id: 'direct',
  declarant_name: 'direct',
  declared_on: 'quasi',
  remarks: 'other',
};

/**
 * Fields that are free text in the record shape (dropped by the default policy).
 *
 * @example
 * FREE_TEXT_FIELDS.has('remarks') //=> true
 */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = new Set(['remarks', 'collector', 'name', 'householder_name', 'declarant_name', 'r1', 'r5', 'r6']);

/**
 * Fields that hold a resident ID number or a certificate number (pseudonymised, not just dropped).
 *
 * @example
 * ID_FIELDS.has('householder_id') //=> true
 */
export const ID_FIELDS: ReadonlySet<string> = new Set(['resident_id', 'certificate_no', 'householder_id', 'r2']);

const ITEM_KEY = /^r(\d+)(?:_\d+)*$/;

/**
 * The identifier class of a record field: from the given form items first, then
 * {@link RECORD_FIELD_CLASSES} (a sub-item such as `r6_1` takes its item's class), then numbered
 * items are `sensitive`; anything else is `undefined` (unknown — the default policy drops it).
 *
 * @example
 * identifierClassOf('r6_2')      //=> 'direct'
 * identifierClassOf('r27')       //=> 'sensitive'
 * identifierClassOf('wechat_id') //=> undefined
 */
export function identifierClassOf(field: string, items?: readonly ClassifiedField[]): IdentifierClass | undefined {
  const fromItems = items?.find((i) => i.key === field);
  if (fromItems) return fromItems.identifier;
  const known = RECORD_FIELD_CLASSES[field];
  if (known) return known;
  const m = ITEM_KEY.exec(field);
  if (m) return RECORD_FIELD_CLASSES[`r${m[1]}`] ?? 'sensitive';
  return undefined;
}
