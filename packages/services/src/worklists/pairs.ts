/**
 * Need–service pairs (需求–服务配对) as data: who needs a service and who received it, said in
 * canji's one condition language (`@canji/form`'s `conditionSchema`), per form version because the
 * 2017 (R1–R41) and 2021 (R1–R27) numbering differ. A local office reviews the built-in pairs and
 * adds or corrects its own in a JSON file (`canji services worklist --pairs FILE`):
 *
 * ```json
 * {
 *   "version": 1,
 *   "name": "某县补充配对",
 *   "pairs": [{
 *     "id": "LOCAL_CARE_SERVICE", "title": "需要托养服务而未享受", "service": "托养服务",
 *     "forms": { "2017": {
 *       "need": { "item": "r30", "present": true }, "served": { "item": "r29", "eq": 1 },
 *       "basis": { "items": ["R30", "R29"] }
 *     } }
 *   }]
 * }
 * ```
 *
 * A person is a **gap** of a pair when `appliesTo` (always, if absent), `need` hold and `served`
 * does not. References are checked against the form exactly as a rule file's are: the file is
 * turned into rules and read by `@canji/rules`' `parseRuleFile`, so an unknown item, code or
 * department field is reported the same way (and the same evaluator runs them).
 */
import { conditionSchema, jsonPath, personForm, readDataFile, type Condition, type FormDefinition } from '@canji/form';
import { parseRuleFile, type DepartmentId, type RuleFileRule } from '@canji/rules';
import { BUILT_IN_PAIRS } from './builtin-pairs.js';

export { PAIR_FORM_VERSIONS, pairBasisSchema, pairFileSchema, pairVariantSchema, servicePairSchema, type PairFile, type PairFormVersion, type ServicePair, type ServicePairVariant } from './pair-schema.js';
import { PAIR_FORM_VERSIONS, pairFileSchema, type PairFormVersion, type ServicePair, type ServicePairVariant } from './pair-schema.js';

/** Stable codes of the problems {@link parsePairFile} reports. */
export const PAIR_FILE_ERROR_CODES = ['PAIR_FILE_JSON', 'PAIR_FILE_VERSION', 'PAIR_FILE_SCHEMA', 'PAIR_FILE_DUPLICATE_ID', 'PAIR_FILE_UNKNOWN_ITEM', 'PAIR_FILE_UNKNOWN_FIELD', 'PAIR_FILE_UNKNOWN_CODE', 'PAIR_FILE_SCOPE'] as const;
/** One of {@link PAIR_FILE_ERROR_CODES}. */
export type PairFileErrorCode = (typeof PAIR_FILE_ERROR_CODES)[number];

/** One problem of a pair file: a stable code, the JSON path and a zh-CN message starting with it. */
export interface PairFileError {
  code: PairFileErrorCode;
  path: string;
  message: string;
}

/** The pairs to use, and which built-in ones the file replaced. */
export interface LoadedPairs {
  pairs: ServicePair[];
  replaced: string[];
  added: string[];
}

/** What `parsePairFile` returns: the pairs (built-in and the file's), or every error found. */
export type ParsePairFileResult = { ok: true; value: LoadedPairs } | { ok: false; errors: PairFileError[] };

/** Options of {@link parsePairFile} and {@link checkPairs}. */
export interface PairCheckOptions {
  /** Forms to check references against (default `personForm('2017')` and `personForm('2021')`; an extended form for its version). */
  forms?: Partial<Record<PairFormVersion, FormDefinition>>;
}

const CONDITION_KEYS = ['appliesTo', 'need', 'served'] as const;
const CODE_MAP: Record<string, PairFileErrorCode> = {
  RULE_FILE_UNKNOWN_ITEM: 'PAIR_FILE_UNKNOWN_ITEM',
  RULE_FILE_UNKNOWN_FIELD: 'PAIR_FILE_UNKNOWN_FIELD',
  RULE_FILE_UNKNOWN_CODE: 'PAIR_FILE_UNKNOWN_CODE',
  RULE_FILE_SCOPE: 'PAIR_FILE_SCOPE',
};

/**
 * Checks the references of pairs against the forms: every item, code and department field the
 * conditions name must exist; `dept` only in a variant with a `department`. The check is the rule
 * file's (`parseRuleFile` of `@canji/rules`): each condition becomes a rule's `expect`, and its
 * problems are reported at the pair's path.
 *
 * @example
 * ```ts
 * checkPairs([{ id: 'X', title: '测试', service: '测试', forms: { '2017': { need: { item: 'r99', eq: 1 }, served: { any: [] }, basis: { items: ['R99'] } } } }]);
 * //=> [{ code: 'PAIR_FILE_UNKNOWN_ITEM', path: '$.pairs[0].forms.2017.need.item', message: '$.pairs[0].forms.2017.need.item：登记表（2017 版）没有项目“r99”' }]
 * ```
 */
export function checkPairs(pairs: readonly ServicePair[], opts: PairCheckOptions = {}, root = '$.pairs'): PairFileError[] {
  const rules: RuleFileRule[] = [];
  const where: { pair: number; version: PairFormVersion; key: (typeof CONDITION_KEYS)[number] }[] = [];
  pairs.forEach((p, i) => {
    for (const version of PAIR_FORM_VERSIONS) {
      const v = p.forms[version];
      if (!v) continue;
      for (const key of CONDITION_KEYS) {
        const expect = v[key];
        if (!expect) continue;
        const common = { id: `PAIR_${rules.length}`, title: p.title, severity: 'warning' as const, formVersions: [version], expect, basis: { document: '需求–服务配对' } };
        rules.push(v.department ? { ...common, scope: 'cross-check', department: v.department } : { ...common, scope: 'record' });
        where.push({ pair: i, version, key });
      }
    }
  });
  if (rules.length === 0) return [];
  const formFor = opts.forms?.['2017'] ?? personForm('2017');
  const checked = checkWithForms(rules, formFor, opts.forms?.['2021']);
  const out: PairFileError[] = [];
  for (const e of checked) {
    const m = /^\$\.rules\[(\d+)\]\.expect(.*)$/.exec(e.path);
    const w = m ? where[Number(m[1])] : undefined;
    if (!w) continue;
    const path = `${root}[${w.pair}].forms.${w.version}.${w.key}${m![2]}`;
    const code = CODE_MAP[e.code] ?? 'PAIR_FILE_SCHEMA';
    const what = code === 'PAIR_FILE_SCOPE' ? '只有写明 department 的配对才能读部门数据（dept）；上一轮记录（previous）不能用在配对中' : e.message.slice(e.message.indexOf('：') + 1);
    out.push({ code, path, message: `${path}：${what}` });
  }
  return out;
}

/** Runs the rule-file checker once per form (rules of a version are checked against that version's form). */
function checkWithForms(rules: RuleFileRule[], form2017: FormDefinition, form2021: FormDefinition | undefined): { code: string; path: string; message: string }[] {
  const errors: { code: string; path: string; message: string }[] = [];
  const run = (form: FormDefinition, version: PairFormVersion) => {
    const idx = rules.map((r, i) => [r, i] as const).filter(([r]) => r.formVersions !== '*' && r.formVersions.includes(version));
    if (idx.length === 0) return;
    const r = parseRuleFile({ version: 1, name: '需求–服务配对', rules: idx.map(([x]) => ({ ...x, formVersions: '*' })) }, { form });
    if (r.ok) return;
    for (const e of r.errors) {
      const m = /^\$\.rules\[(\d+)\](.*)$/.exec(e.path);
      if (!m) continue;
      const orig = idx[Number(m[1])]![1];
      errors.push({ code: e.code, path: `$.rules[${orig}]${m[2]}`, message: e.message });
    }
  };
  run(form2017, '2017');
  run(form2021 ?? personForm('2021'), '2021');
  return errors;
}

/**
 * Reads a pair file (JSON text or the parsed value) and combines it with the built-in pairs.
 * Never throws on a bad file: every problem with a stable code, its JSON path and a zh-CN message.
 *
 * @example
 * ```ts
 * const r = parsePairFile(readFileSync('county.pairs.json', 'utf8'));
 * if (!r.ok) for (const e of r.errors) console.error(e.code, e.message);
 * else r.value.pairs.length; //=> the built-in pairs plus the file's
 * ```
 */
export function parsePairFile(input: string | unknown, opts: PairCheckOptions = {}): ParsePairFileResult {
  const parsed = readDataFile(input, pairFileSchema, { code: 'PAIR_FILE', what: '配对文件' });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const file = parsed.value;
  const errors: PairFileError[] = [];
  const seen = new Map<string, number>();
  file.pairs.forEach((p, i) => {
    const first = seen.get(p.id);
    if (first !== undefined) {
      const path = jsonPath(['pairs', i, 'id']);
      errors.push({ code: 'PAIR_FILE_DUPLICATE_ID', path, message: `${path}：配对编号“${p.id}”与 $.pairs[${first}] 重复` });
    } else seen.set(p.id, i);
  });
  errors.push(...checkPairs(file.pairs, opts));
  if (errors.length) return { ok: false, errors };
  const builtIn = file.useBuiltIn === false ? [] : BUILT_IN_PAIRS;
  const mine = new Map(file.pairs.map((p) => [p.id, p]));
  const replaced = builtIn.filter((p) => mine.has(p.id)).map((p) => p.id);
  const pairs = [...builtIn.map((p) => mine.get(p.id) ?? p), ...file.pairs.filter((p) => !builtIn.some((b) => b.id === p.id))];
  return { ok: true, value: { pairs, replaced, added: file.pairs.filter((p) => !replaced.includes(p.id)).map((p) => p.id) } };
}

/**
 * What a variant's conditions read: record columns, derived facts and department fields (for the
 * list's 登记情况 column and the fingerprint).
 *
 * @example
 * ```ts
 * pairReferences(BUILT_IN_PAIRS[2].forms['2017']!);
 * //=> { items: ['person_status', 'r27', 'r28'], facts: ['$level'], fields: ['benefits'] }
 * ```
 */
export function pairReferences(v: ServicePairVariant, keys: readonly ('appliesTo' | 'need' | 'served')[] = CONDITION_KEYS): { items: string[]; facts: string[]; fields: string[] } {
  const items = new Set<string>();
  const facts = new Set<string>();
  const fields = new Set<string>();
  const walk = (c: Condition): void => {
    if ('all' in c) return c.all.forEach(walk);
    if ('any' in c) return c.any.forEach(walk);
    if ('not' in c) return walk(c.not);
    if ('xor' in c) return c.xor.forEach(walk);
    if ('dept' in c) return void (c.dept !== '$matched' && fields.add(c.dept));
    if ('previous' in c) return;
    if ('age' in c) return void facts.add('$age');
    if ('category' in c && !('item' in c)) return void facts.add('$category');
    if ('level' in c && !('item' in c)) return void facts.add('$level');
    if ('item' in c) {
      const item = String(c.item);
      return void (item.startsWith('$') ? facts.add(item) : items.add(item));
    }
  };
  for (const k of keys) {
    const c = v[k];
    if (c) walk(c);
  }
  return { items: [...items], facts: [...facts], fields: [...fields] };
}
