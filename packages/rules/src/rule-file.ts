/**
 * Rule files: rules a local office writes by hand in JSON (with an editor that validates against
 * `docs/schemas/rule-file.schema.json`) and loads with `canji check --rules FILE`. A file is data
 * only — the same condition language as the built-in rules (`@canji/form`'s `conditionSchema`);
 * the functions a rule needs (the message template) are made here, in code.
 *
 * ```json
 * {
 *   "$schema": "https://…/rule-file.schema.json",
 *   "version": 1,
 *   "name": "某县补充规则",
 *   "rules": [{
 *     "id": "LOCAL_CARE_SUBSIDY_LEVEL", "title": "享受护理补贴，但残疾等级不是一、二级", "severity": "warning",
 *     "scope": "record", "formVersions": ["2017"],
 *     "when": { "item": "r28", "includes": 2 }, "expect": { "item": "$level", "in": [1, 2] },
 *     "basis": { "document": "某县残联关于…的通知", "section": "第三条" }
 *   }]
 * }
 * ```
 *
 * A rule is violated when `when` holds (always, if absent) and `expect` does not. On a complete
 * record an unanswered value makes `eq` / `in` / `includes…` / ordering comparisons false, so an
 * `expect` on an item also fails when the item is blank; say `{ "any": [ …, { "item": "x", "present": false } ] }`
 * to allow a blank.
 */
import { z } from 'zod';
import {
  conditionSchema,
  getExtractDepartment,
  jsonPath,
  readDataFile,
  PERSON_FORM_VERSIONS,
  personForm,
  type Condition as ConditionData,
  normalizeCondition,
  DEPARTMENT_IDS,
  DEPARTMENT_NAMES,
  isSourceId,
  type FormDefinition,
  type ItemDef,
  type PersonFormVersion,
} from '@canji/form';
import { FACT_KEYS as CONDITION_FACT_KEYS, type Condition as RuleCondition } from './conditions.js';
import { MERGED_FIELDS } from './departments.js';
import { IDENTIFYING_COLUMNS } from './mask.js';
import {
  defineRule,
  type CheckResult,
  type CrossCheckRule,
  type DepartmentId,
  type PersonRecord,
  type RecordFacts,
  type RecordRule,
  type RuleBasis,
  type YearOnYearRule,
} from './model.js';

/** A condition of the one condition language, as `@canji/form`'s schema reads it. */
type FileCondition = ConditionData;

const DEPARTMENTS: readonly DepartmentId[] = DEPARTMENT_IDS;

const RULE_ID = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const HAN = /\p{Script=Han}/u;

/** A non-blank string (in JSON Schema: at least one non-space character). */
const text = (what: string) => z.string({ error: `${what}应为字符串` }).trim().min(1, { error: `${what}不能为空` }).meta({ pattern: '\\S' });

/** Where a rule comes from: the document (with its 文号), the section, and the source ids of `docs/sources.md`. */
export const ruleFileBasisSchema = z
  .strictObject({
    document: text('依据文件').meta({ description: '依据的文件，含文号，如“某县残联关于做好2024年动态更新工作的通知（某残联〔2024〕3号）”' }),
    section: text('条款').optional().meta({ description: '条款或章节，如“第三条”' }),
    sources: z.array(text('来源编号')).min(1).readonly().optional().meta({ description: 'docs/sources.md 中的来源编号' }),
    kind: z.enum(['form', 'policy', 'standard', 'department', 'data-quality']).optional().meta({ description: '依据类型；默认：比对规则为 department，其余为 policy' }),
    certainty: z.enum(['official', '2+', '1', 'inf']).optional().meta({ description: '可靠性；默认 official（本单位发布的规则）。1、inf 的规则只能是 warning' }),
    note: z.string().optional().meta({ description: '为什么这样读依据、有何不确定之处' }),
  })
  .meta({ title: '依据' });

const ruleCommon = {
  id: z
    .string({ error: '规则编号应为字符串' })
    .regex(RULE_ID, { error: '规则编号应为大写字母、数字和下划线（如 LOCAL_CARE_SUBSIDY_LEVEL），且以字母开头' })
    .meta({ description: '稳定的规则编号（大写蛇形），发布后含义不变' }),
  title: text('标题').refine((t) => HAN.test(t), { error: '标题应为中文（审核人员看到的提示）' }).meta({ description: '中文标题：审核人员看到的提示', pattern: HAN.source }),
  severity: z.enum(['error', 'warning'], { error: '严重程度应为 error（错误，不能上报）或 warning（警告，请核实）' }),
  formVersions: z
    .union([z.literal('*'), z.array(z.enum(PERSON_FORM_VERSIONS)).min(1).readonly()], { error: `适用的登记表版本应为 "*"（所有版本）或 ${PERSON_FORM_VERSIONS.map((v) => `"${v}"`).join('、')} 组成的数组` })
    .meta({ description: '适用的登记表版本；"*" 为所有版本。项目编号因版本而异，规则只在列出的版本上运行' }),
  items: z.array(text('项目')).readonly().optional().meta({ description: '报告中列出的相关项目；默认取条件中出现的项目' }),
  when: conditionSchema.optional().meta({ description: '适用条件：满足时才检查 expect；不写则对所有记录检查' }),
  expect: conditionSchema.meta({ description: '应当成立的条件：when 成立而 expect 不成立的记录被标出' }),
  message: text('提示模板')
    .optional()
    .meta({ description: '提示模板（默认用标题）：{r13} 为记录中该项的值，{$age} 为派生事实，{dept.enrolled} 为部门数据的字段（仅比对规则）；不能引用姓名、证件号等身份信息' }),
  basis: ruleFileBasisSchema,
  description: z.string().optional().meta({ description: '较长的说明，写入报告' }),
};

/** A rule over one record. */
export const recordRuleFileSchema = z.strictObject({ ...ruleCommon, scope: z.literal('record') }).meta({ title: '记录规则（逻辑校验）' });
/** A rule comparing a record with a partner department's matched row. */
export const crossCheckRuleFileSchema = z
  .strictObject({
    ...ruleCommon,
    scope: z.literal('cross-check'),
    department: z.enum(DEPARTMENTS, { error: `部门应为 ${DEPARTMENTS.join('、')} 之一` }).meta({ description: '比对的部门数据（canji check --dept 部门=文件）' }),
  })
  .meta({ title: '部门比对规则' });

/**
 * A rule comparing a record with the same person's record of the previous round (`canji check
 * --previous`): `when` / `expect` may read `{ "previous": "r8", … }`; the previous record is read in
 * this round's numbering (a 2017 round against a 2021 batch through the item correspondence), and
 * the rule runs only on persons found in the previous round.
 */
export const yearOnYearRuleFileSchema = z
  .strictObject({
    ...ruleCommon,
    scope: z.literal('year-on-year'),
    compares: text('比较项目').optional().meta({ description: '报告中列出上一轮 → 本轮两个值的项目；默认取条件中出现的第一个项目' }),
  })
  .meta({ title: '年度比对规则' });

/** One rule of a rule file. */
export const ruleFileRuleSchema = z.discriminatedUnion('scope', [recordRuleFileSchema, crossCheckRuleFileSchema, yearOnYearRuleFileSchema], {
  error: '规则的 scope 应为 "record"（记录规则）、"cross-check"（部门比对规则）或 "year-on-year"（年度比对规则）',
});

/**
 * A rule file (version 1): `{ "$schema"?, "version": 1, "name", "description"?, "rules": [...] }`.
 *
 * @example
 * ```ts
 * ruleFileSchema.safeParse({ version: 1, name: '某县补充规则', rules: [] }).success; //=> false (at least one rule)
 * ```
 */
export const ruleFileSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: '本文件的 JSON Schema（编辑器据此校验和提示）' }),
    version: z.literal(1, { error: '规则文件格式版本应为 1' }),
    name: text('规则集名称').meta({ description: '规则集名称，如“某县 2024 年补充规则”' }),
    description: z.string().optional(),
    rules: z.array(ruleFileRuleSchema).min(1, { error: '至少应有一条规则' }),
  })
  .meta({ title: 'canji 规则文件', description: 'canji check --rules 读取的本地规则（逻辑校验、部门比对和年度比对），条件语言同 @canji/form。' });

/** A rule file as data. */
export type RuleFile = z.infer<typeof ruleFileSchema>;
/** One rule of a rule file, as data. */
export type RuleFileRule = z.infer<typeof ruleFileRuleSchema>;

/** Stable codes of the problems {@link parseRuleFile} reports. */
export const RULE_FILE_ERROR_CODES = [
  'RULE_FILE_JSON',
  'RULE_FILE_VERSION',
  'RULE_FILE_SCHEMA',
  'RULE_FILE_DUPLICATE_ID',
  'RULE_FILE_UNKNOWN_ITEM',
  'RULE_FILE_UNKNOWN_FIELD',
  'RULE_FILE_UNKNOWN_CODE',
  'RULE_FILE_SCOPE',
  'RULE_FILE_TEMPLATE',
  'RULE_FILE_SEVERITY',
] as const;
export type RuleFileErrorCode = (typeof RULE_FILE_ERROR_CODES)[number];

/** One problem of a rule file: a stable code, where (JSON path) and what (zh-CN, starting with the path). */
export interface RuleFileError {
  code: RuleFileErrorCode;
  /** `$.rules[0].when.all[1].item` */
  path: string;
  /** `$.rules[0].when.all[1].item：登记表（2017 版）没有项目“r99”` */
  message: string;
}

/** The rules of a file, ready for `compileRules` (with the built-in ones). */
export interface LoadedRuleFile {
  name: string;
  rules: (RecordRule | CrossCheckRule | YearOnYearRule)[];
  /** The file as validated data (what a worker thread needs to rebuild the same rules). */
  file: RuleFile;
}

/** What `parseRuleFile` returns: the rules of the file, or every error found (path, code, zh-CN message). */
export type ParseRuleFileResult = { ok: true; value: LoadedRuleFile } | { ok: false; errors: RuleFileError[] };

/** Options of `parseRuleFile`: the form its references are checked against, and the rule ids already taken. */
export interface ParseRuleFileOptions {
  /**
   * The form the records follow (default `personForm('2017')`; an extended form works too):
   * rules for every version (`"*"`) and rules listing its version are checked against its items;
   * rules listing other versions against those versions' forms.
   */
  form?: FormDefinition;
  /** Ids already in use (the built-in rules, earlier files): a file rule with one of them is an error. */
  takenIds?: Iterable<string>;
}


interface FieldInfo {
  codes?: ReadonlySet<number | string>;
}

function departmentFields(department: DepartmentId): Map<string, FieldInfo> {
  const out = new Map<string, FieldInfo>();
  const d = getExtractDepartment(department);
  for (const f of d.fields) {
    let codes: ReadonlySet<number | string> | undefined;
    if (f.type === 'code' && f.codes) codes = new Set(f.codes.codes.map((c) => c.code));
    else if (f.type === 'yes-no') codes = new Set([1, 2]);
    else if (f.type === 'sex') codes = new Set(['male', 'female']);
    out.set(f.key, codes ? { codes } : {});
  }
  for (const [merged, from] of Object.entries(MERGED_FIELDS[department] ?? {})) out.set(merged, out.get(from) ?? {});
  return out;
}

function itemCodes(form: FormDefinition, item: ItemDef): ReadonlySet<number> | undefined {
  if (item.type !== 'single' && item.type !== 'multiple' && item.type !== 'yesno') return undefined;
  const list = item.codeList ? form.codeLists[item.codeList] : undefined;
  if (!list || list.open) return undefined;
  return new Set(list.entries.map((e) => e.code));
}

const CODE_KEYS = ['eq', 'ne', 'in', 'notIn', 'includes', 'includesAny', 'includesNone'] as const;

/** The constants a leaf compares with, under their comparison key. */
function comparedValues(leaf: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k of CODE_KEYS) {
    const v = leaf[k];
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x, i) => out.push([`${k}[${i}]`, x]));
    else out.push([k, v]);
  }
  return out;
}

const FACT_ITEMS: Record<string, readonly string[]> = {
  $age: ['birth_date', 'resident_id'],
  $birthDate: ['birth_date', 'resident_id'],
  $category: ['disability_category', 'certificate_no'],
  $level: ['disability_level', 'certificate_no'],
  $idSex: ['resident_id'],
  $idBirthDate: ['resident_id'],
  $certCategory: ['certificate_no'],
  $certLevel: ['certificate_no'],
  $id: ['resident_id'],
  $certId: ['certificate_no'],
};

/** The facts a message template may print: every fact but the identifying `$id` and `$certId`. */
const FACT_KEYS: Readonly<Record<string, keyof RecordFacts>> = Object.fromEntries(Object.entries(CONDITION_FACT_KEYS).filter(([name]) => name !== '$id' && name !== '$certId'));

/** Reads a record, its facts, the department row and the previous round's record for a message template. */
type Part = string | ((record: PersonRecord, facts: RecordFacts, row: Readonly<Record<string, unknown>> | undefined, previous: PersonRecord | undefined, previousFacts: RecordFacts | undefined) => unknown);

function showValue(v: unknown): string {
  if (v === undefined || v === null || v === '') return '（空）';
  if (Array.isArray(v)) return v.length ? v.map(showValue).join('、') : '（空）';
  return String(v);
}

class Checker {
  readonly errors: RuleFileError[] = [];
  constructor(private readonly forms: (rule: RuleFileRule) => FormDefinition[]) {}

  fail(code: RuleFileErrorCode, path: readonly (string | number)[], what: string): void {
    const p = jsonPath(path);
    this.errors.push({ code, path: p, message: `${p}：${what}` });
  }

  /** Validates a condition's references and rewrites it into the rules' condition type (legacy shapes normalised). */
  condition(c: FileCondition, path: (string | number)[], rule: RuleFileRule, items: Set<string>): RuleCondition {
    if ('all' in c) return { all: c.all.map((x, i) => this.condition(x, [...path, 'all', i], rule, items)) };
    if ('any' in c) return { any: c.any.map((x, i) => this.condition(x, [...path, 'any', i], rule, items)) };
    if ('not' in c) return { not: this.condition(c.not, [...path, 'not'], rule, items) };
    if ('xor' in c) return { xor: [this.condition(c.xor[0], [...path, 'xor', 0], rule, items), this.condition(c.xor[1], [...path, 'xor', 1], rule, items)] };
    if ('previous' in c) {
      if (rule.scope !== 'year-on-year') {
        this.fail('RULE_FILE_SCOPE', [...path, 'previous'], '只有年度比对规则（scope 为 "year-on-year"）能读上一轮的记录（previous）');
        return { any: [] };
      }
      const ref = c.previous;
      if (ref === '$matched') return c;
      if (ref.startsWith('$')) {
        for (const k of FACT_ITEMS[ref] ?? []) items.add(k);
        return c;
      }
      // The previous record is read in this round's numbering: the same items and codes as `item`.
      this.itemLeaf(ref, c, path, 'previous', rule, items);
      return c;
    }
    if ('dept' in c) {
      if (rule.scope !== 'cross-check') {
        this.fail('RULE_FILE_SCOPE', [...path, 'dept'], '只有部门比对规则（scope 为 "cross-check"）能读部门数据（dept）');
        return { any: [] };
      }
      if (c.dept !== '$matched') {
        const fields = departmentFields(rule.department);
        const field = fields.get(c.dept);
        if (!field) this.fail('RULE_FILE_UNKNOWN_FIELD', [...path, 'dept'], `${DEPARTMENT_NAMES[rule.department]}的数据没有字段“${c.dept}”：可用 ${[...fields.keys()].join('、')}、$matched`);
        else if (field.codes) this.codes(c, path, field.codes, `${DEPARTMENT_NAMES[rule.department]}字段“${c.dept}”`);
      }
      return c;
    }
    if ('age' in c || 'category' in c || 'level' in c || 'answered' in c) return this.condition(normalizeCondition(c), path, rule, items);
    const item = c.item;
    if (item.startsWith('$')) {
      for (const k of FACT_ITEMS[item] ?? []) items.add(k);
      return c;
    }
    this.itemLeaf(item, c, path, 'item', rule, items);
    return c;
  }

  /** Checks that the forms have the item and that every compared constant is one of its codes. */
  private itemLeaf(item: string, c: object, path: (string | number)[], key: 'item' | 'previous', rule: RuleFileRule, items: Set<string>): void {
    items.add(item);
    for (const form of this.forms(rule)) {
      const def = form.items.find((i) => i.key === item);
      if (!def) {
        this.fail('RULE_FILE_UNKNOWN_ITEM', [...path, key], `登记表（${form.version} 版）没有项目“${item}”`);
        break;
      }
      const codes = itemCodes(form, def);
      if (codes && !this.codes(c, path, codes, `${key === 'previous' ? '上一轮' : ''}${def.code || def.label}（${form.version} 版）`)) break;
    }
  }

  /** Whether every compared constant is a code of the list (reports the first that is not). */
  private codes(leaf: object, path: (string | number)[], codes: ReadonlySet<number | string>, what: string): boolean {
    for (const [key, v] of comparedValues(leaf as Record<string, unknown>)) {
      if (typeof v === 'boolean' || codes.has(v as number | string)) continue;
      const at = key.includes('[') ? [...path, key.slice(0, key.indexOf('[')), Number(key.slice(key.indexOf('[') + 1, -1))] : [...path, key];
      this.fail('RULE_FILE_UNKNOWN_CODE', at, `${what}没有代码 ${JSON.stringify(v)}：可用 ${[...codes].map((x) => JSON.stringify(x)).join('、')}`);
      return false;
    }
    return true;
  }

  /** Compiles a message template into parts (once); `undefined` when it is invalid. */
  template(message: string, path: (string | number)[], rule: RuleFileRule): Part[] | undefined {
    const parts: Part[] = [];
    let last = 0;
    let ok = true;
    for (const m of message.matchAll(/\{([^{}]*)\}/g)) {
      parts.push(message.slice(last, m.index));
      last = m.index + m[0].length;
      const name = m[1]!.trim();
      const bad = (what: string) => {
        ok = false;
        this.fail('RULE_FILE_TEMPLATE', path, `占位符“{${name}}”${what}`);
      };
      if (name.startsWith('previous.')) {
        const ref = name.slice(9);
        if (rule.scope !== 'year-on-year') bad('只能用在年度比对规则中');
        else if (ref.startsWith('$')) {
          const key = FACT_KEYS[ref];
          if (!key) bad(`不是可用的派生事实：可用 ${Object.keys(FACT_KEYS).join('、')}`);
          else parts.push((_r, _f, _row, _p, pf) => pf?.[key]);
        } else if (IDENTIFYING_COLUMNS.has(ref)) bad('会把身份信息写进报告，不能使用');
        else {
          const missing = this.forms(rule).find((f) => !f.items.some((i) => i.key === ref));
          if (missing) bad(`：登记表（${missing.version} 版）没有此项目`);
          else parts.push((_r, _f, _row, p) => p?.[ref]);
        }
      } else if (name.startsWith('dept.')) {
        const field = name.slice(5);
        if (rule.scope !== 'cross-check') bad('只能用在部门比对规则中');
        else if (!departmentFields(rule.department).has(field)) bad(`：${DEPARTMENT_NAMES[rule.department]}的数据没有字段“${field}”`);
        else if (IDENTIFYING_COLUMNS.has(field)) bad('会把身份信息写进报告，不能使用');
        else parts.push((_r, _f, row) => row?.[field]);
      } else if (name.startsWith('$')) {
        const key = FACT_KEYS[name];
        if (!key) bad(`不是可用的派生事实：可用 ${Object.keys(FACT_KEYS).join('、')}`);
        else parts.push((_r, f) => f[key]);
      } else if (IDENTIFYING_COLUMNS.has(name)) bad('会把身份信息写进报告，不能使用');
      else {
        const missing = this.forms(rule).find((f) => !f.items.some((i) => i.key === name));
        if (missing) bad(`：登记表（${missing.version} 版）没有此项目`);
        else parts.push((r) => r[name]);
      }
    }
    if (message.slice(last).match(/[{}]/) || parts.some((p) => typeof p === 'string' && /[{}]/.test(p))) {
      ok = false;
      this.fail('RULE_FILE_TEMPLATE', path, '花括号不成对：占位符写作 {r13}、{$age}、{dept.enrolled}、{previous.r8}');
    }
    parts.push(message.slice(last));
    return ok ? parts.filter((p) => p !== '') : undefined;
  }
}

function basisOf(b: RuleFileRule['basis'], scope: RuleFileRule['scope']): RuleBasis {
  const basis: RuleBasis = {
    kind: b.kind ?? (scope === 'cross-check' ? 'department' : 'policy'),
    document: b.document,
    certainty: b.certainty ?? 'official',
  };
  if (b.section) basis.section = b.section;
  // Ids of canji's docs/sources.md are kept as sources; an office's own references go to the note.
  const known = (b.sources ?? []).filter(isSourceId);
  const local = (b.sources ?? []).filter((x) => !isSourceId(x));
  if (known.length) basis.sources = known;
  const note = [b.note, local.length ? `来源：${local.join('、')}` : undefined].filter((x) => x);
  if (note.length) basis.note = note.join('；');
  return basis;
}

/**
 * Reads a rule file (JSON text or the parsed value) into rules for `compileRules`. Never throws on
 * a bad file: returns every problem with a stable code, the JSON path and a zh-CN message — the
 * schema (`RULE_FILE_SCHEMA`), duplicate ids (`RULE_FILE_DUPLICATE_ID`), items the form does not
 * have (`RULE_FILE_UNKNOWN_ITEM`), department fields and codes that do not exist, a bad message
 * template.
 *
 * @example
 * ```ts
 * const r = parseRuleFile(readFileSync('county-extra.rules.json', 'utf8'), { form: personForm('2017'), takenIds: builtIn.map((x) => x.id) });
 * if (!r.ok) for (const e of r.errors) console.error(e.code, e.message); // RULE_FILE_UNKNOWN_ITEM $.rules[0].when.item：登记表（2017 版）没有项目“r99”
 * else checkBatchSync(records, [...builtIn, ...r.value.rules]);
 * ```
 */
export function parseRuleFile(input: string | unknown, opts: ParseRuleFileOptions = {}): ParseRuleFileResult {
  const parsed = readDataFile(input, ruleFileSchema, { code: 'RULE_FILE', what: '规则文件' });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const file = parsed.value;

  const form = opts.form ?? personForm('2017');
  const formsFor = (rule: RuleFileRule): FormDefinition[] => {
    if (rule.formVersions === '*') return [form];
    return rule.formVersions.map((v: PersonFormVersion) => (v === form.version ? form : personForm(v)));
  };
  const check = new Checker(formsFor);
  const taken = new Set(opts.takenIds ?? []);
  const seen = new Map<string, number>();
  const rules: (RecordRule | CrossCheckRule | YearOnYearRule)[] = [];
  file.rules.forEach((r, i) => {
    const at = ['rules', i];
    const first = seen.get(r.id);
    if (first !== undefined) check.fail('RULE_FILE_DUPLICATE_ID', [...at, 'id'], `规则编号“${r.id}”与 $.rules[${first}] 重复`);
    else if (taken.has(r.id)) check.fail('RULE_FILE_DUPLICATE_ID', [...at, 'id'], `规则编号“${r.id}”已被内置规则或先读入的规则文件使用`);
    else seen.set(r.id, i);
    const certainty = r.basis.certainty ?? 'official';
    if (r.severity === 'error' && (certainty === '1' || certainty === 'inf')) {
      check.fail('RULE_FILE_SEVERITY', [...at, 'severity'], `依据的可靠性为 ${certainty} 的规则只能是 warning（警告）`);
    }
    const used = new Set<string>();
    const when = r.when ? check.condition(r.when, [...at, 'when'], r, used) : undefined;
    const expect = check.condition(r.expect, [...at, 'expect'], r, used);
    const violation: RuleCondition = when ? { all: [when, { not: expect }] } : { not: expect };
    const parts = r.message ? check.template(r.message, [...at, 'message'], r) : undefined;
    const common = {
      id: r.id,
      title: r.title,
      severity: r.severity,
      formVersions: r.formVersions,
      items: r.items ?? [...used],
      basis: basisOf(r.basis, r.scope),
      violation,
      ...(r.description ? { description: r.description } : {}),
    };
    const render = parts
      ? (record: PersonRecord, facts: RecordFacts, row: Readonly<Record<string, unknown>> | undefined, previous?: PersonRecord, previousFacts?: RecordFacts): CheckResult => ({
          message: parts.map((p) => (typeof p === 'string' ? p : showValue(p(record, facts, row, previous, previousFacts)))).join(''),
        })
      : undefined;
    if (r.scope === 'record') {
      const rule: RecordRule = { ...common, scope: 'record' };
      if (render) rule.check = (record, facts) => render(record, facts, undefined);
      rules.push(rule);
    } else if (r.scope === 'year-on-year') {
      const rule: YearOnYearRule = { ...common, scope: 'year-on-year', ...(r.compares ? { compares: r.compares } : {}) };
      if (render) rule.check = (record, previous, facts, previousFacts) => render(record, facts, undefined, previous, previousFacts);
      rules.push(rule);
    } else {
      const rule: CrossCheckRule = { ...common, scope: 'cross-check', department: r.department };
      if (render) rule.check = (record, row, facts) => render(record, facts, row);
      rules.push(rule);
    }
  });
  if (check.errors.length) return { ok: false, errors: check.errors };
  return { ok: true, value: { name: file.name, rules: rules.map((r) => defineRule(r)), file } };
}
