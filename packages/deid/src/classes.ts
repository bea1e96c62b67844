/**
 * Identifier classes of the person record's fields, in the vocabulary of GB/T 37964-2019:
 * 直接标识符 (direct identifier), 准标识符 (quasi-identifier), 敏感属性 (sensitive attribute). They
 * are not kept here: every item of `@canji/form`'s `personForm(version)` carries its class
 * (`ItemDef.identifier`), and this module reads them from there, per form version — so the 2021
 * form's R4 联系人姓名 is a direct identifier while the 2017 form's R4 婚姻状况 is a quasi-identifier.
 */
import { personForm, type AnswerType, type IdentifierClass, type PersonFormVersion } from '@canji/form';

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
  readonly type?: AnswerType;
}

/**
 * Fields that hold a resident ID number or a certificate number (pseudonymised, not just dropped).
 * What a field holds is not an identifier class, so this list is deid's own.
 *
 * @example
 * ID_FIELDS.has('householder_id') //=> true
 */
export const ID_FIELDS: ReadonlySet<string> = new Set(['resident_id', 'certificate_no', 'householder_id', 'r2']);

/**
 * Record keys a record may carry for an identity item under its item number (`@canji/form` reads
 * the headers `R1` / `R2` as `name` / `certificate_no`; a JSON record may still use `r1` / `r2`).
 */
const ITEM_NUMBER_ALIASES: Readonly<Record<string, string>> = { r1: 'name', r2: 'certificate_no' };

/** @internal What the default policy needs to know about one form version's fields. */
export interface FormFieldClasses {
  /** Field → identifier class, for every item of the form and the aliases `r1`, `r2`. */
  readonly classes: Readonly<Record<string, IdentifierClass>>;
  /** Field → answer type. */
  readonly types: Readonly<Record<string, AnswerType>>;
  /** Free-text fields: `text` items without a pattern that do not hold an ID number. */
  readonly freeText: ReadonlySet<string>;
  /** Item numbers of the direct identifiers (`R1`, `R2`, 2017 `R5`/`R6`, 2021 `R4`/`R5`): their sub-items are direct too. */
  readonly directItemNumbers: readonly number[];
}

const cache = new Map<PersonFormVersion, FormFieldClasses>();

/**
 * @internal The identifier classes of a person form version, read from `personForm(version).items`
 * (cached). Throws for an unknown version, as `personForm` does.
 */
export function formFieldClasses(version: PersonFormVersion): FormFieldClasses {
  let c = cache.get(version);
  if (c) return c;
  const classes: Record<string, IdentifierClass> = {};
  const types: Record<string, AnswerType> = {};
  const freeText = new Set<string>();
  const direct = new Set<number>();
  for (const i of personForm(version).items) {
    classes[i.key] = i.identifier;
    types[i.key] = i.type;
    if (i.type === 'text' && i.pattern === undefined && !ID_FIELDS.has(i.key)) freeText.add(i.key);
    const n = /^R(\d+)$/.exec(i.code);
    if (n && i.identifier === 'direct') direct.add(Number(n[1]));
  }
  for (const [alias, key] of Object.entries(ITEM_NUMBER_ALIASES)) {
    if (!(key in classes) || alias in classes) continue;
    classes[alias] = classes[key]!;
    types[alias] = types[key]!;
    if (freeText.has(key)) freeText.add(alias);
  }
  c = Object.freeze({ classes: Object.freeze(classes), types: Object.freeze(types), freeText, directItemNumbers: Object.freeze([...direct].sort((a, b) => a - b)) });
  cache.set(version, c);
  return c;
}

/**
 * Classes of the 2017 form's record keys (`@canji/form`'s `personForm('2017').items`, plus the
 * aliases `r1`, `r2`): cover, identity and closing fields and every numbered item. For another form
 * version pass `formVersion` to `defaultPolicy` or `identifierClassOf`.
 *
 * @example
 * RECORD_FIELD_CLASSES.resident_id //=> 'direct'
 * RECORD_FIELD_CLASSES.collector   //=> 'direct'
 * RECORD_FIELD_CLASSES.r4          //=> 'quasi'   (2017 R4 婚姻状况)
 */
export const RECORD_FIELD_CLASSES: Readonly<Record<string, IdentifierClass>> = formFieldClasses('2017').classes;

/**
 * Free-text fields of the 2017 record (dropped by the default policy): the form's `text` items
 * without a pattern that do not hold an ID number.
 *
 * @example
 * FREE_TEXT_FIELDS.has('remarks') //=> true
 */
export const FREE_TEXT_FIELDS: ReadonlySet<string> = formFieldClasses('2017').freeText;

const ITEM_KEY = /^r(\d+)(?:_\d+)*$/;

/**
 * The identifier class of a record field: from the given items first, then the items of the form
 * version (default 2017; a sub-item such as `r6_1` takes its item's class), then numbered items
 * are `sensitive`; anything else is `undefined` (unknown — the default policy drops it).
 *
 * @example
 * identifierClassOf('r6_2')                    //=> 'direct'  (2017 R6 联系电话)
 * identifierClassOf('r4', undefined, '2021')   //=> 'direct'  (2021 R4 联系人姓名)
 * identifierClassOf('r27')                     //=> 'sensitive'
 * identifierClassOf('wechat_id')               //=> undefined
 */
export function identifierClassOf(field: string, items?: readonly ClassifiedField[], formVersion: PersonFormVersion = '2017'): IdentifierClass | undefined {
  const fromItems = items?.find((i) => i.key === field);
  if (fromItems) return fromItems.identifier;
  const { classes } = formFieldClasses(formVersion);
  if (Object.hasOwn(classes, field)) return classes[field];
  const m = ITEM_KEY.exec(field);
  if (m) return classes[`r${m[1]}`] ?? 'sensitive';
  return undefined;
}
