/**
 * Supervision register (督查登记): which units were supervised when, by whom, of what kind and with
 * what findings — validated against the region table — and its coverage against the requirement
 * that supervision reaches every county, township and village (分级督查到每个县、乡镇、村).
 */
import { defaultRegionTable, isUnder, normalizeRegionCode, VillagesNotLoadedError, type Region, type RegionLevel, type RegionTable } from '@canji/regions';
import { fail, type AuditIssue, type AuditResult } from './errors.js';
import { isRecord } from './units.js';

/** One row of a supervision register, as read. */
export interface SupervisionVisit {
  /** Region code of the unit supervised: a county (6 digits), township (9) or village (12), zero-padded forms too. */
  readonly unit: unknown;
  /** Date of the visit, `YYYY-MM-DD` (or a `Date`). */
  readonly date: unknown;
  readonly supervisor: unknown;
  /** Kind of supervision (实地督查、电话抽查 …), as the office writes it. */
  readonly kind?: unknown;
  readonly findings?: unknown;
}

/**
 * How a unit counts as reached: `within` (default) — it was supervised, or a unit under it was (a
 * village visited reaches its township and county); `direct` — only a visit to the unit itself.
 */
export type SupervisionReach = 'within' | 'direct';

/** Options of {@link supervisionCoverage}. */
export interface SupervisionOptions {
  /** The county or prefecture (or province) whose coverage is measured. */
  region: string;
  /** Region table (default: the built-in one; its villages must be loaded — `await loadVillages('43')`). */
  table?: RegionTable;
  reach?: SupervisionReach;
  /** Only visits in this period (inclusive, `YYYY-MM-DD`) count; the others are reported. */
  period?: { from: string; to: string };
}

/** A register row that names a unit of the region. */
export interface ValidVisit {
  /** Index of the row in the register. */
  readonly index: number;
  readonly code: string;
  readonly level: RegionLevel;
  readonly name: string;
  readonly date: string;
  readonly supervisor: string;
  readonly kind: string;
  readonly findings: string;
}

/** Reached out of total. */
export interface Reached {
  readonly reached: number;
  readonly total: number;
  /** `reached / total`, or `null` when there are none. */
  readonly share: number | null;
}

/** One county's coverage. */
export interface CountyCoverage {
  readonly code: string;
  readonly name: string;
  readonly reached: boolean;
  readonly visits: number;
  readonly townships: Reached;
  readonly villages: Reached;
  readonly townshipsNotReached: readonly Region[];
  readonly villagesNotReached: readonly Region[];
  /** Every township and village reached (and the county itself). */
  readonly complete: boolean;
}

/** One supervisor's visits. */
export interface SupervisorSummary {
  readonly supervisor: string;
  readonly visits: number;
  readonly units: number;
  readonly first: string;
  readonly last: string;
}

/** What {@link supervisionCoverage} returns. */
export interface SupervisionReport {
  readonly region: Region;
  readonly reach: SupervisionReach;
  readonly visits: readonly ValidVisit[];
  readonly counties: readonly CountyCoverage[];
  readonly total: { readonly counties: Reached; readonly townships: Reached; readonly villages: Reached };
  readonly supervisors: readonly SupervisorSummary[];
  /** Register rows not counted or counted with a defect: unknown codes, units outside the region, bad dates, no supervisor. */
  readonly issues: readonly AuditIssue[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

function dateText(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  const s = text(v).replace(/[/.]/g, '-');
  const m = DATE.exec(s);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s ? s : undefined;
}

const reached = (n: number, total: number): Reached => ({ reached: n, total, share: total > 0 ? n / total : null });

/**
 * Validates a supervision register against the region table and measures its coverage: per county,
 * townships and villages reached out of all, and the units never reached. Rows naming an unknown
 * code or a unit outside the region are reported and not counted; a row with a bad date (or outside
 * `period`) is reported and not counted; a row without a supervisor is reported and counted.
 *
 * @summary Supervision coverage of every county, township and village
 * @example
 * ```ts
 * import { supervisionCoverage } from '@canji/audits';
 * import { loadVillages } from '@canji/regions';
 * await loadVillages('43');
 * const r = supervisionCoverage([{ unit: '430121109201', date: '2019-07-15', supervisor: '市残联 李' }], { region: '430121' });
 * if (r.ok) r.value.counties[0]!.townships; //=> { reached: 1, total: 18, share: 0.055… }
 * ```
 */
export function supervisionCoverage(register: Iterable<unknown>, options: SupervisionOptions): AuditResult<SupervisionReport> {
  const table = options.table ?? defaultRegionTable();
  const reach = options.reach ?? 'within';
  if (reach !== 'within' && reach !== 'direct') return fail('AUDIT_OPTIONS_INVALID', `覆盖口径应为 within 或 direct（收到 ${String(reach)}）`);
  const p = options.period;
  if (p && !(dateText(p.from) && dateText(p.to) && p.from <= p.to)) return fail('AUDIT_OPTIONS_INVALID', `督查期应为 YYYY-MM-DD 格式的起止日期，起不晚于止（收到 ${p.from} 至 ${p.to}）`);
  try {
    const root = table.get(options.region);
    if (!root || !['province', 'prefecture', 'county'].includes(root.level)) return fail('AUDIT_OPTIONS_INVALID', `--region 应为区划表中的县（区）、市或省代码（收到“${options.region}”）`);
    const counties = root.level === 'county' ? [root] : [...table.descendants(root.code, 'county')];
    const issues: AuditIssue[] = [];
    const visits: ValidVisit[] = [];
    let i = 0;
    for (const row of register) {
      const n = i++;
      const at = `督查登记第 ${n + 1} 行`;
      if (!isRecord(row)) {
        issues.push({ code: 'AUDIT_RECORD_NOT_OBJECT', message: `${at}不是对象，未计入`, index: n });
        continue;
      }
      const raw = text(row.unit);
      const code = normalizeRegionCode(raw);
      const unit = code === undefined ? undefined : table.get(code);
      if (!unit || !['county', 'township', 'village'].includes(unit.level)) {
        issues.push({ code: 'AUDIT_UNIT_UNKNOWN', message: `${at}的单位代码“${raw}”${unit ? '不是县、乡镇或村级代码' : '不在区划表中'}，未计入`, index: n });
        continue;
      }
      if (unit.code !== root.code && !isUnder(unit.code, root.code)) {
        issues.push({ code: 'AUDIT_UNIT_OUTSIDE', message: `${at}的单位 ${unit.fullName}（${unit.code}）不在 ${root.fullName} 内，未计入`, index: n });
        continue;
      }
      const date = dateText(row.date);
      if (date === undefined) {
        issues.push({ code: 'AUDIT_FIELD_INVALID', message: `${at}的督查日期“${text(row.date)}”不是 YYYY-MM-DD 格式的日期，未计入`, index: n });
        continue;
      }
      if (p && (date < p.from || date > p.to)) {
        issues.push({ code: 'AUDIT_FIELD_INVALID', message: `${at}的督查日期 ${date} 不在督查期 ${p.from} 至 ${p.to} 内，未计入`, index: n });
        continue;
      }
      const supervisor = text(row.supervisor);
      if (supervisor === '') issues.push({ code: 'AUDIT_FIELD_INVALID', message: `${at}没有填督查人员（已计入覆盖）`, index: n });
      visits.push({ index: n, code: unit.code, level: unit.level, name: unit.fullName, date, supervisor, kind: text(row.kind), findings: text(row.findings) });
    }
    const hit = new Set<string>();
    for (const v of visits) {
      hit.add(v.code);
      if (reach === 'within') for (const len of [6, 9]) if (v.code.length > len) hit.add(v.code.slice(0, len));
    }
    const out: CountyCoverage[] = counties.map((c) => {
      const townships = [...table.descendants(c.code, 'township')];
      const villages = [...table.descendants(c.code, 'village')];
      const tNot = townships.filter((t) => !hit.has(t.code));
      const vNot = villages.filter((v) => !hit.has(v.code));
      const isReached = hit.has(c.code);
      return {
        code: c.code,
        name: c.fullName,
        reached: isReached,
        visits: visits.filter((v) => v.code.startsWith(c.code)).length,
        townships: reached(townships.length - tNot.length, townships.length),
        villages: reached(villages.length - vNot.length, villages.length),
        townshipsNotReached: tNot,
        villagesNotReached: vNot,
        complete: isReached && tNot.length === 0 && vNot.length === 0,
      };
    });
    const sum = (k: 'townships' | 'villages') => reached(out.reduce((s, c) => s + c[k].reached, 0), out.reduce((s, c) => s + c[k].total, 0));
    const bySupervisor = new Map<string, ValidVisit[]>();
    for (const v of visits) (bySupervisor.get(v.supervisor) ?? bySupervisor.set(v.supervisor, []).get(v.supervisor)!).push(v);
    const supervisors = [...bySupervisor.keys()].sort().map((s) => {
      const vs = bySupervisor.get(s)!;
      const dates = vs.map((v) => v.date).sort();
      return { supervisor: s, visits: vs.length, units: new Set(vs.map((v) => v.code)).size, first: dates[0]!, last: dates[dates.length - 1]! };
    });
    return { ok: true, value: { region: root, reach, visits, counties: out, total: { counties: reached(out.filter((c) => c.reached).length, out.length), townships: sum('townships'), villages: sum('villages') }, supervisors, issues } };
  } catch (e) {
    if (e instanceof VillagesNotLoadedError) return fail('AUDIT_OPTIONS_INVALID', `${e.province} 省的村级区划尚未加载：请先 await loadVillages('${e.province}')`);
    throw e;
  }
}
