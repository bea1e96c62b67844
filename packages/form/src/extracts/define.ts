import { z } from 'zod';
import { residentIdSchema } from '@canji/id/zod';
import type { ExtractDepartment, ExtractField } from './types.js';
import { matchForm } from './read-value.js';

type CodeOf<F> = F extends { readonly codes: { readonly codes: readonly (infer E)[] } }
  ? E extends { readonly code: infer C }
    ? C
    : never
  : never;

/** The record value type of one extract field (see `ExtractFieldType`). */
export type ExtractFieldValue<F extends ExtractField> = F['type'] extends 'yes-no'
  ? 1 | 2
  : F['type'] extends 'code'
    ? CodeOf<F>
    : F['type'] extends 'sex'
      ? 'male' | 'female'
      : F['type'] extends 'year' | 'amount'
        ? number
        : string;

/** The zod shape derived from a field list: required fields plain, the others optional. */
export type ExtractShape<Fs extends readonly ExtractField[]> = {
  [F in Fs[number] as F['key']]: F['required'] extends true
    ? z.ZodType<ExtractFieldValue<F>>
    : z.ZodOptional<z.ZodType<ExtractFieldValue<F>>>;
};

/** A department descriptor together with the zod schema derived from its fields. */
export interface ExtractDepartmentWithSchema<Id extends string, Fs extends readonly ExtractField[]>
  extends ExtractDepartment<Id, Fs> {
  /** zod 4 schema of one normalised record (keys are the machine column names). */
  readonly schema: z.ZodObject<ExtractShape<Fs>>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

function fieldSchema(field: ExtractField): z.ZodType {
  let s: z.ZodType;
  switch (field.type) {
    case 'resident-id':
      s = residentIdSchema;
      break;
    case 'text':
      s = z.string().min(1);
      break;
    case 'yes-no':
      s = z.literal([1, 2]);
      break;
    case 'code': {
      const codes = field.codes?.codes.map((c) => c.code) ?? [];
      if (codes.length === 0) throw new TypeError(`extract field ${field.key}: type 'code' needs a code list`);
      s = z.literal(codes);
      break;
    }
    case 'sex':
      s = z.enum(['male', 'female']);
      break;
    case 'date':
      s = z.iso.date();
      break;
    case 'month':
      s = z.string().regex(MONTH);
      break;
    case 'period':
      s = z.string().regex(PERIOD);
      break;
    case 'year':
      s = z.number().int().min(1900).max(2100);
      break;
    case 'amount':
      s = z.number().nonnegative().finite();
      break;
    default:
      field.type satisfies never;
      throw new TypeError(`extract field ${String((field as ExtractField).key)}: unknown type`);
  }
  const codes = field.codes ? `（代码：${field.codes.codes.map((c) => `${c.code} ${c.label}`).join('；')}）` : '';
  return s.meta({ title: field.label, description: field.description + codes });
}

/**
 * Define a department extract from its descriptor; the zod schema (and so the record type) is
 * derived from the field list. The built-in departments are defined with it, and a local office can
 * define its own extract the same way and pass it to `parseExtractRow`.
 *
 * @example
 * ```ts
 * import { defineExtractDepartment, parseExtractRow } from '@canji/form';
 * const transport = defineExtractDepartment({
 *   id: 'local-transport', name: '交通运输局', extractName: '残疾人免费乘车卡名册',
 *   description: '本地扩展示例', provisional: true,
 *   fields: [
 *     { key: 'resident_id', label: '身份证号', aliases: [], type: 'resident-id', required: true, description: '' },
 *     { key: 'card_issued', label: '已办卡', aliases: ['是否办卡'], type: 'yes-no', required: true, description: '' },
 *   ],
 * });
 * parseExtractRow(transport, { 身份证号: '11010519491231002X', 是否办卡: '是' }).record;
 * //=> { resident_id: '11010519491231002X', card_issued: 1 }
 * ```
 */
export function defineExtractDepartment<const Id extends string, const Fs extends readonly ExtractField[]>(
  department: ExtractDepartment<Id, Fs>,
): ExtractDepartmentWithSchema<Id, Fs> {
  // Descriptors are program data, not input: a broken one is a programming error and throws here,
  // once, so that parseExtractRow never has to.
  const headers = new Map<string, string>();
  const shape: Record<string, z.ZodType> = {};
  for (const field of department.fields) {
    for (const h of new Set([field.key, field.label, ...field.aliases].map(matchForm))) {
      const other = headers.get(h);
      if (other !== undefined) throw new TypeError(`extract ${department.id}: header "${h}" names both ${other} and ${field.key}`);
      headers.set(h, field.key);
    }
    const s = fieldSchema(field);
    shape[field.key] = field.required ? s : s.optional();
  }
  const schema = z.object(shape).meta({ title: department.extractName, description: department.description });
  return { ...department, schema: schema as unknown as z.ZodObject<ExtractShape<Fs>> };
}
