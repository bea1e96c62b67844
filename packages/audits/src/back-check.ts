/**
 * Back-check comparison (复核比对): the answers of a re-visit compared with the original records,
 * item by item, with discrepancy rates per item, per item group, per original collector and per
 * township (Wilson 95 % intervals), an acceptance verdict per unit against the office's threshold
 * (验收合格 / 验收不合格), and the records to re-collect.
 */
import type { PersonFormVersion } from '@canji/form';
import { fail, type AuditIssue, type AuditResult } from './errors.js';
import { rateOf, type DiscrepancyRate } from './intervals.js';
import { ITEM_CLASSES, ITEM_CLASS_LABELS, itemClasses, type ClassifiedItem, type ItemClass } from './item-classes.js';
import { AUDIT_UNIT_LABELS, isRecord, personKeyOf, unitOf, type AuditUnitLevel } from './units.js';
import { answerText } from './values.js';

/**
 * What a discrepancy of a class means: `count` (an error of the collector, counted in the rates and
 * verdicts) or `report` (listed and rated per item, but not counted against the collector).
 */
export type DiscrepancyTolerance = 'count' | 'report';

/** Default tolerances: stable and slow-changing answers must agree; needs may change between visits. */
export const DEFAULT_TOLERANCES: Readonly<Record<ItemClass, DiscrepancyTolerance>> = { stable: 'count', slow: 'count', volatile: 'report' };

/** Options of {@link compareBackCheck}. */
export interface BackCheckOptions {
  /** Form version of both files (default `'2017'`). */
  version?: PersonFormVersion;
  /** Items re-asked (default: every item of {@link itemClasses} the re-visit answers). */
  items?: readonly string[];
  /** Per class, whether a discrepancy counts (see {@link DEFAULT_TOLERANCES}). */
  tolerances?: Partial<Record<ItemClass, DiscrepancyTolerance>>;
  /** Highest acceptable discrepancy rate of a unit, 0–1 (default 0.05). */
  threshold?: number;
  /** Units to rate and judge (default collector and township). */
  by?: readonly AuditUnitLevel[];
  /** Whether the verdict reads the rate of answers (default) or of records with any counted discrepancy. */
  basis?: 'answers' | 'records';
  /** List every original record of a failed unit for re-collection, not only the discrepant ones (default true). */
  recollectFailedUnits?: boolean;
}

/** One answer that differs between the visits. */
export interface BackCheckDiscrepancy {
  /** Canonical resident ID (the match key). */
  readonly key: string;
  /** Index of the original record and of the re-visit record in their inputs. */
  readonly index: number;
  readonly revisitIndex: number;
  readonly item: string;
  readonly class: ItemClass;
  /** Canonical text of each answer (`undefined` = blank in the original). */
  readonly original: string | undefined;
  readonly revisit: string;
  /** Whether it counts against the collector (its class's tolerance is `count`). */
  readonly counted: boolean;
}

/** The rate of one item. */
export interface ItemDiscrepancyRate extends DiscrepancyRate {
  readonly item: ClassifiedItem;
  readonly counted: boolean;
}

/** The rate of an item group: a stability class or a form section (counted items only for sections). */
export interface GroupDiscrepancyRate extends DiscrepancyRate {
  readonly group: 'class' | 'section';
  readonly id: string;
  readonly label: string;
}

/** Verdict of a unit: 验收合格 (rate at or under the threshold) or 验收不合格. */
export type AcceptanceVerdict = 'pass' | 'fail';

/** zh-CN labels of {@link AcceptanceVerdict}. */
export const VERDICT_LABELS: Readonly<Record<AcceptanceVerdict, string>> = { pass: '验收合格', fail: '验收不合格' };

/** Rates and verdict of one unit (a collector, a township …). */
export interface UnitDiscrepancy {
  readonly level: AuditUnitLevel;
  readonly unit: string;
  /** Counted answers compared / discrepant. */
  readonly answers: DiscrepancyRate;
  /** Re-visited records / records with a counted discrepancy. */
  readonly records: DiscrepancyRate;
  readonly verdict: AcceptanceVerdict;
  /** The rate's whole interval lies above the threshold: the failure is not chance. */
  readonly significant: boolean;
}

/** A record to collect again, and why. */
export interface RecollectEntry {
  readonly index: number;
  readonly key: string | undefined;
  /** `discrepancy`: a counted discrepancy; `unit-failed`: its collector or township failed the check. */
  readonly reason: 'discrepancy' | 'unit-failed';
  readonly items: readonly string[];
  /** For `unit-failed`, the failed units (`collector:杨萍`, `township:430121109`). */
  readonly units: readonly string[];
}

/** What {@link compareBackCheck} returns. */
export interface BackCheckReport {
  readonly threshold: number;
  readonly basis: 'answers' | 'records';
  readonly tolerances: Readonly<Record<ItemClass, DiscrepancyTolerance>>;
  readonly items: readonly ItemDiscrepancyRate[];
  readonly groups: readonly GroupDiscrepancyRate[];
  readonly units: readonly UnitDiscrepancy[];
  /** All re-visited records together, counted items (`level` is `county`, `unit` is `全部`). */
  readonly overall: UnitDiscrepancy;
  readonly discrepancies: readonly BackCheckDiscrepancy[];
  readonly recollect: readonly RecollectEntry[];
  /** Re-visit records matched to an original, and not. */
  readonly matched: number;
  readonly unmatched: number;
  readonly issues: readonly AuditIssue[];
}

interface Tally {
  compared: number;
  discrepant: number;
  records: number;
  recordsDiscrepant: number;
}
const tally = (): Tally => ({ compared: 0, discrepant: 0, records: 0, recordsDiscrepant: 0 });

function indexByKey(records: Iterable<unknown>, what: string, issues: AuditIssue[]): { list: { index: number; key: string | undefined; record: Record<string, unknown> }[]; byKey: Map<string, number> } {
  const list: { index: number; key: string | undefined; record: Record<string, unknown> }[] = [];
  const byKey = new Map<string, number>();
  let i = 0;
  for (const r of records) {
    if (!isRecord(r)) issues.push({ code: 'AUDIT_RECORD_NOT_OBJECT', message: `${what}第 ${i + 1} 条记录不是对象，未比对`, index: i });
    else {
      const key = personKeyOf(r);
      if (key === undefined) issues.push({ code: 'AUDIT_NO_KEY', message: `${what}第 ${i + 1} 条记录没有可用的公民身份号码，未比对`, index: i });
      else if (byKey.has(key)) issues.push({ code: 'AUDIT_DUPLICATE_KEY', message: `${what}第 ${i + 1} 条记录与前面的记录身份证号相同，以前一条为准`, index: i });
      else byKey.set(key, list.length);
      list.push({ index: i, key, record: r });
    }
    i++;
  }
  return { list, byKey };
}

function verdictOf(level: AuditUnitLevel, unit: string, t: Tally, threshold: number, basis: 'answers' | 'records'): UnitDiscrepancy {
  const answers = rateOf(t.discrepant, t.compared);
  const records = rateOf(t.recordsDiscrepant, t.records);
  const r = basis === 'answers' ? answers : records;
  const verdict: AcceptanceVerdict = r.rate !== null && r.rate > threshold ? 'fail' : 'pass';
  return { level, unit, answers, records, verdict, significant: r.interval !== null && r.interval[0] > threshold };
}

/**
 * Compares re-visit answers with the original records. Records are matched by canonical resident
 * ID; an item is compared where the re-visit answered it (a blank re-visit answer means "not
 * asked"; a blank original answer against a re-visit answer is a discrepancy). Rates per unit are
 * of counted answers (see {@link DiscrepancyTolerance}); their Wilson intervals treat answers as
 * independent, which understates the width when one collector's errors cluster in a few records —
 * read `records` for a record-level rate.
 *
 * @summary Compare a back-check with the original records
 * @example
 * ```ts
 * import { compareBackCheck } from '@canji/audits';
 * const r = compareBackCheck(original, revisit, { threshold: 0.05 });
 * if (r.ok) for (const u of r.value.units) console.log(u.level, u.unit, u.answers.rate, u.verdict);
 * //=> collector 杨萍 0.012 pass …
 * ```
 */
export function compareBackCheck(original: Iterable<unknown>, revisit: Iterable<unknown>, options: BackCheckOptions = {}): AuditResult<BackCheckReport> {
  const threshold = options.threshold ?? 0.05;
  if (!(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) return fail('AUDIT_OPTIONS_INVALID', `验收阈值应在 0 至 1 之间（收到 ${String(options.threshold)}）`);
  const basis = options.basis ?? 'answers';
  if (basis !== 'answers' && basis !== 'records') return fail('AUDIT_OPTIONS_INVALID', `验收依据应为 answers 或 records（收到 ${String(basis)}）`);
  const tolerances = { ...DEFAULT_TOLERANCES, ...(options.tolerances ?? {}) };
  for (const c of ITEM_CLASSES) if (tolerances[c] !== 'count' && tolerances[c] !== 'report') return fail('AUDIT_OPTIONS_INVALID', `${ITEM_CLASS_LABELS[c]}的容差应为 count 或 report（收到 ${String(tolerances[c])}）`);
  const levels = options.by ?? ['collector', 'township'];
  for (const l of levels) if (!(l in AUDIT_UNIT_LABELS)) return fail('AUDIT_OPTIONS_INVALID', `统计单位应为 county、township、village、collector 等（收到 ${String(l)}）`);
  const version = options.version ?? '2017';
  const all = itemClasses(version);
  const known = new Map(all.map((i) => [i.key, i]));
  const issues: AuditIssue[] = [];
  for (const k of options.items ?? []) if (!known.has(k)) issues.push({ code: 'AUDIT_ITEM_UNKNOWN', message: `“${k}”不是 ${version} 版登记表中可比对的项目，未比对` });
  const items = options.items ? options.items.filter((k) => known.has(k)).map((k) => known.get(k)!) : all;

  const orig = indexByKey(original, '原始数据', issues);
  const rev = indexByKey(revisit, '复核数据', issues);
  const perItem = new Map(items.map((i) => [i.key, { compared: 0, discrepant: 0 }]));
  const perUnit = new Map<string, Tally>();
  const overall = tally();
  const discrepancies: BackCheckDiscrepancy[] = [];
  const discrepantOriginals = new Map<number, string[]>();
  let matched = 0;
  let unmatched = 0;
  for (let j = 0; j < rev.list.length; j++) {
    const rv = rev.list[j]!;
    if (rv.key === undefined || rev.byKey.get(rv.key) !== j) continue;
    const at = orig.byKey.get(rv.key);
    if (at === undefined) {
      unmatched++;
      issues.push({ code: 'AUDIT_REVISIT_UNMATCHED', message: `复核数据第 ${rv.index + 1} 条记录在原始数据中找不到同一身份证号，未比对`, index: rv.index });
      continue;
    }
    matched++;
    const o = orig.list[at]!;
    const units = levels.map((l) => `${l}:${unitOf(o.record, l)}`);
    const t = { compared: 0, discrepant: 0 };
    const bad: string[] = [];
    for (const item of items) {
      const b = answerText(rv.record[item.key]);
      if (b === undefined) continue;
      const a = answerText(o.record[item.key]);
      const counted = tolerances[item.class] === 'count';
      const cell = perItem.get(item.key)!;
      cell.compared++;
      if (counted) t.compared++;
      if (a === b) continue;
      cell.discrepant++;
      discrepancies.push({ key: rv.key, index: o.index, revisitIndex: rv.index, item: item.key, class: item.class, original: a, revisit: b, counted });
      if (counted) {
        t.discrepant++;
        bad.push(item.key);
      }
    }
    for (const u of [...units, 'overall']) {
      const x = u === 'overall' ? overall : perUnit.get(u) ?? perUnit.set(u, tally()).get(u)!;
      x.compared += t.compared;
      x.discrepant += t.discrepant;
      x.records++;
      if (t.discrepant > 0) x.recordsDiscrepant++;
    }
    if (bad.length > 0) discrepantOriginals.set(o.index, bad);
  }

  const itemRates: ItemDiscrepancyRate[] = items.map((item) => {
    const c = perItem.get(item.key)!;
    return { item, counted: tolerances[item.class] === 'count', ...rateOf(c.discrepant, c.compared) };
  });
  const groups: GroupDiscrepancyRate[] = [];
  for (const c of ITEM_CLASSES) {
    const xs = itemRates.filter((r) => r.item.class === c);
    if (xs.length) groups.push({ group: 'class', id: c, label: ITEM_CLASS_LABELS[c], ...rateOf(sum(xs, 'discrepant'), sum(xs, 'compared')) });
  }
  for (const s of [...new Set(items.map((i) => i.section))]) {
    const xs = itemRates.filter((r) => r.item.section === s && r.counted);
    if (xs.length) groups.push({ group: 'section', id: s, label: xs[0]!.item.sectionLabel, ...rateOf(sum(xs, 'discrepant'), sum(xs, 'compared')) });
  }
  const units: UnitDiscrepancy[] = [];
  for (const l of levels) {
    const keys = [...perUnit.keys()].filter((k) => k.startsWith(`${l}:`)).sort();
    for (const k of keys) units.push(verdictOf(l, k.slice(l.length + 1), perUnit.get(k)!, threshold, basis));
  }
  const failed = new Set(units.filter((u) => u.verdict === 'fail').map((u) => `${u.level}:${u.unit}`));
  const recollect: RecollectEntry[] = [];
  for (const o of orig.list) {
    const bad = discrepantOriginals.get(o.index);
    const inFailed = options.recollectFailedUnits === false ? [] : levels.map((l) => `${l}:${unitOf(o.record, l)}`).filter((u) => failed.has(u));
    if (bad) recollect.push({ index: o.index, key: o.key, reason: 'discrepancy', items: bad, units: inFailed });
    else if (inFailed.length > 0) recollect.push({ index: o.index, key: o.key, reason: 'unit-failed', items: [], units: inFailed });
  }
  return {
    ok: true,
    value: { threshold, basis, tolerances, items: itemRates, groups, units, overall: verdictOf('county', '全部', overall, threshold, basis), discrepancies, recollect, matched, unmatched, issues },
  };
}

const sum = (xs: readonly DiscrepancyRate[], k: 'compared' | 'discrepant') => xs.reduce((s, x) => s + x[k], 0);
