/**
 * zod schemas of the one condition language (see `condition.ts`): the TypeScript types there are
 * inferred from these, and `docs/schemas/condition.schema.json` is generated from them
 * (`scripts/schemas/build.ts`). Every object is strict: an unknown key is an error, so a typo in
 * a hand-written rule file (`"inclues"`) is reported instead of silently ignored.
 */
import { z } from 'zod';

/** The derived facts a condition can read as `{ item: '$age' }` (see {@link FactName}). */
export const FACT_NAMES = ['$age', '$category', '$level', '$birthDate', '$idSex', '$idBirthDate', '$certCategory', '$certLevel', '$id', '$certId'] as const;

/** Flat machine column names: `r16`, `r16_2`, `region_code`, extension items `ext.sd2018.g16`. */
const ITEM_KEY = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*$/;
/** Department extract field names: `enrolled`, `school_stage`. */
const FIELD_KEY = /^[a-z][a-z0-9_]*$/;

const FACTS_TEXT = FACT_NAMES.join('、');

/** A constant a value is compared with. */
export const scalarSchema = z.union([z.string(), z.number(), z.boolean()], { error: '应为字符串、数字或 true / false' });

/** A derived fact: `$age`, `$category` … */
export const factNameSchema = z.enum(FACT_NAMES, { error: `应为派生事实 ${FACTS_TEXT} 之一` }).meta({
  description: '派生事实：$age 年龄（整岁，按标准时点）、$category / $level 残疾类别 / 等级（登记值，否则取自残疾人证号）、$birthDate 出生日期、$idSex / $idBirthDate 身份证号中的性别 / 出生日期、$certCategory / $certLevel 残疾人证号第 19 / 20 位、$id 规范化的身份证号、$certId 残疾人证号中的身份证号部分',
});

const code = z.number({ error: '应为代码（整数）' }).int({ error: '应为代码（整数）' });
const codes = z.array(code).min(1, { error: '至少应有 1 个代码' }).readonly();
const scalars = z.array(scalarSchema).min(1, { error: '至少应有 1 个值' }).readonly();
const bound = z.number({ error: '应为数字' });

/** The comparisons a leaf may carry; all given ones must hold. */
export const comparisonShape = {
  eq: scalarSchema.optional().meta({ description: '等于' }),
  ne: scalarSchema.optional().meta({ description: '不等于（未填也算不等于）' }),
  in: scalars.optional().meta({ description: '为其中之一' }),
  notIn: scalars.optional().meta({ description: '不为其中任何一个（未填也算）' }),
  lt: bound.optional().meta({ description: '小于（需为数字）' }),
  lte: bound.optional().meta({ description: '小于等于（需为数字）' }),
  gt: bound.optional().meta({ description: '大于（需为数字）' }),
  gte: bound.optional().meta({ description: '大于等于（需为数字）' }),
  present: z.boolean({ error: '应为 true（已填）或 false（未填）' }).optional().meta({ description: 'true：已填（不是空值、空串或空数组）；false：未填' }),
  includes: code.optional().meta({ description: '多选答案含此代码（单选答案等于它也算）' }),
  includesAny: codes.optional().meta({ description: '多选答案含其中至少一个代码' }),
  includesNone: codes.optional().meta({ description: '多选答案不含其中任何一个代码（未填也算）' }),
};

/** The comparisons of one value, without the value. */
export const comparisonSchema = z.strictObject(comparisonShape);

const COMPARISON_NAMES = Object.keys(comparisonShape);
const hasComparison = (leaf: object): boolean => COMPARISON_NAMES.some((k) => (leaf as Record<string, unknown>)[k] !== undefined);
const NO_COMPARISON = `至少要有一个比较：${COMPARISON_NAMES.join('、')}`;
/** In JSON Schema: the value key and at least one comparison. */
const ONE_COMPARISON = { minProperties: 2 };

/** `$agee`: an unknown fact; `R16`: not a column name. */
const keyError = (what: string) => (iss: { input?: unknown }) =>
  typeof iss.input === 'string' && iss.input.startsWith('$') ? `未知的派生事实“${iss.input}”：可用 ${FACTS_TEXT}` : `应为${what}`;
const itemKey = z.string({ error: '应为字符串' }).regex(ITEM_KEY, { error: keyError('登记表项目的列名（小写字母开头，如 r16、r16_2、region_code）') });

/** What `item` names: a record column or a derived fact. */
export const itemRefSchema = z.union([factNameSchema, itemKey], {
  error: `应为登记表项目的列名（如 r16、region_code）或派生事实 ${FACTS_TEXT} 之一`,
});

/** What `dept` names: a field of the partner department's row, or `$matched`. */
export const deptRefSchema = z.union([z.literal('$matched'), z.string({ error: '应为字符串' }).regex(FIELD_KEY, { error: (iss) => (typeof iss.input === 'string' && iss.input.startsWith('$') ? `未知的“${iss.input}”：部门数据只有 $matched（是否找到此人）` : '应为部门数据的字段名（小写字母开头，如 enrolled、benefits）') })], {
  error: '应为部门数据的字段名（如 enrolled、benefits）或 $matched（是否找到此人）',
});

/** What `previous` names: an item or fact of the previous round's record, or `$matched`. */
export const previousRefSchema = z.union([z.literal('$matched'), factNameSchema, itemKey], {
  error: `应为上一轮记录的列名、派生事实 ${FACTS_TEXT} 之一或 $matched（是否有上一轮记录）`,
});

/** A comparison of an item of the record or a derived fact. */
export const itemLeafSchema = z
  .strictObject({ item: itemRefSchema.meta({ description: '登记表项目的列名（如 r16）或派生事实（如 $age）' }), ...comparisonShape })
  .refine(hasComparison, { error: NO_COMPARISON })
  .meta({ title: '项目比较', ...ONE_COMPARISON });

/** A comparison of a field of the partner department's matched row (cross-check rules only). */
export const deptLeafSchema = z
  .strictObject({ dept: deptRefSchema.meta({ description: '部门数据的字段名，或 $matched（部门名册中是否有此人）' }), ...comparisonShape })
  .refine(hasComparison, { error: NO_COMPARISON })
  .meta({ title: '部门数据比较（仅比对规则）', ...ONE_COMPARISON });

/** A comparison of an item or fact of the same person's previous-round record. */
export const previousLeafSchema = z
  .strictObject({ previous: previousRefSchema.meta({ description: '上一轮记录的列名或派生事实，或 $matched（是否有上一轮记录）' }), ...comparisonShape })
  .refine(hasComparison, { error: NO_COMPARISON })
  .meta({ title: '上一轮记录比较', ...ONE_COMPARISON });

/** Older form shape: `{ item, answered }` (= `present`). */
export const answeredLeafSchema = z
  .strictObject({ item: itemRefSchema, answered: z.boolean({ error: '应为 true 或 false' }) })
  .meta({ title: '已填 / 未填（旧写法，同 present）', deprecated: true });
/** Older form shape: `{ age: { min, max } }` (= `$age` bounds, inclusive). */
export const ageLeafSchema = z
  .strictObject({ age: z.strictObject({ min: z.number().int().optional(), max: z.number().int().optional() }) })
  .meta({ title: '年龄范围（旧写法，同 $age gte / lte）', deprecated: true });
/** Older form shape: `{ category: [...] }` (= `$category in`). */
export const categoryLeafSchema = z.strictObject({ category: codes }).meta({ title: '残疾类别（旧写法，同 $category in）', deprecated: true });
/** Older form shape: `{ level: [...] }` (= `$level in`). */
export const levelLeafSchema = z.strictObject({ level: codes }).meta({ title: '残疾等级（旧写法，同 $level in）', deprecated: true });

/**
 * A condition of the one condition language (recursive): a leaf, or `all` / `any` / `not` / `xor`
 * of conditions.
 *
 * @example
 * ```ts
 * conditionSchema.safeParse({ all: [{ item: '$age', gte: 16 }, { item: 'r16', eq: 2 }] }).success; //=> true
 * conditionSchema.safeParse({ item: 'r16', eq: 2, typo: 1 }).success; //=> false (unknown key)
 * ```
 */
/**
 * A condition: a leaf, or a combination of conditions (`xor`: exactly one of the two holds, e.g.
 * "recorded 低保" vs "on the 低保 roster"). The recursive type the schema accepts, spelled out
 * here (zod cannot infer a recursive type); `condition.ts` re-exports it.
 */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly xor: readonly [Condition, Condition] }
  | z.infer<typeof itemLeafSchema>
  | z.infer<typeof deptLeafSchema>
  | z.infer<typeof previousLeafSchema>
  | z.infer<typeof answeredLeafSchema>
  | z.infer<typeof ageLeafSchema>
  | z.infer<typeof categoryLeafSchema>
  | z.infer<typeof levelLeafSchema>;

export const conditionSchema: z.ZodType<Condition> = z.lazy(() => conditionUnionSchema).meta({
  id: 'Condition',
  title: '条件',
  description: 'canji 的条件语言：叶子比较一个值（item 登记表项目或派生事实、dept 部门数据字段、previous 上一轮记录），all / any / not / xor 组合条件。',
});

/** All of the conditions hold (an empty list always holds). */
export const allSchema = z.strictObject({ all: z.array(conditionSchema).readonly() }).meta({ title: '全部成立（且）' });
/** At least one of the conditions holds (an empty list never holds). */
export const anySchema = z.strictObject({ any: z.array(conditionSchema).readonly() }).meta({ title: '至少一个成立（或）' });
/** The condition does not hold. */
export const notSchema = z.strictObject({ not: conditionSchema }).meta({ title: '不成立（非）' });
/** Exactly one of the two holds. */
export const xorSchema = z
  .strictObject({ xor: z.tuple([conditionSchema, conditionSchema], { error: '应为恰好两个条件的数组' }).readonly() })
  .meta({ title: '恰有一个成立（异或）' });

const CONDITION_KINDS = ['all', 'any', 'not', 'xor', 'item', 'dept', 'previous', 'age', 'category', 'level'] as const;

/**
 * @internal The union behind {@link conditionSchema}, in a fixed order (the type test and the
 * error messages of `parseSchemaData` read it).
 */
export const conditionUnionSchema = z.union(
  [allSchema, anySchema, notSchema, xorSchema, itemLeafSchema, deptLeafSchema, previousLeafSchema, answeredLeafSchema, ageLeafSchema, categoryLeafSchema, levelLeafSchema],
  {
    error: (iss) => {
      const v = iss.input;
      const kinds = v !== null && typeof v === 'object' && !Array.isArray(v) ? CONDITION_KINDS.filter((k) => k in v) : [];
      if (kinds.length > 1) return `一个条件只能是一种形式，这里同时有 ${kinds.map((k) => `“${k}”`).join('、')}（要组合请用 all / any）`;
      return '条件应为以下形式之一：{ "all": [...] }、{ "any": [...] }、{ "not": {...} }、{ "xor": [a, b] }、{ "item": …, 比较 }、{ "dept": …, 比较 }、{ "previous": …, 比较 }';
    },
  },
);
