import { leafRef, valueTest, type Leaf } from './compile-condition.js';
import { normalizeCondition } from './condition.js';
import { personForm } from './forms/index.js';
import type { CodeList, Condition, FormDefinition, ItemDef, PersonFormVersion } from './types.js';

/**
 * The annotation keywords `toJSONSchema` adds (all `x-` prefixed). JSON Schema validators ignore
 * unknown keywords, except Ajv in its default strict mode, which refuses to compile the schema:
 * declare them once with `ajv.addVocabulary(FORM_SCHEMA_KEYWORDS)` (or pass `strict: false`).
 *
 * @example
 * import Ajv2020 from 'ajv/dist/2020';
 * const ajv = new Ajv2020();
 * ajv.addVocabulary([...FORM_SCHEMA_KEYWORDS]);
 * const validate = ajv.compile(toJSONSchema('2017'));
 * validate({ r3: 1 }) //=> true
 */
export const FORM_SCHEMA_KEYWORDS = [
  'x-form-kind',
  'x-form-version',
  'x-provisional',
  'x-code-list',
  'x-item-code',
  'x-section',
  'x-answer-type',
  'x-identifier',
  'x-exclusive',
  'x-asked-when',
  'x-required-when',
  'x-optional',
  'x-label',
  'x-title',
  'x-not-expressible',
  'x-rule',
] as const;

/**
 * What a JSON Schema cannot say about a record, so a validator of {@link toJSONSchema}'s schema
 * accepts some records `validatePerson` rejects (never the other way round — the agreement test
 * checks both directions on synthetic batches with planted errors and counts each class):
 * - `ID_CHECK_CHARACTER` — the MOD 11-2 check character of the resident ID (and so of the
 *   certificate number): a pattern checks the layout (region, birth date digits, sequence), not
 *   the arithmetic;
 * - `ID_CALENDAR` — whether the ID's eight birth digits are a real date (20190230) and not in the
 *   future: the pattern bounds month and day, not the calendar;
 * - `ID_REGION_TABLE` — whether the ID's first six digits are a county of the region table, and
 *   its sequence digits usable;
 * - `IDENTITY_AGREEMENT` — sex and birth date agreeing with the ID, the certificate agreeing with
 *   the ID and the recorded category and level (FORM_IDENTITY_MISMATCH, CERT_*);
 * - `FACT_CONDITIONS` — skip logic, requirements, option rules and implications that depend on a
 *   derived fact (age at the reference date, category or level from the certificate): left out
 *   of the schema (each such item carries `x-not-expressible`), so those items are neither
 *   required nor forbidden by it;
 * - `DATE_ORDER` — dates against each other or the reference date (FORM_DATE_RANGE);
 * - `FORMAT_ASSERTION` — `format: "date"` is an annotation unless the validator asserts formats
 *   (Ajv with ajv-formats, @cfworker/json-schema do); without it an impossible date passes.
 *
 * @example
 * ```ts
 * JSON_SCHEMA_NOT_EXPRESSIBLE.map((c) => c.id); //=> ['ID_CHECK_CHARACTER', 'ID_CALENDAR', …]
 * ```
 */
export const JSON_SCHEMA_NOT_EXPRESSIBLE = [
  { id: 'ID_CHECK_CHARACTER', codes: ['ID_CHECKSUM', 'CERT_RESIDENT_ID'], text: '身份证号（及残疾人证号前 18 位）第 18 位校验码（MOD 11-2）无法用模式表达' },
  { id: 'ID_CALENDAR', codes: ['ID_BIRTH_DATE', 'ID_BIRTH_FUTURE'], text: '身份证号中的出生日期是否为真实日期（如 20190230）、是否晚于今天，无法用模式表达' },
  { id: 'ID_REGION_TABLE', codes: ['ID_PROVINCE', 'ID_REGION', 'ID_REGION_UNKNOWN', 'ID_REGION_ABOLISHED', 'ID_REGION_AFTER_BIRTH', 'ID_SEQUENCE', 'ID_SEX_SEQUENCE', 'ID_NATIONALITY'], text: '身份证号前 6 位是否为有效的区划代码、顺序码是否可用，要查区划表' },
  { id: 'IDENTITY_AGREEMENT', codes: ['FORM_IDENTITY_MISMATCH', 'CERT_ID_MISMATCH'], text: '性别、出生日期与身份证号一致，残疾人证号与身份证号、类别、等级一致' },
  { id: 'FACT_CONDITIONS', codes: ['FORM_REQUIRED', 'FORM_NOT_APPLICABLE', 'FORM_OPTION_NOT_AVAILABLE', 'FORM_IMPLIED_VALUE'], text: '依赖年龄、证件类别或等级的跳转、必填、选项和推定值规则（只限标有 x-not-expressible 的项目）' },
  { id: 'DATE_ORDER', codes: ['FORM_DATE_RANGE'], text: '日期之间及与参照日期的先后' },
  { id: 'FORMAT_ASSERTION', codes: ['FORM_DATE'], text: 'format: "date" 需要校验器断言格式（Ajv + ajv-formats、@cfworker/json-schema），否则不校验日期' },
] as const;

/** Options of {@link toJSONSchema}. */
export interface ToJSONSchemaOptions {
  /**
   * A record still being filled in (entry time): shape and codes only — nothing required, no
   * skip logic. Default `false`: the complete record's contract (required items, skip logic,
   * option rules, implications, ID and certificate patterns).
   */
  partial?: boolean;
}

/** An answer is present: what `validatePerson` counts as answered (not absent, null or ''). */
function presentSchema(key: string): JSONSchemaObject {
  return { required: [key], properties: { [key]: { not: { enum: [null, ''] } } } };
}

/** The schema of a leaf's comparisons on a present value, or `undefined` when one cannot be said. */
function comparisonsSchema(l: Record<string, unknown>): JSONSchemaObject | undefined {
  const parts: JSONSchemaObject[] = [];
  const codeOrIn = (x: unknown) => ({ anyOf: [{ const: x }, { type: 'array', contains: { const: x } }] });
  for (const [k, v] of Object.entries(l)) {
    switch (k) {
      case 'item':
        break;
      case 'eq':
        parts.push({ const: v });
        break;
      case 'ne':
        parts.push({ not: { const: v } });
        break;
      case 'in':
        parts.push({ enum: v as unknown[] });
        break;
      case 'notIn':
        parts.push({ not: { enum: v as unknown[] } });
        break;
      case 'lt':
        parts.push({ type: 'number', exclusiveMaximum: v });
        break;
      case 'lte':
        parts.push({ type: 'number', maximum: v });
        break;
      case 'gt':
        parts.push({ type: 'number', exclusiveMinimum: v });
        break;
      case 'gte':
        parts.push({ type: 'number', minimum: v });
        break;
      case 'present':
        // On a present value: `present: true` holds, `present: false` does not.
        parts.push(v === true ? {} : { not: {} });
        break;
      case 'includes':
        parts.push(codeOrIn(v));
        break;
      case 'includesAny':
        parts.push({ anyOf: (v as unknown[]).map(codeOrIn) });
        break;
      case 'includesNone':
        parts.push({ not: { anyOf: (v as unknown[]).map(codeOrIn) } });
        break;
      default:
        return undefined;
    }
  }
  return parts.length === 1 ? parts[0]! : { allOf: parts };
}

/**
 * A condition of the condition language as a JSON Schema that a record satisfies exactly when
 * the condition holds on the complete record (an unanswered item is absent), or `undefined` when
 * it reads a derived fact, a department or the previous round.
 */
export function conditionToJSONSchema(c: Condition): JSONSchemaObject | undefined {
  const n = normalizeCondition(c) as Record<string, unknown>;
  if ('all' in n || 'any' in n) {
    const parts = ((n.all ?? n.any) as Condition[]).map(conditionToJSONSchema);
    if (parts.some((p) => p === undefined)) return undefined;
    return 'all' in n ? { allOf: parts } : { anyOf: parts };
  }
  if ('not' in n) {
    const inner = conditionToJSONSchema(n.not as Condition);
    return inner === undefined ? undefined : { not: inner };
  }
  if ('xor' in n) {
    const [a, b] = (n.xor as Condition[]).map(conditionToJSONSchema);
    if (a === undefined || b === undefined) return undefined;
    return { anyOf: [{ allOf: [a, { not: b }] }, { allOf: [{ not: a }, b] }] };
  }
  if (!('item' in n)) return undefined;
  const ref = leafRef(n as Leaf);
  if (ref.source !== 'item' || ref.name.startsWith('$')) return undefined;
  const known = comparisonsSchema(n);
  if (known === undefined) return undefined;
  const key = ref.name;
  const whenAbsent = valueTest(n as Leaf)(undefined);
  const onValue = { properties: { [key]: known } };
  return whenAbsent ? { anyOf: [{ not: presentSchema(key) }, onValue] } : { allOf: [presentSchema(key), onValue] };
}

/** ASCII `$defs` name of a code list (code generators name types after it). */
function defName(listId: string): string {
  return `code_${listId.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** A JSON Schema (draft 2020-12) document, as a plain object. */
export type JSONSchemaObject = Record<string, unknown>;

function codeSchema(list: CodeList | undefined): JSONSchemaObject {
  if (!list || list.open) {
    return { type: 'integer', minimum: 1, maximum: list?.openMax ?? 99, ...(list ? { 'x-code-list': list.id, 'x-provisional': true, description: `${list.title}：官方代码未找到` } : {}) };
  }
  return {
    type: 'integer',
    'x-code-list': list.id,
    ...(list.provisional ? { 'x-provisional': true } : {}),
    oneOf: list.entries.map((e) => ({ const: e.code, ...(e.label !== null ? { title: e.label } : { title: `代码 ${e.code}（官方名称未知）` }), ...(e.provisional || e.label === null ? { 'x-provisional': true } : {}) })),
  };
}

function itemSchema(def: ItemDef, form: FormDefinition, refs: boolean): JSONSchemaObject {
  const list = def.codeList ? form.codeLists[def.codeList] : undefined;
  const code = (): JSONSchemaObject => (refs && list && !list.open ? { $ref: `#/$defs/${defName(list.id)}` } : codeSchema(list));
  const meta: JSONSchemaObject = {
    title: def.code ? `${def.code} ${def.label}` : def.label,
    ...(def.note ? { description: def.note } : {}),
    'x-item-code': def.code,
    'x-section': def.section,
    'x-answer-type': def.type,
    'x-identifier': def.identifier,
    ...(def.exclusive ? { 'x-exclusive': def.exclusive } : {}),
    ...(def.askedWhen ? { 'x-asked-when': def.askedWhen } : {}),
    ...(def.requiredWhen ? { 'x-required-when': def.requiredWhen } : {}),
    ...(def.optional ? { 'x-optional': true } : {}),
    ...(list?.provisional ? { 'x-provisional': true } : {}),
  };
  switch (def.type) {
    case 'single':
    case 'yesno':
      return { ...code(), ...meta };
    case 'multiple':
      return {
        type: 'array',
        items: code(),
        minItems: 1,
        uniqueItems: true,
        // An exclusive option (无 / 不需要 …) stands alone (FORM_EXCLUSIVE).
        ...(def.exclusive?.length ? { allOf: def.exclusive.map((x) => ({ if: { contains: { const: x } }, then: { maxItems: 1 } })) } : {}),
        ...meta,
      };
    case 'number':
      return { type: 'number', ...(def.min !== undefined ? { minimum: def.min } : {}), ...(def.max !== undefined ? { maximum: def.max } : {}), ...meta };
    case 'date':
      return { type: 'string', format: 'date', ...meta };
    case 'text':
      if (def.key === 'sex') return { type: 'string', enum: ['male', 'female'], ...meta };
      if (refs && (def.key === 'resident_id' || def.key === 'householder_id')) return { type: 'string', pattern: RESIDENT_ID_PATTERN, 'x-not-expressible': ['ID_CHECK_CHARACTER', 'ID_CALENDAR'], ...meta };
      if (refs && def.key === 'certificate_no') return { type: 'string', pattern: CERTIFICATE_PATTERN, 'x-not-expressible': ['ID_CHECK_CHARACTER', 'ID_CALENDAR', 'IDENTITY_AGREEMENT'], ...meta };
      return { type: 'string', ...(def.maxLength !== undefined ? { maxLength: def.maxLength } : {}), ...(def.pattern !== undefined ? { pattern: def.pattern } : {}), ...meta };
    default:
      return def.type satisfies never;
  }
}

const ID18 = '[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]';
/**
 * Layout of a resident ID: 18 characters (region, first digit 1–9; birth date digits; sequence;
 * check character 0–9 or X), or the 15-digit number of the first generation, which
 * `validatePerson` reads (upgraded to 18 characters).
 */
export const RESIDENT_ID_PATTERN = `^(${ID18}|[1-9][0-9]{7}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3})$`;
/** Layout of a certificate number (残疾人证号): the 18-character resident ID, the category 1–7 and the level 1–4. */
export const CERTIFICATE_PATTERN = `^${ID18}[1-7][1-4]$`;

/** The complete-record constraints of a form: required items, skip logic, option rules, implications. */
function recordConstraints(form: FormDefinition, properties: Record<string, JSONSchemaObject>): JSONSchemaObject[] {
  const out: JSONSchemaObject[] = [];
  const byKey = new Map(form.items.map((d) => [d.key, d]));
  const notExpressible = (key: string) => {
    const p = properties[key];
    if (p) p['x-not-expressible'] = [...new Set([...((p['x-not-expressible'] as string[] | undefined) ?? []), 'FACT_CONDITIONS'])];
  };
  const applicability = new Map<string, JSONSchemaObject[] | undefined>();
  for (const def of form.items) {
    if (def.key.includes('.')) continue; // a local extension's items: shape only
    const parts: (JSONSchemaObject | undefined)[] = [];
    for (const r of form.skipRules) {
      if (!r.skip.includes(def.key)) continue;
      const w = conditionToJSONSchema(r.when);
      parts.push(w === undefined ? undefined : { not: w, 'x-rule': r.id });
    }
    if (def.askedWhen) parts.push(conditionToJSONSchema(def.askedWhen));
    applicability.set(def.key, parts.some((p) => p === undefined) ? undefined : (parts as JSONSchemaObject[]));
  }
  for (const def of form.items) {
    if (def.key.includes('.')) continue;
    const a = applicability.get(def.key);
    if (a === undefined) {
      notExpressible(def.key);
      continue;
    }
    const applies = (more: JSONSchemaObject[] = []): JSONSchemaObject | undefined => (a.length + more.length === 0 ? undefined : { allOf: [...a, ...more] });
    // Skipped ⇒ not filled in (FORM_NOT_APPLICABLE).
    if (a.length > 0) out.push({ anyOf: [{ allOf: a }, { not: presentSchema(def.key) }] });
    // Applicable, not optional, and required when its requiredWhen holds ⇒ filled in (FORM_REQUIRED).
    if (def.optional !== true) {
      const req = def.requiredWhen ? conditionToJSONSchema(def.requiredWhen) : null;
      if (req === undefined) notExpressible(def.key);
      else {
        const when = applies(req ? [req] : []);
        out.push(when ? { if: when, then: presentSchema(def.key) } : presentSchema(def.key));
      }
    }
    // An option offered only when a condition holds (FORM_OPTION_NOT_AVAILABLE).
    for (const o of def.optionRules ?? []) {
      const w = conditionToJSONSchema(o.availableWhen);
      if (w === undefined) {
        notExpressible(def.key);
        continue;
      }
      const has = { required: [def.key], properties: { [def.key]: { anyOf: [{ const: o.code }, { type: 'array', contains: { const: o.code } }] } } };
      out.push({ if: { allOf: [...a, has] }, then: w, 'x-rule': o.id });
    }
  }
  // A value the form forces when a condition holds (FORM_IMPLIED_VALUE).
  for (const m of form.implications) {
    const w = conditionToJSONSchema(m.when);
    const a = applicability.get(m.item);
    if (w === undefined || a === undefined || !byKey.has(m.item)) {
      notExpressible(m.item);
      continue;
    }
    out.push({ if: { allOf: [w, presentSchema(m.item), ...a] }, then: { properties: { [m.item]: { const: m.value } } }, 'x-rule': m.id });
  }
  return out;
}

/**
 * The JSON Schema (draft 2020-12) of a form's record, with zh-CN titles for every item and every
 * code (`oneOf: [{ const: 1, title: '农业' }, …]`) and the form metadata as `x-` keywords (item
 * code, section, answer type, identifier class, exclusive options, who answers), for clients that
 * do not use TypeScript. By default it is the complete record's contract: the items a record must
 * have (`FORM_REQUIRED`), the skip logic (a skipped item must be absent, `FORM_NOT_APPLICABLE`),
 * option rules, implied values and exclusive options as `if` / `then`, the resident ID and
 * certificate layouts as patterns, the code lists in `$defs` under ASCII names (`code_hukou`,
 * with the Chinese title in `x-title`) so code generators name their types usably. What JSON
 * Schema cannot say is listed in {@link JSON_SCHEMA_NOT_EXPRESSIBLE} (each item it concerns has
 * `x-not-expressible`). With `{ partial: true }`: shape and codes only, for a record being filled in.
 *
 * @example
 * const schema = toJSONSchema('2017');
 * schema.$defs.code_hukou.oneOf //=> [{ const: 1, title: '农业' }, { const: 2, title: '非农业' }]
 * toJSONSchema('2017', { partial: true }).required //=> undefined (nothing required while filling in)
 */
export function toJSONSchema(versionOrForm: PersonFormVersion | FormDefinition = '2017', options: ToJSONSchemaOptions = {}): JSONSchemaObject & { properties: Record<string, JSONSchemaObject> } {
  const refs = options.partial !== true;
  const form = typeof versionOrForm === 'string' ? personForm(versionOrForm) : versionOrForm;
  const properties: Record<string, JSONSchemaObject> = {};
  const ext: Record<string, Record<string, JSONSchemaObject>> = {};
  for (const def of form.items) {
    const parts = def.key.split('.');
    if (parts.length === 3) (ext[parts[1]!] ??= {})[parts[2]!] = itemSchema(def, form, false);
    else properties[def.key] = itemSchema(def, form, refs);
  }
  if (Object.keys(ext).length > 0) {
    properties.ext = {
      type: 'object',
      title: '地方扩展',
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(ext).map(([id, props]) => {
          const info = form.extensions.find((e) => e.id === id);
          return [id, { type: 'object', title: info ? `${info.region}（${info.approvedBy} ${info.approvalNo}）` : id, additionalProperties: false, properties: props }];
        }),
      ),
    };
  }
  const $defs: Record<string, JSONSchemaObject> = {};
  if (refs) for (const list of Object.values(form.codeLists)) if (!list.open) $defs[defName(list.id)] = { title: defName(list.id), 'x-title': list.title, ...codeSchema(list) };
  const constraints = refs ? recordConstraints(form, properties) : [];
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: form.title,
    ...(refs ? { $id: `https://canji.dev/schemas/person-${form.version}.schema.json` } : {}),
    ...(form.note ? { description: form.note } : {}),
    type: 'object',
    additionalProperties: false,
    'x-form-kind': form.kind,
    'x-form-version': form.version,
    ...(form.provisional ? { 'x-provisional': true } : {}),
    properties,
    ...(constraints.length ? { allOf: constraints } : {}),
    ...(refs ? { $defs } : {}),
  };
}
