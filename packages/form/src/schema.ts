import { parseDisabilityCertificateNo } from '@canji/id';
import { createDisabilityCertificateNoSchema, createResidentIdSchema } from '@canji/id/zod';
import { z } from 'zod';
import type { CodeOf, codes } from './codes.js';
import { personForm, villageForm } from './forms/index.js';
import type { items2021 } from './forms/person2021.js';
import type { villageItems2017 } from './forms/village2017.js';
import type { items2017 } from './forms/person2017.js';
import type { CodeList, FormDefinition, ItemDef, PersonFormVersion, VillageFormVersion } from './types.js';

type Codes = typeof codes;
type CodeUnion<C> = C extends keyof Codes ? ([CodeOf<Codes[C]>] extends [never] ? number : CodeOf<Codes[C]>) : number;

/** The TypeScript type of one item's value, from its metadata. */
export type ItemValue<I> = I extends { key: 'sex' }
  ? 'male' | 'female'
  : I extends { type: 'multiple'; codeList: infer C }
    ? CodeUnion<C>[]
    : I extends { type: 'yesno' }
      ? 1 | 2
      : I extends { type: 'single'; codeList: infer C }
        ? CodeUnion<C>
        : I extends { type: 'number' }
          ? number
          : string;

/** A record type from a list of item definitions: every key optional (unanswered = absent). */
export type RecordOfItems<Items extends readonly { key: string }[]> = {
  [I in Items[number] as I['key']]?: ItemValue<I>;
};

/** A 2017 person record (keys = flat machine column names; see RECORD.md). */
export type PersonRecord2017 = RecordOfItems<typeof items2017>;
/** A 2021 person record (2021 numbering, `hukou` unnumbered). Provisional. */
export type PersonRecord2021 = RecordOfItems<typeof items2021>;
/**
 * A 2016 person record (2016 numbering: same keys as 2017 up to `r30`, then `r31`–`r40` =
 * 2017 `r32`–`r41`). Values typed loosely; convert with `convert2016To2017`.
 */
export type PersonRecord2016 = Record<string, unknown>;
/** A village/community record (动态2表). Provisional. */
export type VillageRecord2017 = RecordOfItems<typeof villageItems2017>;

const schemaCache = new WeakMap<FormDefinition, z.ZodType>();

function identityAgrees(rec: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (typeof rec.certificate_no !== 'string') return;
  const r = parseDisabilityCertificateNo(rec.certificate_no);
  if (!r.ok) return;
  const id = r.value.residentId;
  const expected: Record<string, unknown> = {
    resident_id: id.id,
    sex: id.sex,
    birth_date: id.birthDate,
    disability_category: r.value.category,
    disability_level: r.value.level,
  };
  for (const [key, want] of Object.entries(expected)) {
    const got = rec[key];
    if (got !== undefined && got !== want) {
      ctx.addIssue({ code: 'custom', path: [key], message: `${key} ${JSON.stringify(got)} 与残疾人证号导出的 ${JSON.stringify(want)} 不一致`, params: { code: 'FORM_IDENTITY_MISMATCH' } });
    }
  }
}

/** zh-CN for the record object's own issues: not an object, unknown keys. */
function recordError(iss: { code?: string; keys?: readonly string[]; input?: unknown }): string | undefined {
  if (iss.code === 'unrecognized_keys') return `不认识的列（键）：${(iss.keys ?? []).join('、')}（键名区分大小写，列名见 canji schema）`;
  if (iss.code === 'invalid_type') return `记录应为对象，实为 ${iss.input === null ? 'null' : Array.isArray(iss.input) ? '数组' : typeof iss.input}`;
  return undefined;
}

function codesOf(list: CodeList): number[] {
  return list.entries.map((e) => e.code);
}

function itemSchema(def: ItemDef, form: FormDefinition): z.ZodType {
  const title = def.code ? `${def.code} ${def.label}` : def.label;
  const meta = { title, description: def.note ?? def.label };
  if (def.key === 'resident_id' || def.key === 'householder_id') return createResidentIdSchema();
  if (def.key === 'certificate_no') return createDisabilityCertificateNoSchema();
  const list = def.codeList ? form.codeLists[def.codeList] : undefined;
  // Every message zh-CN, naming the item (zod's own are English: "Invalid option: expected one of 1|2").
  const say = (text: string) => ({ error: `${title}：${text}` });
  const got = (v: unknown) => (typeof v === 'string' ? `“${v}”` : JSON.stringify(v) ?? String(v));
  const code = (): z.ZodType => {
    if (!list || list.open) {
      const max = list?.openMax ?? 99;
      return z.number(say('应为代码（整数）')).int(say('应为代码（整数）')).min(1, say(`代码应在 1–${max} 之间`)).max(max, say(`代码应在 1–${max} 之间`));
    }
    const cs = codesOf(list);
    return z.literal(cs as [number, ...number[]], { error: (iss) => `${title}：${typeof iss.input === 'number' ? `代码 ${iss.input} 不在代码表“${list.title}”中` : `应为代码（整数），实为 ${got(iss.input)}`}（可用 ${cs.join('、')}）` });
  };
  switch (def.type) {
    case 'single':
    case 'yesno':
      return code().meta(meta);
    case 'multiple':
      return z.array(code(), say('多选题应为代码数组')).min(1, say('多选题不能是空数组（未答请不填）')).meta(meta);
    case 'number': {
      let s = z.number(say('应为数值'));
      if (def.min !== undefined) s = s.min(def.min, say(`不应小于 ${def.min}`));
      if (def.max !== undefined) s = s.max(def.max, say(`不应大于 ${def.max}`));
      return s.meta(meta);
    }
    case 'text': {
      if (def.key === 'sex') return z.enum(['male', 'female'], say('应为 male（男）或 female（女）')).meta(meta);
      let s = z.string(say('应为文本'));
      if (def.maxLength !== undefined) s = s.max(def.maxLength, say(`超过 ${def.maxLength} 个字符`));
      if (def.pattern !== undefined) s = s.regex(new RegExp(def.pattern), say('格式不符'));
      return s.meta(meta);
    }
    case 'date':
      return z.iso.date(say('应为 YYYY-MM-DD 格式的有效日期')).meta(meta);
    default:
      return def.type satisfies never;
  }
}

/**
 * Builds (once, cached) the zod schema of a form's record: every item optional, typed by answer
 * type and code list; identity fields use `@canji/id`'s schemas (output: canonical numbers);
 * unknown keys are rejected. It checks shape only — skip logic, exclusive options and identity
 * agreement are `validatePerson`'s job.
 *
 * @example
 * formRecordSchema(personForm('2017')).safeParse({ r3: 1 }).success //=> true
 * formRecordSchema(personForm('2017')).safeParse({ r3: 9 }).success //=> false
 */
export function formRecordSchema(form: FormDefinition): z.ZodType {
  const hit = schemaCache.get(form);
  if (hit) return hit;
  const shape: Record<string, z.ZodType> = {};
  const ext: Record<string, Record<string, z.ZodType>> = {};
  for (const def of form.items) {
    const parts = def.key.split('.');
    const s = itemSchema(def, form).optional();
    if (parts.length === 3) {
      const [, id, k] = parts as [string, string, string];
      (ext[id] ??= {})[k] = s;
    } else shape[def.key] = s;
  }
  if (Object.keys(ext).length > 0) {
    const extShape: Record<string, z.ZodType> = {};
    for (const [id, s] of Object.entries(ext)) extShape[id] = z.strictObject(s, { error: recordError }).optional();
    shape.ext = z.strictObject(extShape, { error: recordError }).optional();
  }
  const hasIdentity = form.items.some((i) => i.key === 'certificate_no');
  const base = z.strictObject(shape, { error: recordError });
  // Sex, birth date, category and level derive from the certificate number: when given they must agree.
  const schema = (hasIdentity ? base.superRefine(identityAgrees) : base).meta({ title: form.title });
  schemaCache.set(form, schema);
  return schema;
}

/**
 * The zod schema of a person record of a form version; `z.infer` of it is `PersonRecord2017` etc.
 *
 * @example
 * const schema = personRecordSchema('2017');
 * schema.safeParse({ r3: 1, r22: [1, 2] }).success //=> true
 * schema.safeParse({ r3: 3 }).success //=> false
 */
export function personRecordSchema(version: '2017'): z.ZodType<PersonRecord2017>;
export function personRecordSchema(version: '2021'): z.ZodType<PersonRecord2021>;
export function personRecordSchema(version: PersonFormVersion): z.ZodType<Record<string, unknown>>;
export function personRecordSchema(version: PersonFormVersion = '2017'): z.ZodType {
  return formRecordSchema(personForm(version));
}

/**
 * The zod schema of a village/community record (动态2表, provisional).
 *
 * @example
 * villageRecordSchema('2017').safeParse({ region_code: '110105001001', survey_year: 2019, v1: 1 }).success //=> true
 */
export function villageRecordSchema(version: VillageFormVersion = '2017'): z.ZodType<VillageRecord2017> {
  return formRecordSchema(villageForm(version)) as z.ZodType<VillageRecord2017>;
}
