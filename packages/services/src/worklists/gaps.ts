/**
 * Service gaps (需求未满足): every person with a recorded need and no matching service, one entry
 * per person and pair, with what the record says and the basis of the entry. An entry's number
 * (编号) is derived from the pair and the person, so the same gap keeps its number year on year;
 * its fingerprint is derived from the values the need and the service are read from, so a later
 * round can tell whether the data changed since someone acted on it.
 */
import { unitOf } from '@canji/audits';
import { itemTitle, personForm, valueLabel, type FormDefinition } from '@canji/form';
import { departmentValueLabel, type DepartmentId } from '@canji/rules';
import { isClosingResult, type ServiceAction } from './actions.js';
import { evaluateRecord, type CompiledServicePair, type ServicePairSet } from './evaluate.js';
import { shortHash } from './hash.js';
import { pairReferences } from './pairs.js';

/** What the record (or the department) says of one value the pair reads: `R37 目前还需要的服务：辅助器具`. */
export interface ShownValue {
  label: string;
  value: string;
}

/** One gap: a person with a recorded need and no matching service. */
export interface ServiceGap {
  /** 编号: `FW` and 12 characters from the pair and the person (stable across rounds). */
  entryId: string;
  pairId: string;
  title: string;
  service: string;
  /** The record's position in the batch (0-based). */
  index: number;
  /** The person's key (canonical ID); `undefined` when the record has none — then the number is per row and cannot follow the person. */
  personKey: string | undefined;
  /** 12-digit region code, and its township (9) and village (12) units (`（区划不明）` when missing). */
  regionCode: string;
  township: string;
  village: string;
  /** Hash of the values the need and the service are read from (age excluded: it changes every year). */
  fingerprint: string;
  /** What the record and the department say, labelled. */
  shown: ShownValue[];
  /** The basis as written in the list: items, rule, department, document. */
  basis: string;
  provisional: boolean;
}

/** Options of {@link findServiceGaps}. */
export interface FindGapsOptions {
  /** Reference date of the ages (default: each record's `reference_date`). */
  referenceDate?: string;
  /** The form the labels come from (default the set's version; an extended form works too). */
  form?: FormDefinition;
}

const FACT_LABELS: Readonly<Record<string, string>> = { $age: '年龄', $level: '残疾等级', $category: '残疾类别', $certLevel: '证号中的残疾等级', $certCategory: '证号中的残疾类别' };
const FACT_FIELDS: Readonly<Record<string, 'age' | 'level' | 'category' | 'certLevel' | 'certCategory'>> = { $age: 'age', $level: 'level', $category: 'category', $certLevel: 'certLevel', $certCategory: 'certCategory' };
const DEPT_SOURCE: Readonly<Record<DepartmentId, string>> = {
  education: '教育部门学籍名册',
  'civil-affairs': '民政部门两项补贴发放名册',
  'social-security': '人社部门社会保险记录',
  housing: '住建部门名册',
  health: '卫健部门家庭医生签约名册',
  'poverty-relief': '乡村振兴部门名册',
  'public-security': '公安部门户籍信息',
};
const LEVEL_NAMES: Readonly<Record<number, string>> = { 1: '一级', 2: '二级', 3: '三级', 4: '四级' };

/**
 * The basis of a pair's entries as written in the list's 依据 column: form version and items, the
 * department roster, the rule, the document; `（暂定）` when provisional.
 *
 * @example
 * ```ts
 * pairBasisText(compileServicePairs(BUILT_IN_PAIRS, { version: '2017' }).pairs[0]); //=> '登记表（2017 版）R37、R35'
 * ```
 */
export function pairBasisText(p: CompiledServicePair): string {
  const b = p.variant.basis;
  const parts: string[] = [];
  if (b.items.length) parts.push(`登记表（${p.version} 版）${b.items.join('、')}`);
  if (p.variant.department) parts.push(DEPT_SOURCE[p.variant.department]);
  if (b.rule) parts.push(`规则 ${b.rule}`);
  if (b.document) parts.push(b.document);
  return parts.join('；') + (p.provisional ? '（暂定）' : '');
}

interface PairReader {
  pair: CompiledServicePair;
  basis: string;
  items: string[];
  facts: string[];
  fields: string[];
  /** What is hashed: need and served only, without `$age`. */
  watchItems: string[];
  watchFacts: string[];
  watchFields: string[];
}

function readerOf(p: CompiledServicePair): PairReader {
  const all = pairReferences(p.variant);
  const watch = pairReferences(p.variant, ['need', 'served']);
  const isShownItem = (k: string) => k !== 'person_status';
  return {
    pair: p,
    basis: pairBasisText(p),
    items: all.items.filter(isShownItem),
    facts: all.facts.filter((f) => f in FACT_FIELDS),
    fields: all.fields,
    watchItems: watch.items,
    watchFacts: watch.facts.filter((f) => f !== '$age'),
    watchFields: watch.fields,
  };
}

const valueKey = (v: unknown): string => (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) ? '' : JSON.stringify(Array.isArray(v) ? [...v].sort() : v));

function shownValues(r: PairReader, form: FormDefinition, record: Readonly<Record<string, unknown>>, facts: Record<string, unknown>, row: Readonly<Record<string, unknown>> | undefined): ShownValue[] {
  const out: ShownValue[] = [];
  for (const f of r.facts) {
    const v = facts[FACT_FIELDS[f]!];
    const value = v === undefined ? '（不明）' : f === '$age' ? `${String(v)} 岁` : f.endsWith('evel') && typeof v === 'number' ? (LEVEL_NAMES[v] ?? String(v)) : String(v);
    out.push({ label: FACT_LABELS[f]!, value });
  }
  for (const k of r.items) {
    const label = form.items.some((i) => i.key === k) ? itemTitle(form, k) : k;
    const v = record[k];
    out.push({ label, value: valueKey(v) === '' ? '（空）' : valueLabel(form, k, v) });
  }
  const d = r.pair.variant.department;
  if (d) for (const f of r.fields) out.push({ label: DEPT_SOURCE[d], value: departmentValueLabel(d, f, row?.[f], row !== undefined) });
  return out;
}

function fingerprintOf(r: PairReader, record: Readonly<Record<string, unknown>>, facts: Record<string, unknown>, row: Readonly<Record<string, unknown>> | undefined): string {
  const parts: string[] = [];
  for (const k of r.watchItems) parts.push(`${k}=${valueKey(record[k])}`);
  for (const f of r.watchFacts) parts.push(`${f}=${valueKey(facts[FACT_FIELDS[f] ?? f.slice(1)])}`);
  if (r.pair.variant.department) {
    parts.push(`matched=${row !== undefined}`);
    for (const f of r.watchFields) parts.push(`dept.${f}=${valueKey(row?.[f])}`);
  }
  return shortHash(parts.join('|'));
}

/**
 * The entry number of a pair and a person: `FW` + 12 base-32 characters of a 60-bit hash of the
 * pair id and the person's key (for a record without a key, of its row).
 *
 * @example
 * ```ts
 * worklistEntryId('REHAB_NOT_RECEIVED', '110105194912310021') === worklistEntryId('REHAB_NOT_RECEIVED', '110105194912310021'); //=> true
 * ```
 */
export function worklistEntryId(pairId: string, personKey: string): string {
  return `FW${shortHash(`${pairId}|${personKey}`)}`;
}

/**
 * Every gap of a batch: each record run through each compiled pair; one entry per person and pair
 * whose need holds and whose service does not, in the batch's order.
 *
 * @example
 * ```ts
 * const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017' });
 * findServiceGaps(records, set).map((g) => [g.pairId, g.index]); //=> [['ASSISTIVE_DEVICE_NOT_RECEIVED', 3], …]
 * ```
 */
export function findServiceGaps(records: Iterable<Readonly<Record<string, unknown>>>, set: ServicePairSet, opts: FindGapsOptions = {}): ServiceGap[] {
  const form = opts.form ?? personForm(set.version);
  const readers = set.pairs.map(readerOf);
  const out: ServiceGap[] = [];
  let index = 0;
  for (const record of records) {
    const ev = evaluateRecord(set, record, opts.referenceDate ? { referenceDate: opts.referenceDate } : {});
    ev.outcomes.forEach((o, i) => {
      if (o !== 'gap') return;
      const r = readers[i]!;
      const p = r.pair;
      const row = p.variant.department ? ev.rows[p.variant.department] : undefined;
      const facts = ev.facts as unknown as Record<string, unknown>;
      const code = String(record.region_code ?? '').trim();
      out.push({
        entryId: worklistEntryId(p.pair.id, ev.key ?? `row:${index}`),
        pairId: p.pair.id,
        title: p.pair.title,
        service: p.pair.service,
        index,
        personKey: ev.key,
        regionCode: code,
        township: unitOf(record, 'township'),
        village: unitOf(record, 'village'),
        fingerprint: fingerprintOf(r, record, facts, row),
        shown: shownValues(r, form, record, facts, row),
        basis: r.basis,
        provisional: p.provisional,
      });
    });
    index++;
  }
  return out;
}

/** A gap as listed this round, with the last action on it (if any). */
export interface ListedGap extends ServiceGap {
  /** The last action on this entry in an earlier round, when there was one. */
  last?: ServiceAction;
  /** Why it is listed although acted on: the data changed since (`data-changed`), or the last action did not close it (`open`). */
  relisted?: 'data-changed' | 'open';
}

/** The gaps of a round split by what was done before. */
export interface GapsAfterActions {
  /** Listed this round (new gaps, gaps still open, gaps whose data changed since they were closed). */
  listed: ListedGap[];
  /** Not listed: closed in an earlier round (已办理 / 不符合条件 / 本人不需要) and the data unchanged; carried as history. */
  settled: { gap: ServiceGap; action: ServiceAction }[];
  /** The actions that concern this round's gaps (the history the next read-back carries), in their order. */
  history: ServiceAction[];
}

/**
 * Applies the actions of earlier rounds to this round's gaps: an entry closed (已办理 / 不符合条件 /
 * 本人不需要) with the same fingerprint is not listed again; one closed but whose data changed, or
 * whose last action left it open (无法联系 / 正在办理 / 其他), is listed with that action shown.
 * The last action of an entry is the last one in `actions`.
 *
 * @example
 * ```ts
 * const { listed, settled } = applyPreviousActions(gaps, actions.actions);
 * ```
 */
export function applyPreviousActions(gaps: readonly ServiceGap[], actions: readonly ServiceAction[]): GapsAfterActions {
  const last = new Map<string, ServiceAction>();
  for (const a of actions) last.set(a.entryId, a);
  const listed: ListedGap[] = [];
  const settled: GapsAfterActions['settled'] = [];
  const wanted = new Set<string>();
  for (const g of gaps) {
    const a = last.get(g.entryId);
    if (!a) {
      listed.push(g);
      continue;
    }
    wanted.add(g.entryId);
    if (isClosingResult(a.result) && a.fingerprint === g.fingerprint) settled.push({ gap: g, action: a });
    else listed.push({ ...g, last: a, relisted: isClosingResult(a.result) ? 'data-changed' : 'open' });
  }
  return { listed, settled, history: actions.filter((a) => wanted.has(a.entryId)) };
}
