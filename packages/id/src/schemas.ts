import { z } from 'zod';
import { parseDisabilityCertificateNo, type ParseCertificateOptions } from './certificate.js';
import { parseResidentId } from './resident-id.js';
import type { ParseResidentIdOptions } from './types.js';

/**
 * A zod schema that accepts any form `parseResidentId` accepts and outputs the canonical
 * 18-character string. Failed checks carry the stable code in `issue.params.code`.
 * Use `{ io: 'input' }` with `z.toJSONSchema` (the output side is a transform).
 *
 * @example
 * const schema = createResidentIdSchema({ asOf: '2024-06-30' });
 * schema.parse(' 11010519491231002x') //=> '11010519491231002X'
 * schema.safeParse('123').error?.issues[0]?.params?.code //=> 'ID_LENGTH'
 */
export function createResidentIdSchema(options: ParseResidentIdOptions = {}) {
  return z
    .string({ error: '公民身份号码应为文本' })
    .transform((s, ctx) => {
      const r = parseResidentId(s, options);
      if (!r.ok) {
        ctx.issues.push({ code: 'custom', message: r.error.message, params: { code: r.error.code }, input: s });
        return z.NEVER;
      }
      return r.value.id;
    })
    .meta({ title: '公民身份号码', description: 'GB 11643-1999 公民身份号码（18位；15位旧号码升级为18位）' });
}

/**
 * A zod schema for disability certificate numbers; outputs the canonical string.
 *
 * @example
 * disabilityCertificateNoSchema.parse('11010519491231002x42') //=> '11010519491231002X42'
 */
export function createDisabilityCertificateNoSchema(options: ParseCertificateOptions = {}) {
  return z
    .string({ error: '残疾人证号应为文本' })
    .transform((s, ctx) => {
      const r = parseDisabilityCertificateNo(s, options);
      if (!r.ok) {
        ctx.issues.push({ code: 'custom', message: r.error.message, params: { code: r.error.code, ...(r.error.cause ? { cause: r.error.cause.code } : {}) }, input: s });
        return z.NEVER;
      }
      return r.value.certificateNo;
    })
    .meta({ title: '残疾人证号', description: '18位公民身份号码 + 残疾类别(1–7) + 残疾等级(1–4)，补发证另加 B1–B9' });
}

/**
 * Resident ID schema with default options (no reference date, no region table).
 *
 * @example
 * residentIdSchema.parse('110105491231002') //=> '11010519491231002X' (15 digits upgraded)
 * z.object({ resident_id: residentIdSchema }).safeParse({ resident_id: '123' }).success //=> false
 */
export const residentIdSchema = createResidentIdSchema();
/**
 * Certificate number schema with default options.
 *
 * @example
 * disabilityCertificateNoSchema.parse('11010519491231002X42b1') //=> '11010519491231002X42B1'
 */
export const disabilityCertificateNoSchema = createDisabilityCertificateNoSchema();
