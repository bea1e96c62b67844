/**
 * Satisfaction indicators: the share satisfied (非常满意 or 比较满意 among those who answered 1–5)
 * by unit and service area, with Wilson 95 % intervals, and the comparison with the service each
 * person received according to the register (satisfied share among those eligible who received
 * service X against those eligible who did not, Newcombe's interval of the difference).
 */
import { canonicalResidentId } from '@canji/id';
import { ageAt } from '@canji/id';
import { PERSON_INDICATORS, newcombeDifferenceInterval, wilsonInterval, type PersonIndicator, type RecordContext } from '@canji/indicators';
import { SATISFACTION_EXTENSION_ID, SATISFACTION_NOT_APPLICABLE } from './extension.js';

/** A service area of the module: the item that asks about it. */
export interface SatisfactionArea {
  id: string;
  label: string;
  /** The extension item (`s1` …). */
  item: string;
}

/** The areas (the items `s1`–`s5`). */
export const SATISFACTION_AREAS: readonly SatisfactionArea[] = Object.freeze([
  { id: 'overall', label: '服务总体', item: 's1' },
  { id: 'rehabilitation', label: '康复服务', item: 's2' },
  { id: 'assistive-devices', label: '辅助器具服务', item: 's3' },
  { id: 'subsidies', label: '救助补贴发放', item: 's4' },
  { id: 'staff', label: '调查工作人员态度', item: 's5' },
]);

/** A service a person received according to the register: an indicator's numerator within its denominator (those eligible or in need). */
export interface SatisfactionService {
  id: string;
  label: string;
  indicator: PersonIndicator;
}

/** The services compared by default (built-in indicators whose conditions read the record's items). */
export const SATISFACTION_SERVICES: readonly SatisfactionService[] = Object.freeze([
  { id: 'rehabilitation', label: '基本康复服务', indicator: PERSON_INDICATORS.rehabilitationCoverage },
  { id: 'assistive-devices', label: '辅助器具', indicator: PERSON_INDICATORS.assistiveDeviceFittingRate },
  { id: 'living-subsidy', label: '困难残疾人生活补贴', indicator: PERSON_INDICATORS.livingSubsidyCoverage },
  { id: 'nursing-subsidy', label: '重度残疾人护理补贴', indicator: PERSON_INDICATORS.nursingSubsidyCoverage },
  { id: 'family-doctor', label: '家庭医生签约', indicator: PERSON_INDICATORS.familyDoctorContractRate },
]);

/** A share with its Wilson 95 % interval. */
export interface SatisfiedShare {
  /** Answered 1–5 (不适用 and blanks left out). */
  answered: number;
  /** Answered 1 非常满意 or 2 比较满意. */
  satisfied: number;
  share: number | null;
  interval: readonly [number, number] | null;
}

/** One unit's (or the total's) shares by area. */
export interface SatisfactionUnitRow {
  /** Region code at the level, `（区划不明）` without one, `all` for the total. */
  unit: string;
  respondents: number;
  byArea: Record<string, SatisfiedShare>;
}

/** Received X vs did not, among those eligible for X. */
export interface SatisfactionComparison {
  service: string;
  label: string;
  /** The item compared (default `s1`, 服务总体). */
  item: string;
  received: SatisfiedShare;
  notReceived: SatisfiedShare;
  /** received.share − notReceived.share, `null` when either has no answers. */
  difference: number | null;
  interval: readonly [number, number] | null;
  /** The interval excludes 0. */
  significant: boolean | null;
}

/** A problem with one answer row (the row is counted where it can be). */
export interface SatisfactionIssue {
  code: 'SATISFACTION_NO_ID' | 'SATISFACTION_DUPLICATE' | 'SATISFACTION_CODE_INVALID' | 'SATISFACTION_NOT_IN_BATCH' | 'SATISFACTION_NO_REGION';
  /** 0-based position of the answer row. */
  index: number;
  message: string;
}

/** What {@link analyseSatisfaction} returns. */
export interface SatisfactionReport {
  level: 'county' | 'township';
  areas: readonly SatisfactionArea[];
  /** Units by code, the total (`all`) last. */
  units: SatisfactionUnitRow[];
  /** Empty without the batch (`persons`). */
  comparisons: SatisfactionComparison[];
  /** Respondents by 回访方式 code (`''` = not given). */
  modes: Record<string, number>;
  /** Respondents, and those found in the batch. */
  respondents: number;
  matched: number;
  issues: SatisfactionIssue[];
}

/** Options of {@link analyseSatisfaction}. */
export interface AnalyseSatisfactionOptions {
  /** The register's records (the batch): unit and services received, by resident ID. */
  persons?: Iterable<Readonly<Record<string, unknown>>>;
  /** Default `township`. */
  level?: 'county' | 'township';
  services?: readonly SatisfactionService[];
  /** The item the comparison uses (default `s1`). */
  compareItem?: string;
  /** Reference date of the records' ages (default each record's `reference_date`, else 2019-06-30). */
  asOf?: string;
}

const LEN = { county: 6, township: 9 } as const;
const NO_REGION = '（区划不明）';

/** An answer's item value: `s1` at the top of the row, or in `ext.sat.s1`. */
function answerOf(row: Readonly<Record<string, unknown>>, key: string): unknown {
  const ext = row.ext as Record<string, Record<string, unknown>> | undefined;
  const v = row[key] ?? ext?.[SATISFACTION_EXTENSION_ID]?.[key];
  if (typeof v === 'string') return v.trim() === '' ? undefined : Number(v.trim());
  return v;
}

const numOf = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined);

/** The record's facts as the indicators read them (核查状态, age at the reference date, sex, category, level). */
function contextOf(p: Readonly<Record<string, unknown>>, asOf: string): RecordContext {
  const id = typeof p.resident_id === 'string' ? canonicalResidentId(p.resident_id) : undefined;
  const sexCode = numOf(p.sex);
  const birth = typeof p.birth_date === 'string' ? p.birth_date : id && id.length === 18 ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : undefined;
  return {
    asOf,
    personStatus: numOf(p.person_status),
    age: ageAt(birth, asOf),
    sex: sexCode === 1 ? 'male' : sexCode === 2 ? 'female' : id && id.length === 18 ? (Number(id[16]) % 2 === 1 ? 'male' : 'female') : undefined,
    category: numOf(p.disability_category),
    level: numOf(p.disability_level),
  };
}

const share = (satisfied: number, answered: number): SatisfiedShare => ({ answered, satisfied, share: answered ? satisfied / answered : null, interval: wilsonInterval(satisfied, answered) });

/**
 * Satisfaction by unit and area, and against the services received.
 *
 * @example
 * ```ts
 * const r = analyseSatisfaction([{ resident_id: '430121199001011234', s1: 1, s2: 8 }], { persons: batch });
 * r.units.at(-1)!.byArea.overall; //=> { answered: 1, satisfied: 1, share: 1, interval: [0.2065, 1] }
 * ```
 */
export function analyseSatisfaction(answers: Iterable<Readonly<Record<string, unknown>>>, opts: AnalyseSatisfactionOptions = {}): SatisfactionReport {
  const level = opts.level ?? 'township';
  const services = opts.services ?? SATISFACTION_SERVICES;
  const compareItem = opts.compareItem ?? 's1';
  const issues: SatisfactionIssue[] = [];
  const persons = new Map<string, Readonly<Record<string, unknown>>>();
  if (opts.persons) for (const p of opts.persons) {
    const id = typeof p.resident_id === 'string' ? canonicalResidentId(p.resident_id) : undefined;
    if (id && !persons.has(id)) persons.set(id, p);
  }
  const compiled = services.map((s) => ({ s, denominator: s.indicator.denominator, answered: s.indicator.answered ?? (() => true), numerator: s.indicator.numerator }));
  const tallies = new Map<string, { respondents: number; a: Map<string, [number, number]> }>();
  const tally = (unit: string) => {
    let t = tallies.get(unit);
    if (!t) tallies.set(unit, (t = { respondents: 0, a: new Map() }));
    return t;
  };
  const cmp = compiled.map(() => ({ rec: [0, 0] as [number, number], not: [0, 0] as [number, number] }));
  const modes: Record<string, number> = {};
  const seen = new Set<string>();
  let respondents = 0;
  let matched = 0;
  let index = -1;
  for (const row of answers) {
    index++;
    const raw = typeof row.resident_id === 'string' ? row.resident_id : typeof row.resident_id === 'number' ? String(row.resident_id) : '';
    const id = canonicalResidentId(raw);
    if (!id) {
      issues.push({ code: 'SATISFACTION_NO_ID', index, message: `第 ${index + 1} 条回访答案没有有效的公民身份号码，未统计` });
      continue;
    }
    if (seen.has(id)) {
      issues.push({ code: 'SATISFACTION_DUPLICATE', index, message: `第 ${index + 1} 条回访答案与前面的答案是同一人，以前一条为准` });
      continue;
    }
    seen.add(id);
    respondents++;
    const person = persons.get(id);
    if (person) matched++;
    else if (opts.persons) issues.push({ code: 'SATISFACTION_NOT_IN_BATCH', index, message: `第 ${index + 1} 条回访答案的身份证号在登记数据中找不到，只计入合计${typeof row.region_code === 'string' ? '和其所填地区' : ''}，不参与服务比较` });
    const region = String(person?.region_code ?? row.region_code ?? '').trim();
    const unit = /^\d{12}$/.test(region) ? region.slice(0, LEN[level]) : NO_REGION;
    if (unit === NO_REGION) issues.push({ code: 'SATISFACTION_NO_REGION', index, message: `第 ${index + 1} 条回访答案没有可用的区划代码（12 位），计入“区划不明”` });
    const mode = answerOf(row, 's0');
    modes[mode === undefined ? '' : String(mode)] = (modes[mode === undefined ? '' : String(mode)] ?? 0) + 1;
    const values = new Map<string, number>();
    for (const area of SATISFACTION_AREAS) {
      const v = answerOf(row, area.item);
      if (v === undefined || v === null) continue;
      if (!(typeof v === 'number' && ([1, 2, 3, 4, 5, SATISFACTION_NOT_APPLICABLE] as number[]).includes(v))) {
        issues.push({ code: 'SATISFACTION_CODE_INVALID', index, message: `第 ${index + 1} 条回访答案 ${area.item.toUpperCase()} 的值“${String(v)}”不是满意程度代码（1–5，${SATISFACTION_NOT_APPLICABLE} 不适用），该项未统计` });
        continue;
      }
      values.set(area.item, v);
    }
    for (const u of [unit, 'all']) {
      const t = tally(u);
      t.respondents++;
      for (const [item, v] of values) {
        if (v === SATISFACTION_NOT_APPLICABLE) continue;
        const c = t.a.get(item) ?? [0, 0];
        c[1]++;
        if (v <= 2) c[0]++;
        t.a.set(item, c);
      }
    }
    const cv = values.get(compareItem);
    if (person && cv !== undefined && cv !== SATISFACTION_NOT_APPLICABLE) {
      const asOf = opts.asOf ?? (typeof person.reference_date === 'string' ? person.reference_date : '2019-06-30');
      const ctx = contextOf(person, asOf);
      compiled.forEach((c, k) => {
        if (!c.denominator(person, ctx) || !c.answered(person, ctx)) return;
        const side = c.numerator(person, ctx) ? cmp[k]!.rec : cmp[k]!.not;
        side[1]++;
        if (cv <= 2) side[0]++;
      });
    }
  }
  const row = (unit: string): SatisfactionUnitRow => {
    const t = tally(unit);
    return { unit, respondents: t.respondents, byArea: Object.fromEntries(SATISFACTION_AREAS.map((a) => { const c = t.a.get(a.item) ?? [0, 0]; return [a.id, share(c[0], c[1])]; })) };
  };
  const codes = [...tallies.keys()].filter((k) => k !== 'all').sort();
  const comparisons: SatisfactionComparison[] = opts.persons
    ? compiled.map((c, k) => {
        const received = share(...cmp[k]!.rec);
        const notReceived = share(...cmp[k]!.not);
        const difference = received.share !== null && notReceived.share !== null ? received.share - notReceived.share : null;
        const interval = difference === null ? null : newcombeDifferenceInterval(received.satisfied, received.answered, notReceived.satisfied, notReceived.answered);
        return { service: c.s.id, label: c.s.label, item: compareItem, received, notReceived, difference, interval, significant: interval ? interval[0] > 0 || interval[1] < 0 : null };
      })
    : [];
  return { level, areas: SATISFACTION_AREAS, units: [...codes.map(row), row('all')], comparisons, modes, respondents, matched, issues };
}
