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
  scope: 'record' | 'cross-check' | 'batch';
  department?: DepartmentId;
  certainty: Certainty;
  basis: RuleBasis;
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
  /** What the reader changed in the input (absent when the report was not made from a file). */
  normalisations?: ReportNormalisation[];
}
