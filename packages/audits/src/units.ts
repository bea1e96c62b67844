/**
 * The units an audit groups by: the region levels of `@canji/regions` (a record's `region_code`,
 * 12 digits, cut to the level's length) and the original collector (the cover item `collector`,
 * 信息采集员).
 */
import { canonicalResidentId, parseDisabilityCertificateNo } from '@canji/id';
import { REGION_LEVEL_LENGTH, type RegionLevel } from '@canji/regions';

/** A unit of an audit: a region level, or the collector. */
export type AuditUnitLevel = RegionLevel | 'collector';

/** zh-CN names of {@link AuditUnitLevel}, for tables. */
export const AUDIT_UNIT_LABELS: Readonly<Record<AuditUnitLevel, string>> = {
  province: '省',
  prefecture: '市',
  county: '县（区）',
  township: '乡镇（街道）',
  village: '村（社区）',
  collector: '信息采集员',
};

/** What a record without a collector is grouped under. */
export const NO_COLLECTOR = '（未填采集员）';
/** What a record without a usable region code is grouped under. */
export const NO_REGION = '（区划不明）';

const REGION = /^\d{12}$/;

/**
 * The unit of a record at a level: the region code cut to the level (`'430121109'` for a township),
 * or the collector's name trimmed; {@link NO_REGION} / {@link NO_COLLECTOR} when the record has none.
 *
 * @example
 * ```ts
 * import { unitOf } from '@canji/audits';
 * unitOf({ region_code: '430121109202', collector: ' 杨萍' }, 'township'); //=> '430121109'
 * unitOf({ region_code: '430121109202', collector: ' 杨萍' }, 'collector'); //=> '杨萍'
 * ```
 */
export function unitOf(record: Readonly<Record<string, unknown>>, level: AuditUnitLevel): string {
  if (level === 'collector') {
    const c = record.collector;
    const s = typeof c === 'string' ? c.trim() : typeof c === 'number' ? String(c) : '';
    return s === '' ? NO_COLLECTOR : s;
  }
  const raw = record.region_code;
  const code = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!REGION.test(code)) return NO_REGION;
  return code.slice(0, REGION_LEVEL_LENGTH[level]);
}

/**
 * The key a record is matched and ordered by: its canonical resident ID (`canonicalResidentId` of
 * @canji/id), else the ID part of its certificate number; `undefined` when it has neither.
 *
 * @example
 * ```ts
 * import { personKeyOf } from '@canji/audits';
 * personKeyOf({ resident_id: '11010519491231002x' }); //=> '11010519491231002X'
 * personKeyOf({}); //=> undefined
 * ```
 */
export function personKeyOf(record: Readonly<Record<string, unknown>>): string | undefined {
  const id = record.resident_id;
  if (typeof id === 'string' && id !== '') {
    const c = canonicalResidentId(id);
    if (c !== undefined) return c;
  }
  const cert = record.certificate_no;
  const text = typeof cert === 'number' && Number.isSafeInteger(cert) ? String(cert) : cert;
  if (typeof text !== 'string' || text === '') return undefined;
  const r = parseDisabilityCertificateNo(text, { allowUnknownLevel: true });
  return r.ok ? r.value.certificateNo.slice(0, 18) : undefined;
}

/** Whether a value is a record (a non-null, non-array object). @internal */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
