/**
 * The schemas and types of need–service pairs (see `pairs.ts` for what a pair is and how a pair
 * file is read). Its own module so that the built-in pairs and the reader share the types without
 * importing each other.
 */
import { z } from 'zod';
import { conditionSchema } from '@canji/form';
import type { DepartmentId } from '@canji/rules';

/** The form versions a pair speaks of (2016 records are read in the 2017 numbering). */
export const PAIR_FORM_VERSIONS = ['2017', '2021'] as const;
/** One of {@link PAIR_FORM_VERSIONS}. */
export type PairFormVersion = (typeof PAIR_FORM_VERSIONS)[number];

const PAIR_ID = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const HAN = /\p{Script=Han}/u;
const DEPARTMENTS = ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security'] as const satisfies readonly DepartmentId[];

const text = (what: string) => z.string({ error: `${what}应为字符串` }).trim().min(1, { error: `${what}不能为空` });
const hanText = (what: string) => text(what).refine((t) => HAN.test(t), { error: `${what}应为中文` });

/** Where an entry of a pair comes from: the items, the rule and the document it rests on. */
export const pairBasisSchema = z
  .strictObject({
    items: z.array(text('项目编号')).readonly().meta({ description: '登记表项目编号，如 ["R37", "R35"]（写入清单的“依据”列）；只依据部门数据时为 []' }),
    rule: text('规则编号').optional().meta({ description: '相应的校验或比对规则编号（如 XC_CIVIL_CARE_SUBSIDY_NOT_RECEIVED）' }),
    document: text('依据文件').optional().meta({ description: '依据的政策文件（含文号），如“国发〔2015〕52号”' }),
    note: z.string().optional().meta({ description: '为什么这样读登记表、有何不确定之处' }),
  })
  .meta({ title: '依据' });

/** A pair in one form version: its conditions, the department it reads and its basis. */
export const pairVariantSchema = z
  .strictObject({
    appliesTo: conditionSchema.optional().meta({ description: '适用范围（年龄、核查状态等）：不写则对所有记录' }),
    need: conditionSchema.meta({ description: '有需求（或符合条件）' }),
    served: conditionSchema.meta({ description: '已得到服务（或已享受）' }),
    department: z.enum(DEPARTMENTS, { error: `部门应为 ${DEPARTMENTS.join('、')} 之一` }).optional().meta({ description: '条件中的 dept 读哪个部门的数据（canji services worklist --dept 部门=文件）；没有该部门数据时此配对不运行' }),
    basis: pairBasisSchema,
    provisional: z.boolean().optional().meta({ description: 'true：项目对应关系尚不确定（暂定），清单和文档中注明' }),
  })
  .meta({ title: '某一版本登记表中的配对' });

/** One need–service pair. */
export const servicePairSchema = z
  .strictObject({
    id: z.string({ error: '配对编号应为字符串' }).regex(PAIR_ID, { error: '配对编号应为大写字母、数字和下划线（如 REHAB_NOT_RECEIVED），且以字母开头' }).meta({ description: '稳定的配对编号，发布后含义不变；清单编号由它和人员算出' }),
    title: hanText('标题').meta({ description: '中文标题：清单中“服务需求”一列，如“需要康复服务而未得到”' }),
    service: hanText('服务名称').meta({ description: '简短的服务名称，如“康复服务”（资源分配表的列）' }),
    forms: z
      .strictObject({ '2017': pairVariantSchema.optional(), '2021': pairVariantSchema.optional() })
      .refine((f) => f['2017'] !== undefined || f['2021'] !== undefined, { error: '至少给出一个版本（2017 或 2021）的条件' })
      .meta({ description: '各版本登记表中的条件（项目编号因版本而异）' }),
    provisional: z.boolean().optional().meta({ description: 'true：整个配对为暂定' }),
    note: z.string().optional(),
  })
  .meta({ title: '需求–服务配对' });

/**
 * A pair file (version 1): `{ "$schema"?, "version": 1, "name", "useBuiltIn"?, "pairs": [...] }`.
 * Its pairs are added to the built-in ones; a pair with a built-in id replaces it; with
 * `"useBuiltIn": false` only the file's pairs are used.
 *
 * @example
 * ```ts
 * pairFileSchema.safeParse({ version: 1, name: '某县补充配对', pairs: [] }).success; //=> false (at least one pair)
 * ```
 */
export const pairFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1, { error: '配对文件格式版本应为 1' }),
    name: text('名称'),
    description: z.string().optional(),
    useBuiltIn: z.boolean().optional().meta({ description: '是否同时使用内置配对（默认 true）' }),
    pairs: z.array(servicePairSchema).min(1, { error: '至少应有一个配对' }),
  })
  .meta({ title: 'canji 需求–服务配对文件', description: 'canji services 读取的需求–服务配对，条件语言同 @canji/form。' });

/** A need–service pair as data. */
export type ServicePair = z.infer<typeof servicePairSchema>;
/** A pair in one form version. */
export type ServicePairVariant = z.infer<typeof pairVariantSchema>;
/** A pair file as data. */
export type PairFile = z.infer<typeof pairFileSchema>;
