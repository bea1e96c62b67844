/**
 * zod schemas of de-identification policies as data (`DeidPolicy` without its pseudonymizer, which
 * is a key, never a file) and of the policy file `canji deid --policy FILE` reads, where a
 * hierarchy may also be named (`"regionCode"`, one of {@link HIERARCHIES}).
 * `docs/schemas/deid-policy.schema.json` is generated from {@link deidPolicyFileSchema}.
 */
import { z } from 'zod';
import { HIERARCHIES, type Hierarchy } from './hierarchy.js';
import type { MaskPreset } from './mask.js';
import type { DeidPolicy, FieldRule } from './policy.js';

/** The mask presets, in the order of `MASK_PRESETS` (a test checks both agree). */
export const MASK_PRESET_NAMES = [
  'name.keep-surname',
  'name.keep-surname-fixed',
  'name.keep-surname-and-last',
  'name.keep-last',
  'name.all',
  'id.keep-first-6-last-4',
  'id.keep-last-4',
  'id.keep-region',
  'id.keep-first-1-last-1',
  'id.all',
  'cert.keep-category-level',
  'cert.keep-last-4-category-level',
  'cert.all',
  'phone.standard',
  'phone.keep-last-4',
  'phone.all',
  'address.province',
  'address.prefecture',
  'address.county',
  'address.township',
  'address.village',
] as const satisfies readonly MaskPreset[];

/** The names of the ready-made hierarchies. */
export const HIERARCHY_NAMES = Object.keys(HIERARCHIES) as [keyof typeof HIERARCHIES, ...(keyof typeof HIERARCHIES)[]];

const widths = z.array(z.number().int().positive()).min(1).readonly();
const labels = z.array(z.string()).readonly().optional().meta({ description: '各层的中文名称' });

/** A generalisation hierarchy as data. */
export const hierarchySchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('prefix'), keep: z.array(z.number().int().positive()).min(1).readonly(), padTo: z.number().int().positive().optional(), labels }).meta({ title: '保留前缀' }),
    z.strictObject({ kind: z.literal('interval'), widths, origin: z.number().optional(), labels }).meta({ title: '数值分段' }),
    z
      .strictObject({ kind: z.literal('age'), asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '应为 YYYY-MM-DD 格式的日期' }), widths, topCode: z.number().int().positive().optional(), labels })
      .meta({ title: '年龄段' }),
    z.strictObject({ kind: z.literal('date'), levels: z.array(z.enum(['month', 'year', 'decade'])).min(1).readonly(), labels }).meta({ title: '日期' }),
    z.strictObject({ kind: z.literal('map'), levels: z.array(z.record(z.string(), z.string()).readonly()).min(1).readonly(), labels }).meta({ title: '对照表' }),
  ],
  { error: '泛化层级的 kind 应为 prefix、interval、age、date、map 之一' },
);

const keep = z.strictObject({ action: z.literal('keep') }).meta({ title: '保留原值' });
const keepCoded = z.strictObject({ action: z.literal('keep-coded') }).meta({ title: '保留代码、数值和日期，自由文本删除' });
const drop = z.strictObject({ action: z.literal('drop') }).meta({ title: '删除' });
const pseudonymize = z.strictObject({ action: z.literal('pseudonymize') }).meta({ title: '替换为带密钥的假名' });
const mask = z.strictObject({ action: z.literal('mask'), preset: z.enum(MASK_PRESET_NAMES, { error: `屏蔽预设应为 ${MASK_PRESET_NAMES.join('、')} 之一` }) }).meta({ title: '屏蔽（供工作人员查看，不用于发布）' });
const level = z.number().int().nonnegative();
const generalize = z.strictObject({ action: z.literal('generalize'), hierarchy: hierarchySchema, level }).meta({ title: '泛化' });

const ACTION_ERROR = { error: '处理方式 action 应为 keep、keep-coded、drop、pseudonymize、mask、generalize 之一' };

/** What to do with one field. */
export const fieldRuleSchema = z.discriminatedUnion('action', [keep, keepCoded, drop, pseudonymize, mask, generalize], ACTION_ERROR);

/**
 * A policy as data: `DeidPolicy` without `pseudonymizer` (give that in code).
 *
 * @example
 * ```ts
 * deidPolicySchema.safeParse({ fields: { name: { action: 'drop' } } }).success; //=> true
 * ```
 */
export const deidPolicySchema = z.strictObject({
  fields: z.record(z.string(), fieldRuleSchema).readonly(),
  patterns: z.array(z.strictObject({ match: z.string(), rule: fieldRuleSchema }).readonly()).readonly().optional(),
  otherFields: fieldRuleSchema.optional(),
  idGuard: z.boolean().optional(),
});

/** A field rule in a policy file: a hierarchy may be named, and the level defaults to 1. */
export const fieldRuleFileSchema = z.discriminatedUnion(
  'action',
  [
    keep,
    keepCoded,
    drop,
    pseudonymize,
    mask,
    z
      .strictObject({
        action: z.literal('generalize'),
        hierarchy: z.union([z.enum(HIERARCHY_NAMES), hierarchySchema], { error: `hierarchy 应为 ${HIERARCHY_NAMES.join('、')} 之一或泛化层级对象` }),
        level: level.optional().meta({ description: '泛化到第几层（默认 1）' }),
      })
      .meta({ title: '泛化' }),
  ],
  ACTION_ERROR,
);

/** A policy file (`canji deid --policy FILE`): rules over the default policy. */
export const deidPolicyFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    fields: z.record(z.string(), fieldRuleFileSchema).optional().meta({ description: '按字段名（如 region_code）的处理方式，覆盖默认策略' }),
    patterns: z.array(z.strictObject({ match: z.string(), rule: fieldRuleFileSchema })).optional().meta({ description: '按字段名模式（正则表达式）的处理方式，依次尝试' }),
    otherFields: fieldRuleFileSchema.optional().meta({ description: '其余字段的处理方式' }),
    idGuard: z.boolean().optional().meta({ description: '仍含 14 位以上连续数字的值一律删除（默认开启）' }),
  })
  .meta({ title: 'canji 脱敏策略', description: 'canji deid --policy 读取的脱敏策略（覆盖默认策略）。' });

/** A policy file as data. */
export type DeidPolicyFile = z.infer<typeof deidPolicyFileSchema>;

function resolveRule(r: z.infer<typeof fieldRuleFileSchema>): FieldRule {
  if (r.action !== 'generalize') return r;
  const hierarchy: Hierarchy = typeof r.hierarchy === 'string' ? HIERARCHIES[r.hierarchy] : r.hierarchy;
  return { action: 'generalize', hierarchy, level: r.level ?? 1 };
}

/**
 * A validated policy file as policy data: named hierarchies looked up, levels defaulted. Merge it
 * over a base policy (e.g. `defaultPolicy()`) and check the result with `validatePolicy`.
 *
 * @example
 * ```ts
 * const file = deidPolicyFileSchema.parse({ fields: { region_code: { action: 'generalize', hierarchy: 'regionCode', level: 3 } } });
 * policyFromFile(file).fields?.region_code; //=> { action: 'generalize', hierarchy: HIERARCHIES.regionCode, level: 3 }
 * ```
 */
export function policyFromFile(file: DeidPolicyFile): Partial<Omit<DeidPolicy, 'pseudonymizer'>> {
  const out: { -readonly [K in keyof Omit<DeidPolicy, 'pseudonymizer'>]?: Omit<DeidPolicy, 'pseudonymizer'>[K] } = {};
  if (file.fields) out.fields = Object.fromEntries(Object.entries(file.fields).map(([k, r]) => [k, resolveRule(r)]));
  if (file.patterns) out.patterns = file.patterns.map((p) => ({ match: p.match, rule: resolveRule(p.rule) }));
  if (file.otherFields) out.otherFields = resolveRule(file.otherFields);
  if (file.idGuard !== undefined) out.idGuard = file.idGuard;
  return out;
}
