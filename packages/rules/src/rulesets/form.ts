/**
 * Form rules: the checks of `@canji/form`'s `validatePerson` — types, code lists, exclusive
 * options, identity, skip logic, option availability, forced values — as rules of this package.
 * The rules are derived from the form definition (`personForm(version)`: its skip rules, option
 * rules and implications each become a rule with the same id) and evaluated by the form's one
 * compiled validator (`compileValidator`), once per record, so a batch check and entry-time
 * validation can never disagree.
 */
import { compileValidator, personForm, type FormDefinition, type FormProblem, type PersonFormVersion } from '@canji/form';
import { defineRule, type CheckResult, type Finding, type FormVersion, type PersonRecord, type RecordFacts, type RecordRule, type RuleBasis, type RuleContext, type Severity } from '../model.js';
import { formDocument, sourceIdsIn } from './documents.js';

interface Generic {
  id: string;
  title: string;
  severity: Severity;
}

/** Problem codes of validatePerson that become one rule each (same id). */
const GENERIC: readonly Generic[] = [
  { id: 'FORM_TYPE', title: '答案类型不对（应为代码、代码数组、数字、文字或日期）', severity: 'error' },
  { id: 'FORM_CODE_UNKNOWN', title: '代码不在代码表中', severity: 'error' },
  { id: 'FORM_DATE', title: '日期无效（应为 YYYY-MM-DD）', severity: 'error' },
  { id: 'FORM_RANGE', title: '数值超出允许范围', severity: 'error' },
  { id: 'FORM_PATTERN', title: '格式不符合要求', severity: 'error' },
  { id: 'FORM_TEXT_LENGTH', title: '文字超过长度限制', severity: 'error' },
  { id: 'FORM_MULTI_EMPTY', title: '多选题答案为空数组', severity: 'error' },
  { id: 'FORM_MULTI_DUPLICATE', title: '多选题答案有重复代码', severity: 'error' },
  { id: 'FORM_EXCLUSIVE', title: '"无/未参加/未得到"选项与其他选项同选', severity: 'error' },
  { id: 'FORM_UNKNOWN_FIELD', title: '记录中有登记表以外的字段', severity: 'error' },
  { id: 'FORM_REQUIRED', title: '应填写的项目未填写', severity: 'error' },
  { id: 'FORM_NOT_APPLICABLE', title: '按跳转规则不应填写的项目填写了', severity: 'error' },
  { id: 'FORM_RESIDENT_ID_INVALID', title: '公民身份号码（或户主身份证号）无效', severity: 'error' },
  { id: 'FORM_CERTIFICATE_INVALID', title: '残疾人证号无效', severity: 'error' },
  { id: 'FORM_ID_WARNING', title: '身份证号或残疾人证号需核实（如地区代码已撤销或未知）', severity: 'warning' },
  // Warning per docs/guides/policy-basis.md §5 ([inf]): ID numbers are sometimes corrected without a new certificate.
  { id: 'FORM_IDENTITY_CERT_ID', title: '公民身份号码与残疾人证号前 18 位不一致（请核实哪个为现用号码）', severity: 'warning' },
  { id: 'FORM_IDENTITY_SEX', title: '性别与身份证号（证号）不一致', severity: 'error' },
  { id: 'FORM_IDENTITY_BIRTH_DATE', title: '出生日期与身份证号（证号）不一致', severity: 'error' },
  { id: 'FORM_IDENTITY_CATEGORY', title: '残疾类别与残疾人证号第 19 位不一致', severity: 'error' },
  { id: 'FORM_IDENTITY_LEVEL', title: '残疾等级与残疾人证号第 20 位不一致', severity: 'error' },
  { id: 'FORM_AS_OF_MISSING', title: '没有标准时点（reference_date），与年龄有关的跳转无法判断', severity: 'warning' },
  { id: 'FORM_AS_OF_INVALID', title: '标准时点无效', severity: 'error' },
  { id: 'FORM_OTHER', title: '登记表校验的其他错误', severity: 'error' },
  { id: 'FORM_OTHER_WARNING', title: '登记表校验的其他警告', severity: 'warning' },
];

const IDENTITY_BY_FIELD: Readonly<Record<string, string>> = {
  resident_id: 'FORM_IDENTITY_CERT_ID',
  certificate_no: 'FORM_IDENTITY_CERT_ID',
  sex: 'FORM_IDENTITY_SEX',
  birth_date: 'FORM_IDENTITY_BIRTH_DATE',
  disability_category: 'FORM_IDENTITY_CATEGORY',
  disability_level: 'FORM_IDENTITY_LEVEL',
};

const GENERIC_IDS = new Set(GENERIC.map((g) => g.id));

/** Which rule a problem of validatePerson belongs to. */
function ruleIdOf(p: FormProblem, specific: ReadonlySet<string>): string {
  if (p.rule && specific.has(p.rule)) return p.rule;
  const code = p.code;
  if (code === 'FORM_IDENTITY_MISMATCH') return IDENTITY_BY_FIELD[String(p.path[0])] ?? 'FORM_OTHER';
  if (code.startsWith('ID_') || code.startsWith('CERT_')) {
    if (p.severity === 'warning') return 'FORM_ID_WARNING';
    return p.path[0] === 'certificate_no' ? 'FORM_CERTIFICATE_INVALID' : 'FORM_RESIDENT_ID_INVALID';
  }
  if (GENERIC_IDS.has(code)) {
    const g = GENERIC.find((x) => x.id === code)!;
    if (g.severity === p.severity) return code;
  }
  return p.severity === 'warning' ? 'FORM_OTHER_WARNING' : 'FORM_OTHER';
}

/** What the form expects instead, by the problem's kind (`undefined` when the message says it best). */
function expectedOf(p: FormProblem): string | undefined {
  switch (p.code) {
    case 'FORM_REQUIRED':
      return '应填写';
    case 'FORM_NOT_APPLICABLE':
      return '应留空（按跳转规则不填）';
    case 'FORM_IMPLIED_VALUE':
      return /：(应为 [^（]+)/.exec(p.message)?.[1]?.trim();
    case 'FORM_OPTION_NOT_AVAILABLE':
      return /：(选项 \S+ 不可选)/.exec(p.message)?.[1];
    case 'FORM_CODE_UNKNOWN':
      return '代码表中的代码';
    case 'FORM_DATE':
      return '有效日期（YYYY-MM-DD）';
    case 'FORM_EXCLUSIVE':
      return '“无”类选项不与其他选项同选';
    case 'FORM_IDENTITY_MISMATCH':
      return '与身份证号、残疾人证号一致';
    default:
      return undefined;
  }
}

/** One problem of the form's validation as a {@link Finding} on its item (the record key of its path). */
function findingOf(p: FormProblem, record: PersonRecord): Finding {
  const key = typeof p.path[0] === 'string' ? p.path[0] : p.item;
  const f: Finding = { item: key, message: p.message };
  const v = (record as Record<string, unknown>)[key];
  if (v !== undefined) f.recorded = v;
  const expected = expectedOf(p);
  if (expected) f.expected = expected;
  return f;
}

function certaintyOfSource(source: string): RuleBasis['certainty'] {
  // The form's own tags: sources S1…S28 of docs/sources.md; two or more named → 2+.
  const named = new Set(source.match(/S\d+/g) ?? []);
  return named.size >= 2 ? '2+' : '1';
}

/** Options of {@link formRules}. */
export interface FormRulesOptions {
  /** A form definition (e.g. from `extendForm` or `withFormCodeLabels`) instead of the built-in one. */
  form?: FormDefinition;
}

/**
 * The form rules of a version, derived from `@canji/form`: one rule per kind of problem
 * `validatePerson` reports (`FORM_TYPE`, `FORM_CODE_UNKNOWN`, `FORM_EXCLUSIVE`, `FORM_REQUIRED`,
 * identity …), and one per skip rule (`SKIP_…`), option rule (`OPT_…`) and implication (`IMPL_…`)
 * of the form definition, with the same id. All of them read one `validatePerson` evaluation per
 * record; severities are the form's, so entry time and batch agree.
 *
 * @example
 * ```ts
 * const ids = formRules('2017').map((r) => r.id);
 * ids.includes('FORM_EXCLUSIVE') && ids.includes('SKIP_R7_INSTITUTION'); //=> true
 * ```
 */
export function formRules(version: FormVersion = '2017', opts: FormRulesOptions = {}): RecordRule[] {
  const form = opts.form ?? personForm(version as PersonFormVersion);
  const mirrors = `@canji/form validatePerson（${form.title}）`;
  const doc = formDocument(form.version);
  const cite = (section: string, source = ''): Pick<RuleBasis, 'document' | 'section' | 'sources'> => ({ document: doc.document, section, sources: [...new Set([...doc.sources, ...sourceIdsIn(source)])] });

  // One evaluation per record, shared by every rule of this set. Keyed by the facts object,
  // which the runner creates afresh for every record (a reused, mutated record object is safe).
  let lastFacts: RecordFacts | undefined;
  let byRule = new Map<string, FormProblem[]>();
  const EMPTY = new Map<string, FormProblem[]>();
  // Most records are clean: the validator proves that without building the problem list; any
  // record it is not sure about gets the full validation.
  const validator = compileValidator(form);
  const problemsOf = (record: PersonRecord, facts: RecordFacts, ctx: RuleContext): Map<string, FormProblem[]> => {
    if (facts === lastFacts) return byRule;
    lastFacts = facts;
    const asOf = ctx.referenceDate;
    if (validator.isCertainlyClean(record, asOf, facts.columns)) return (byRule = EMPTY);
    const res = validator.validate(record, asOf ? { asOf } : {});
    if (res.problems.length === 0) return (byRule = EMPTY);
    byRule = new Map();
    for (const p of res.problems) {
      const id = ruleIdOf(p, specific);
      const list = byRule.get(id);
      if (list) list.push(p);
      else byRule.set(id, [p]);
    }
    return byRule;
  };
  const gate = (record: PersonRecord, facts: RecordFacts, ctx: RuleContext): boolean => problemsOf(record, facts, ctx).size > 0;
  const checkFor =
    (id: string) =>
    (record: PersonRecord, facts: RecordFacts, ctx: RuleContext): CheckResult => {
      const list = problemsOf(record, facts, ctx).get(id);
      if (!list) return false;
      const items = [...new Set(list.map((p) => p.item))];
      const message = list.length === 1 ? list[0]!.message : `${list[0]!.message}（另有 ${list.length - 1} 处：${items.slice(0, 6).join('、')}）`;
      return { message, findings: list.map((p) => findingOf(p, record)) };
    };

  const specific = new Set<string>();
  const rules: RecordRule[] = [];
  const add = (id: string, title: string, severity: Severity, items: readonly string[], basis: RuleBasis, description?: string) => {
    const r: RecordRule = { id, title, severity, scope: 'record', formVersions: [form.version], items, basis, check: checkFor(id), gate };
    if (description) r.description = description;
    rules.push(defineRule(r));
  };
  // The generic rules involve every item of the form (which also tells the runner what to read).
  const allItems = form.items.map((i) => i.key);
  for (const g of GENERIC) {
    add(g.id, g.title, g.severity, allItems, { kind: 'form', ...cite('题型、代码表和填表规则'), certainty: '2+', mirrors });
  }
  for (const s of form.skipRules) {
    specific.add(s.id);
    add(s.id, `按跳转规则不应填写：${s.note ?? s.id}`, 'error', s.skip, { kind: 'form', ...cite(`跳转规则 ${s.id}`, s.source), certainty: certaintyOfSource(s.source), mirrors });
  }
  for (const it of form.items) {
    for (const o of it.optionRules ?? []) {
      specific.add(o.id);
      add(o.id, `选项不可选：${o.note}`, 'error', [it.key], { kind: 'form', ...cite(`选项条件（${it.code || it.key} 选项 ${o.code}）`, 'S5'), certainty: '1', mirrors });
    }
  }
  for (const m of form.implications) {
    specific.add(m.id);
    add(m.id, `答案应为 ${m.value}：${m.note}`, 'error', [m.item], { kind: 'form', ...cite(`自动取值 ${m.id}`, m.source), certainty: certaintyOfSource(m.source), mirrors });
  }
  return rules;
}
