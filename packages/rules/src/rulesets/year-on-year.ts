/**
 * Year-on-year rules (年度比对): this round's record against the same person's record of the
 * previous round (`context.previousRound`, see `buildPreviousRound`). They run only on persons
 * found in the previous round; the previous record is read in this round's numbering (a 2017
 * round against a 2021 batch through `@canji/form`'s item correspondence, items without a
 * counterpart left out), so a rule never compares two different questions.
 *
 * Each rule says what it compares and why; severity follows the certainty of its basis: identity
 * items fixed by the ID and certificate numbers are errors, plausibility of a change is a warning.
 */
import { itemFrom2017, itemIn2017, personForm } from '@canji/form';
import { defineRule, type FormVersion, type PersonRecord, type RecordFacts, type YearOnYearRule } from '../model.js';
import { CERTIFICATE_RULES, DYNAMIC_UPDATE_MECHANISM, GB_11643, GUOFA_2015_52 } from './documents.js';

const V2017 = ['2017'] as const;
const V2021 = ['2021'] as const;
const NORMAL = 6;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const cert = (v: unknown): string | undefined => str(v)?.toUpperCase();
const includes = (v: unknown, code: number) => (Array.isArray(v) ? v.includes(code) : v === code);
const fullForm = (r: PersonRecord) => r.person_status === undefined || r.person_status === NORMAL;

/**
 * Whether the two rounds are known to be about different ID numbers (a matched pair whose IDs
 * differ: matched by certificate number or a pseudonym after an ID correction). Unknown (a
 * pseudonymised round) counts as the same.
 */
function idChanged(facts: RecordFacts, previousFacts: RecordFacts): boolean {
  return facts.id !== undefined && previousFacts.id !== undefined && facts.id !== previousFacts.id;
}

const SEX_ZH: Record<string, string> = { male: '男', female: '女' };

/** Sections that are not re-asked answers: the cover (collection), identity and closing (declarant). */
const NOT_ASKED = new Set(['cover', 'identity', 'closing']);

/** The items a form asks besides the cover, identity and closing sections (what a visit re-asks), from the form's own sections. */
function askedItems(version: '2017' | '2021'): string[] {
  return personForm(version)
    .items.filter((i) => !NOT_ASKED.has(i.section))
    .map((i) => i.key);
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const x = [...a].sort();
    const y = [...b].sort();
    return x.every((v, i) => v === y[i]);
  }
  return a === b;
}

/** At least this many answered items before "identical in every item" means anything. */
const COPIED_MIN_ANSWERED = 10;

function copiedForward(version: '2017' | '2021'): YearOnYearRule {
  const items = askedItems(version);
  // Against a round on the other form, only the items both forms ask (the item correspondence).
  const across = version === '2021' ? items.filter((k) => itemIn2017(k, '2021') !== null) : items.filter((k) => itemFrom2017(k, '2021') !== null);
  return defineRule({
    id: 'YOY_COPIED_FORWARD',
    title: '本轮所有题目的回答与上一轮完全相同（可能未入户、照抄上一轮）',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: version === '2017' ? V2017 : V2021,
    items: [...items],
    basis: {
      kind: 'data-quality',
      document: DYNAMIC_UPDATE_MECHANISM,
      section: '每年对持证残疾人逐人更新（入户调查）；全程质量控制',
      sources: ['D5', 'D6'],
      certainty: 'inf',
      note: `情况稳定的人各题相同是可能的：单条记录只作提示，乡镇、采集员的占比才是要看的指标（见报告各地区的本规则条数）。至少有 ${COPIED_MIN_ANSWERED} 题已答时才判断；采集日期不在比较之列。`,
    },
    check: (r, p, _f, _pf, ctx) => {
      if (!fullForm(r)) return false;
      let answered = 0;
      const compared = ctx.previousRound && ctx.previousRound.formVersion !== version ? across : items;
      for (const k of compared) {
        const a = r[k];
        const b = p[k];
        if (!same(a, b)) return false;
        if (a !== undefined && a !== null && a !== '') answered++;
      }
      return answered >= COPIED_MIN_ANSWERED ? { message: `本轮 ${answered} 题的回答与上一轮完全相同` } : false;
    },
  });
}

function educationDown(version: '2017' | '2021'): YearOnYearRule {
  const item = version === '2017' ? 'r13' : 'r8';
  const code = version === '2017' ? 'R13' : 'R8';
  return defineRule({
    id: 'YOY_EDUCATION_DOWN',
    title: '受教育程度低于上一轮',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: version === '2017' ? V2017 : V2021,
    items: [item],
    compares: item,
    basis: {
      kind: 'form',
      document: '登记表受教育程度（已完成的最高学历）',
      section: code,
      certainty: 'inf',
      note: '已取得的学历不会降低；两轮中必有一轮有误（也可能是本轮更正了上一轮），故为提示。',
    },
    check: (r, p) => {
      const now = num(r[item]);
      const before = num(p[item]);
      return now !== undefined && before !== undefined && now < before ? { recorded: { previous: before, current: now } } : false;
    },
  });
}

const ALL: readonly YearOnYearRule[] = [
  defineRule({
    id: 'YOY_SEX_CHANGED',
    title: '性别与上一轮不同（身份证号未变）',
    severity: 'error',
    scope: 'year-on-year',
    formVersions: '*',
    items: ['sex'],
    compares: 'sex',
    basis: {
      kind: 'standard',
      document: GB_11643,
      section: '顺序码的奇偶表示性别',
      sources: ['D24'],
      certainty: 'official',
      note: '身份证号不变则性别不变；两轮匹配到的身份证号不同（号码更正）时不判断。',
    },
    check: (r, p, f, pf) => {
      const a = str(r.sex);
      const b = str(p.sex);
      if (!a || !b || a === b || idChanged(f, pf)) return false;
      return { message: `性别与上一轮不同（上一轮 ${SEX_ZH[b] ?? b}，本轮 ${SEX_ZH[a] ?? a}）`, recorded: { previous: b, current: a } };
    },
  }),
  defineRule({
    id: 'YOY_BIRTH_DATE_CHANGED',
    title: '出生日期与上一轮不同（身份证号未变）',
    severity: 'error',
    scope: 'year-on-year',
    formVersions: '*',
    items: ['birth_date'],
    compares: 'birth_date',
    basis: {
      kind: 'standard',
      document: GB_11643,
      section: '出生日期码',
      sources: ['D24'],
      certainty: 'official',
      note: '身份证号不变则出生日期不变；身份证号更正时不判断。',
    },
    check: (r, p, f, pf) => {
      const a = str(r.birth_date);
      const b = str(p.birth_date);
      if (!a || !b || a === b || idChanged(f, pf)) return false;
      return { message: `出生日期与上一轮不同（上一轮 ${b}，本轮 ${a}）`, recorded: { previous: b, current: a } };
    },
  }),
  defineRule({
    id: 'YOY_CATEGORY_CHANGED_SAME_CERTIFICATE',
    title: '残疾类别与上一轮不同，但残疾人证号未变',
    severity: 'error',
    scope: 'year-on-year',
    formVersions: '*',
    items: ['disability_category', 'certificate_no'],
    compares: 'disability_category',
    basis: {
      kind: 'standard',
      document: CERTIFICATE_RULES,
      section: '残疾人证号：身份证号 + 残疾类别（第 19 位）+ 残疾等级（第 20 位）；类别、等级变更须换证',
      sources: ['D13'],
      certainty: '2+',
    },
    check: (r, p, f, pf) => {
      const c = cert(r.certificate_no);
      if (!c || c !== cert(p.certificate_no)) return false;
      const a = f.category;
      const b = pf.category;
      return a !== undefined && b !== undefined && a !== b ? { recorded: { previous: b, current: a } } : false;
    },
  }),
  defineRule({
    id: 'YOY_LEVEL_CHANGED_SAME_CERTIFICATE',
    title: '残疾等级与上一轮不同，但残疾人证号未变',
    severity: 'error',
    scope: 'year-on-year',
    formVersions: '*',
    items: ['disability_level', 'certificate_no'],
    compares: 'disability_level',
    basis: {
      kind: 'standard',
      document: CERTIFICATE_RULES,
      section: '残疾人证号第 20 位为残疾等级；等级变更须重新评定并换证',
      sources: ['D13'],
      certainty: '2+',
    },
    check: (r, p, f, pf) => {
      const c = cert(r.certificate_no);
      if (!c || c !== cert(p.certificate_no)) return false;
      const a = f.level;
      const b = pf.level;
      return a !== undefined && b !== undefined && a !== b ? { recorded: { previous: b, current: a } } : false;
    },
  }),
  defineRule({
    id: 'YOY_LEVEL_JUMP',
    title: '残疾等级与上一轮相差两级以上',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: '*',
    items: ['disability_level'],
    compares: 'disability_level',
    basis: {
      kind: 'standard',
      document: '残疾等级评定（一级最重，四级最轻）',
      section: '一年内重新评定相差两级以上少见',
      certainty: 'inf',
    },
    check: (_r, _p, f, pf) => {
      const a = f.level;
      const b = pf.level;
      if (a === undefined || b === undefined || a > 4 || b > 4) return false;
      return Math.abs(a - b) >= 2 ? { message: `残疾等级由上一轮的 ${b} 级变为 ${a} 级`, recorded: { previous: b, current: a } } : false;
    },
  }),
  defineRule({
    id: 'YOY_INTELLECTUAL_LEVEL_IMPROVED',
    title: '成年智力残疾人的残疾等级比上一轮减轻',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: '*',
    items: ['disability_level', 'disability_category'],
    compares: 'disability_level',
    basis: {
      kind: 'standard',
      document: '智力残疾分级（按智商及适应行为）',
      section: '成年后智力残疾程度一般稳定',
      certainty: 'inf',
      note: '儿童（未满 18 岁）的发育商、智商随年龄变化，不在此列。',
    },
    check: (_r, _p, f, pf) => {
      if (f.category !== 5 || pf.category !== 5 || f.age === undefined || f.age < 18) return false;
      const a = f.level;
      const b = pf.level;
      return a !== undefined && b !== undefined && a <= 4 && b <= 4 && a > b ? { message: `智力残疾由上一轮的 ${b} 级减轻为 ${a} 级`, recorded: { previous: b, current: a } } : false;
    },
  }),
  educationDown('2017'),
  educationDown('2021'),
  defineRule({
    id: 'YOY_SCHOOL_LEFT_WITHOUT_REASON',
    title: '上一轮在读义务教育，本轮 6–14 岁、未在读且未填未入学原因',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: V2017,
    items: ['r14', 'r15'],
    compares: 'r14',
    basis: {
      kind: 'policy',
      document: '《中华人民共和国义务教育法》（6–15 岁适龄儿童少年接受义务教育）',
      section: 'R14、R15',
      certainty: 'inf',
      note: '上一轮在小学或初中（普通或特殊教育），本轮 6–14 岁却未在读：可能辍学、转学未登记或漏填。只查 6–14 岁：登记表只对这个年龄问 R15 未入学原因（R15_SCOPE），15 岁初中毕业不再上学的人无处填写原因，不能据此提示。',
    },
    check: (r, p, f) => {
      if (!fullForm(r) || f.age === undefined || f.age < 6 || f.age > 14) return false;
      const before = num(p.r14);
      if (before === undefined || ![2, 3, 8, 9].includes(before)) return false;
      const now = r.r14;
      return (now === undefined || now === null || now === '') && (r.r15 === undefined || r.r15 === null || (Array.isArray(r.r15) && r.r15.length === 0))
        ? { recorded: { previous: before, current: null } }
        : false;
    },
  }),
  defineRule({
    id: 'YOY_CARE_SUBSIDY_STOPPED',
    title: '上一轮享受重度残疾人护理补贴，本轮仍为一、二级却未享受',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: V2017,
    items: ['r28', 'disability_level'],
    compares: 'r28',
    basis: {
      kind: 'policy',
      document: GUOFA_2015_52,
      section: '护理补贴对象：残疾等级为一级、二级且需要长期照护的重度残疾人',
      sources: ['D7'],
      certainty: '2+',
      note: '仍符合条件却停发：可能漏填，也可能民政停发（入住机构、需长期照护的评估变化），故为提示；民政名册比对见 XC_CIVIL_CARE_SUBSIDY_*。',
    },
    check: (r, p, f) => {
      if (!fullForm(r) || !includes(p.r28, 2) || includes(r.r28, 2)) return false;
      return f.level === 1 || f.level === 2 ? { recorded: { previous: p.r28, current: r.r28 } } : false;
    },
  }),
  defineRule({
    id: 'YOY_LIVING_SUBSIDY_STOPPED',
    title: '上一轮享受困难残疾人生活补贴，本轮仍享受低保却未享受',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: V2017,
    items: ['r28', 'r27'],
    compares: 'r28',
    basis: {
      kind: 'policy',
      document: GUOFA_2015_52,
      section: '生活补贴对象：低保家庭中的残疾人',
      sources: ['D7'],
      certainty: '2+',
      note: '仍在低保却停发生活补贴：可能漏填或停发，故为提示。',
    },
    check: (r, p) => (fullForm(r) && includes(p.r28, 1) && !includes(r.r28, 1) && includes(r.r27, 1) ? { recorded: { previous: p.r28, current: r.r28 } } : false),
  }),
  defineRule({
    id: 'YOY_COLLECTED_BEFORE_PREVIOUS',
    title: '采集日期不晚于上一轮的采集日期',
    severity: 'warning',
    scope: 'year-on-year',
    formVersions: '*',
    items: ['collected_on'],
    compares: 'collected_on',
    basis: {
      kind: 'data-quality',
      document: DYNAMIC_UPDATE_MECHANISM,
      section: '每年逐人更新：本轮采集在上一轮之后',
      sources: ['D5', 'D6'],
      certainty: 'inf',
      note: '两轮的日期必有一个有误，或所给的“上一轮”文件并非上一轮，故为提示。',
    },
    check: (r, p) => {
      const a = str(r.collected_on);
      const b = str(p.collected_on);
      return a && b && a <= b ? { message: `采集日期 ${a} 不晚于上一轮的 ${b}`, recorded: { previous: b, current: a } } : false;
    },
  }),
  copiedForward('2017'),
  copiedForward('2021'),
];

/**
 * The year-on-year rules of a form version: identity items that must not change (sex, birth
 * date — errors unless the ID changed), category or level changed under the same certificate
 * number (errors), implausible level changes, education going down, a school-age child leaving
 * school without a reason, a subsidy stopped while still eligible, a collection date not after
 * last round's, and records identical to last round's in every item (warnings). They need
 * `context.previousRound` (`buildPreviousRound`).
 *
 * @example
 * ```ts
 * const previousRound = buildPreviousRound(lastYear, { formVersion: '2017' });
 * const report = await checkBatch(thisYear, { rules: yearOnYearRules('2017'), context: { previousRound } });
 * report.previousRound?.matched; //=> persons compared with last year
 * ```
 */
export function yearOnYearRules(version: FormVersion = '2017'): YearOnYearRule[] {
  return ALL.filter((r) => r.formVersions === '*' || r.formVersions.includes(version));
}
