/**
 * zod schemas of an approved local extension of the form (`FormExtension`, see `extend.ts`) as a
 * JSON file: items, code lists, skip rules, with conditions in the one condition language.
 * `docs/schemas/form-extension.schema.json` is generated from {@link formExtensionFileSchema}.
 */
import { z } from 'zod';
import { conditionSchema } from './condition-schema.js';

/** A non-blank string (in JSON Schema: at least one non-space character). */
const text = (what: string) => z.string({ error: `${what}应为字符串` }).trim().min(1, { error: `${what}不能为空` }).meta({ pattern: '\\S' });
/** A key local to the extension (`g16`), as `extendForm` requires. */
const EXT_KEY = /^[a-z][a-z0-9_]{0,31}$/;
const extKey = z.string().regex(EXT_KEY, { error: '应为小写字母开头的字母、数字、下划线（最多 32 个字符），如 g16' });

/** One entry of a code list. */
export const codeEntrySchema = z.strictObject({
  code: z.number().int(),
  label: z.string().nullable().meta({ description: '中文名称；null 表示官方名称未找到' }),
  provisional: z.boolean().optional(),
  note: z.string().optional(),
});

/** A code list (字典). */
export const codeListSchema = z.strictObject({
  id: text('代码表 id'),
  title: text('代码表名称'),
  entries: z.array(codeEntrySchema).readonly(),
  provisional: z.boolean(),
  open: z.boolean().optional().meta({ description: '代码未知：接受 1 到 openMax 的整数' }),
  openMax: z.number().int().positive().optional(),
  source: z.string().optional(),
  note: z.string().optional(),
});

/** A code offered only under a condition. */
export const optionRuleSchema = z.strictObject({ id: text('id'), code: z.number().int(), availableWhen: conditionSchema, note: z.string() });

/** An item of the extension (keys are short and local: `g16`). */
export const extensionItemSchema = z.strictObject({
  key: extKey.meta({ description: '扩展内的短键（如 g16）；记录中存于 ext.<扩展 id>.<键>' }),
  code: z.string().meta({ description: '表上印的题号（如 G16），无题号为空串' }),
  label: text('题目'),
  section: z.string(),
  type: z.enum(['single', 'multiple', 'yesno', 'number', 'text', 'date']),
  codeList: z.string().optional(),
  exclusive: z.array(z.number().int()).readonly().optional(),
  parent: z.string().optional(),
  askedWhen: conditionSchema.optional().meta({ description: '谁回答（条件中可用扩展的短键和全国表的键）' }),
  requiredWhen: conditionSchema.optional(),
  optional: z.boolean().optional(),
  optionRules: z.array(optionRuleSchema).readonly().optional(),
  identifier: z.enum(['direct', 'quasi', 'sensitive', 'other']),
  min: z.number().optional(),
  max: z.number().optional(),
  maxLength: z.number().int().nonnegative().optional(),
  pattern: z.string().optional(),
  derivedFrom: z.string().optional(),
  confidence: z.enum(['2+', '1', 'inf', 'conflict']).optional(),
  source: z.string().optional(),
  note: z.string().optional(),
});

/** A skip rule (跳转) of the extension. */
export const skipRuleSchema = z.strictObject({
  id: text('id'),
  when: conditionSchema,
  skip: z.array(z.string()).readonly(),
  source: z.string(),
  note: z.string().optional(),
});

const extensionShape = {
  id: extKey.meta({ description: '扩展的短 id（小写，如 sd2018）' }),
  region: text('适用地区').meta({ description: '适用地区（名称或 6/12 位代码）' }),
  approvedBy: text('批准机关'),
  approvalNo: text('批准文号'),
  items: z.array(extensionItemSchema).readonly(),
  codeLists: z.record(z.string(), codeListSchema).readonly().optional(),
  askedWhen: conditionSchema.optional().meta({ description: '扩展的所有项目都在此条件下询问' }),
  skipRules: z.array(skipRuleSchema).readonly().optional(),
};

/**
 * A local extension as data (what `extendForm` takes).
 *
 * @example
 * ```ts
 * formExtensionSchema.safeParse({ id: 'demo', region: '某省', approvedBy: '某省统计局', approvalNo: '某统制〔2018〕1号', items: [] }).success; //=> true
 * ```
 */
export const formExtensionSchema = z.strictObject(extensionShape);

/** A local extension file: {@link formExtensionSchema} with an optional `$schema`. */
export const formExtensionFileSchema = z
  .strictObject({ $schema: z.string().optional(), ...extensionShape })
  .meta({ title: 'canji 登记表地方扩展', description: '经批准的地方扩展项目（extendForm 读取）：项目、代码表、跳转，条件语言同规则文件。' });
