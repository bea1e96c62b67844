import { REGION_LEVEL_LENGTH, REGION_LEVEL_NAMES as LEVEL_NAMES, type RegionLevel as RegionsLevel } from '@canji/regions';
import type { Certainty, DepartmentId, FormVersion, RuleBasis, Severity } from './model.js';

/**
 * Level of the region hierarchy the report counts by: `@canji/regions`' levels. `'city'` is the
 * deprecated earlier name of `'prefecture'`, still accepted as input; reports say `'prefecture'`.
 */
export type RegionLevel = RegionsLevel | 'city';

/** Length of the 12-digit statistical code prefix at each level (from `@canji/regions`; `city` = `prefecture`). */
export const REGION_PREFIX_LENGTH: Readonly<Record<RegionLevel, number>> = { ...REGION_LEVEL_LENGTH, city: REGION_LEVEL_LENGTH.prefecture };

/** zh-CN names of the region levels (from `@canji/regions`; `city` = `prefecture`). */
export const REGION_LEVEL_NAMES: Readonly<Record<RegionLevel, string>> = { ...LEVEL_NAMES, city: LEVEL_NAMES.prefecture };

/** A rule as listed in the report. */
export interface ReportRule {
  id: string;
  title: string;
  severity: Severity;
  scope: 'record' | 'cross-check' | 'batch' | 'year-on-year';
  department?: DepartmentId;
  certainty: Certainty;
  basis: RuleBasis;
  /** True when the rule reads an identifying item (name, ID, certificate number): its values are masked in reports. */
  identifying?: boolean;
  /** Records the rule flagged. */
  records: number;
  /** Records flagged, by region code prefix at the report's level (`''` = region unknown). */
  byRegion: Record<string, number>;
}

/** Counts for one region at the report's level. */
export interface ReportRegion {
  /** Code prefix at the report's level; `''` for records without a readable region code. */
  code: string;
  name?: string;
  read: number;
  withErrors: number;
  withWarnings: number;
  /** withErrors / read. */
  errorRate: number;
  /** Records with warnings (and perhaps errors) / read. */
  warningRate: number;
  /**
   * Records by 调查方式 (`collection_mode`) code, as a string (`'1'` 入户调查 …); `''` = not filled.
   * Absent in reports made before this field existed.
   */
  collectionModes?: Record<string, number>;
  /** Records by 采集渠道 (`collection_channel`) code, as a string; `''` = not filled. */
  collectionChannels?: Record<string, number>;
}

/**
 * The required 入户调查率 the report compares each region with, and the document that sets it.
 *
 * @example
 * ```ts
 * const t: HouseholdVisitTarget = { rate: 0.9, document: '湘残联字〔2019〕7号', sources: ['D6'] };
 * ```
 */
export interface HouseholdVisitTarget {
  /** Required share of records collected by 入户调查 (0–1). */
  rate: number;
  /** The document, as a reader knows it (title or 文号). */
  document: string;
  /** Its ids in docs/sources.md. */
  sources: string[];
  /** True when no source in docs/sources.md confirms the figure. */
  unverified?: boolean;
}

/** 调查方式 and 采集渠道 over the batch, against the required 入户调查率 (per region: {@link ReportRegion}). */
export interface ReportCollection {
  /** Readable records (the denominator: every record to be surveyed, whatever its 核查状态). */
  records: number;
  /** Records whose 调查方式 is 1 入户调查. */
  homeVisits: number;
  /** homeVisits / records (0 when there are no records). */
  homeVisitRate: number;
  target: HouseholdVisitTarget;
  /** Records by 调查方式 code (`''` = not filled). */
  modes: Record<string, number>;
  /** Records by 采集渠道 code (`''` = not filled). */
  channels: Record<string, number>;
}

/**
 * One department's verification status: what came back of the discrepancy list sent to it
 * (filled by the command that reads the returned lists, e.g. `canji verify`).
 *
 * @example
 * ```ts
 * const v: ReportDepartmentVerification = { department: 'education', sent: 33, answered: 30, byResult: { 以残联数据为准: 20, 以部门数据为准: 10 }, open: 3 };
 * ```
 */
export interface ReportDepartmentVerification {
  department: DepartmentId;
  /** Discrepancies sent to the department. */
  sent: number;
  /** Discrepancies answered with a valid 核实结果. */
  answered: number;
  /** Answers by 核实结果 (以残联数据为准 / 以部门数据为准 / 双方均需更正 / 无法核实). */
  byResult: Record<string, number>;
  /** Discrepancies still open (not answered, or answered 无法核实), carried into the next round. */
  open: number;
}

/** The verification status of the department comparison: present once returned lists have been read. */
export interface ReportVerification {
  /** When the returned lists were read (supplied by the caller; nothing reads the clock). */
  readOn?: string;
  /** Names of the returned files. */
  files?: string[];
  departments: ReportDepartmentVerification[];
}

/** The input file a report was made from. */
export interface ReportInput {
  /** File name as given (no directory). */
  name: string;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
  /** Size in bytes. */
  bytes?: number;
}

/** A masked example of a flagged record. */
export interface ReportExample {
  /** 0-based position of the record in the batch (the way back to it). */
  index: number;
  /** The record's row in its file, as a spreadsheet shows it (set by a file reader such as `checkFile`). */
  rowNumber?: number;
  regionCode?: string;
  /** Masked resident ID and name. */
  residentId?: string;
  name?: string;
  message: string;
  recorded?: unknown;
  departmentValue?: unknown;
}

/** One record whose data a partner department should verify. */
export interface Discrepancy {
  department: DepartmentId;
  ruleId: string;
  message: string;
  /** The key the record was matched on (canonical ID or the caller's pseudonym), unless masked. */
  key: string;
  index: number;
  /** The record's row in its file, as a spreadsheet shows it (set by a file reader such as `checkFile`). */
  rowNumber?: number;
  regionCode?: string;
  recorded?: unknown;
  departmentValue?: unknown;
  /** The person's name as recorded (for the department's list). */
  name?: string;
  /** The record item compared (`r27`, `person_status` …). */
  item?: string;
  /** The department field compared (`benefits`, `registration_status` …). */
  field?: string;
  /** Whether the person was found in the department's extract. */
  matched?: boolean;
  /** The recorded value as a person reads it: labels of the item's code list, `label（code）`. */
  recordedLabel?: string;
  /** The department's value as a person reads it: labels of the extract field's code list. */
  departmentLabel?: string;
  /** What to change in the record when the department's value is confirmed (see {@link DiscrepancyCorrection}). */
  correction?: DiscrepancyCorrection;
}

/**
 * A correction of one record item: `set` the item to `value`, or `add` / `remove` the code
 * `value` of a multi-select item. `label` says it in words (`R27 增加“最低生活保障（1）”`).
 */
export interface DiscrepancyCorrection {
  item: string;
  op: 'set' | 'add' | 'remove';
  value: unknown;
  label: string;
}

/** Per-department comparison summary and the discrepancies to send back. */
export interface ReportDepartment {
  department: DepartmentId;
  name: string;
  /** Distinct keys in the department's extract. */
  indexSize: number;
  /** Checked records whose key was found in the extract. */
  matched: number;
  discrepancyCount: number;
  /** Records compared with the extract (those with a match key; absent from a roster counts as compared). */
  compared?: number;
  /** Compared records on which the two sources agree (no discrepancy with this department). */
  agreed?: number;
  /** Findings where both sources agree on a state that needs attention (rules with `comparison: 'agrees'`): counted here and in the rules, not listed for the department. */
  agreementFindings?: number;
  discrepancies: Discrepancy[];
  /** True when more discrepancies were found than kept (see `maxDiscrepancies`). */
  truncated: boolean;
}

/**
 * Report metadata the batch runner cannot know, given by its caller (`BatchOptions.meta`).
 *
 * @example
 * ```ts
 * const meta: ReportMetaOptions = { title: '长沙县 2019 年数据校验报告', generatedAt: '2019-08-01' };
 * ```
 */
export interface ReportMetaOptions {
  title?: string;
  ruleSetVersion?: string;
  regionTableVersion?: string;
  /** When the report was made (nothing here reads the clock). */
  generatedAt?: string;
  /** 填报单位, when the caller knows it better than the batch region (see `ValidationReport['meta'].reportingUnit`). */
  reportingUnit?: { code: string; name?: string };
  /** The input file, when the caller read it. */
  input?: ReportInput;
  /** The required 入户调查率 (default: 90 % by 湘残联字〔2019〕7号, docs/sources.md D6). */
  householdVisitTarget?: HouseholdVisitTarget;
}

/**
 * A kind of change made to the input as it was read (full-width digits, labels to codes, dates
 * to ISO …): by code and column, with the first examples (identifiers masked) — so nothing is
 * altered without the report saying so. Filled by a file reader such as `checkFile`.
 */
export interface ReportNormalisation {
  /** Stable code of the change (`FLAT_FULLWIDTH`, `FLAT_LABEL_TO_CODE`, `FLAT_DATE_FORMAT` …). */
  code: string;
  /** The column as headed in the file. */
  column: string;
  /** zh-CN description of the first occurrence. */
  message: string;
  /** Cells changed this way. */
  count: number;
  /** The first changes: file row, the cell as given and as read. */
  examples: { rowNumber: number; from: string; to: string }[];
}

/** The validation report (数据校验报告) of one batch. */
export interface ValidationReport {
  meta: {
    title: string;
    /** Version of the rule set (`@canji/rules` version unless the caller names a local rule set). */
    ruleSetVersion: string;
    formVersion: FormVersion;
    regionTableVersion?: string;
    referenceDate?: string;
    batchRegion?: string;
    regionLevel: RegionLevel;
    /** Supplied by the caller (nothing here reads the clock). */
    generatedAt?: string;
    examplesPerRule: number;
    /**
     * 填报单位: the batch region at county level (or the batch region when it is coarser), else the
     * county most records are in; `derived` when it was not given as the batch region.
     */
    reportingUnit?: { code: string; name?: string; derived?: boolean };
    /** The input file (name and SHA-256), supplied by the caller that read it. */
    input?: ReportInput;
  };
  /** read = clean + warningsOnly + withErrors + unreadable. */
  counts: {
    read: number;
    /** Readable records without errors (clean + warnings only). */
    valid: number;
    clean: number;
    warningsOnly: number;
    withErrors: number;
    /** Records with at least one warning (with or without errors). */
    withWarnings: number;
    unreadable: number;
    errors: number;
    warnings: number;
  };
  rules: ReportRule[];
  regions: ReportRegion[];
  examples: Record<string, ReportExample[]>;
  unreadable: { index: number; reason: string }[];
  departments: ReportDepartment[];
  /** The comparison with the previous round, when one was given (`context.previousRound`). */
  previousRound?: ReportPreviousRound;
  /**
   * The round-to-round reconciliation (this batch against the previous round and the certificate
   * roster): who continues, who is new, who exited and why, who was not updated, change rates by
   * unit. Attached by the caller that reconciled (`@canji/rounds`' `reportRounds`; `canji check
   * --previous … --roster …`); the batch checker does not make it.
   */
  rounds?: ReportRounds;
  /** 调查方式 / 采集渠道 and the 入户调查率 against its requirement (absent in older reports). */
  collection?: ReportCollection;
  /** Verification status of the department lists, once the returned lists have been read. */
  verification?: ReportVerification;
  /** What the reader changed in the input (absent when the report was not made from a file). */
  normalisations?: ReportNormalisation[];
}

/** The year-on-year part of a report: how many persons were compared with the previous round. */
export interface ReportPreviousRound {
  /** Form version of the previous round's records. */
  formVersion: string;
  /** Distinct persons in the previous round. */
  persons: number;
  /** Records of this round with a usable key, and those found in the previous round (compared). */
  keyed: number;
  matched: number;
}

/** A class or exit reason of a reconciliation, with its zh-CN label (in display order). */
export interface ReportRoundCode {
  id: string;
  label: string;
}

/** Counts of one unit of a reconciliation: `persons` = the sum of `byClass`; `byClass.exited` = the sum of `exitedBy`. */
export interface ReportRoundUnit {
  /** Unit code at the reconciliation's level (`null`: the region does not reach it). */
  unit: string | null;
  name?: string;
  persons: number;
  byClass: Record<string, number>;
  exitedBy: Record<string, number>;
}

/** A share of compared persons, with its flag against the rest of the county. */
export interface ReportRoundRate {
  count: number;
  rate: number | null;
  z: number | null;
  flag: 'low' | 'high' | null;
}

/** Change rates of one unit or collector. */
export interface ReportRoundChangeRow {
  unit: string | null;
  name?: string;
  /** A collector's (masked) name, for the per-collector rows. */
  collector?: string;
  compared: number;
  /** By section id (absent in the per-collector rows). */
  changed?: Record<string, ReportRoundRate>;
  anyChange: ReportRoundRate;
  identical: ReportRoundRate;
}

/** How one source of a reconciliation was read. */
export interface ReportRoundSource {
  read: number;
  persons: number;
  unkeyed: number;
  duplicates?: number;
  /** Roster: rows of one person merged; persons in neither round without a valid certificate; outside the area. */
  merged?: number;
  inactive?: number;
  outsideScope?: number;
}

/**
 * The reconciliation part of a report (plain data; `@canji/rounds`' `reportRounds` makes it from a
 * `RoundReconciliation`).
 */
export interface ReportRounds {
  asOf: string;
  /** How persons were matched: `resident-id`, `certificate-no` or `custom` (a keyed pseudonym). */
  key: string;
  regionLevel: RegionLevel;
  formVersions: { previous: string; current: string };
  sources: { current: ReportRoundSource; previous: ReportRoundSource | null; roster: ReportRoundSource | null; publicSecurity: ReportRoundSource | null };
  classes: ReportRoundCode[];
  exitReasons: ReportRoundCode[];
  total: ReportRoundUnit;
  units: ReportRoundUnit[];
  /** Change rates of the persons in both rounds (null without a previous round). */
  changes: {
    method: string;
    outlierZ: number;
    minCompared: number;
    sections: { id: string; label: string; items: string[] }[];
    total: ReportRoundChangeRow;
    units: ReportRoundChangeRow[];
    collectors: ReportRoundChangeRow[] | null;
  } | null;
  /** Lists written for people (files), when any. */
  lists?: { files: string[]; persons: number };
  /** The laws the counts obey, checked (`ok` false would be a bug). */
  checks: { ok: boolean; problems: string[] };
}

/**
 * A batch rule's message that points at another record by its position in the batch (`第 N 条`,
 * N = `otherIndex` + 1), said instead by that record's row in its file (`第 R 行`), the row a clerk
 * finds in the spreadsheet. The message is unchanged when `row` is unknown (0 or absent) or the
 * message does not name that position.
 *
 * @example
 * ```ts
 * messageWithRow('同一人在本批次中重复出现（首次出现于第 92 条）', 91, 97); //=> '同一人在本批次中重复出现（首次出现于第 97 行）'
 * ```
 */
export function messageWithRow(message: string, otherIndex: number, row: number | undefined): string {
  if (!row || !Number.isInteger(otherIndex)) return message;
  return message.replace(`第 ${otherIndex + 1} 条`, `第 ${row} 行`);
}
