/**
 * The rule model: a rule is typed data (stable id, zh-CN title, severity, form versions, items,
 * basis) with a declarative `violation` condition, and a `check` function only where a condition
 * cannot say it (as in DHIS2's validation rules).
 */
import type { DenseRecord, ExtractDepartmentId, Severity, SourceId } from '@canji/form';
import type { Condition } from './conditions.js';

/**
 * A person record: a plain object whose keys are the flat CSV machine column names of
 * `@canji/form` (`region_code`, `resident_id`, `certificate_no`, `r1` … `r41`, `r16_2` …),
 * with typed values. Unanswered items are absent.
 */
export type PersonRecord = Readonly<Record<string, unknown>>;

/** Version of the national person form (动态1表) a rule applies to, e.g. `'2017'`. */
export type FormVersion = string;

/** Error blocks a record from being reported upward; warning asks a reviewer to look (`@canji/form`'s `Severity`, one meaning at entry time and in the batch). */
export type { Severity };

/**
 * How sure the fact behind a rule is, with the tags of docs/sources.md:
 * `official` (a published standard or policy text), `2+` (seen in two or more independent
 * sources), `1` (one source), `inf` (inferred). A rule resting on a `1` or `inf` fact must be a
 * warning ({@link defineRule} enforces this).
 */
export type Certainty = 'official' | '2+' | '1' | 'inf';

/**
 * Where a rule comes from: the document a reader knows (a regulation, standard or the form), the
 * place in it, and the ids of docs/sources.md it was read from (`SOURCES` of `@canji/form`).
 * Reports print the document and section, and mark it `（未核实）` when a cited `D…` document is
 * unverified there.
 *
 * @example
 * ```ts
 * const basis: RuleBasis = {
 *   kind: 'policy', certainty: '2+',
 *   document: '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
 *   section: '护理补贴对象', sources: ['D7', 'P1', 'P2'],
 * };
 * ```
 */
export interface RuleBasis {
  /** `form`: the form's instructions / skip logic; `policy`: a policy document; `standard`: a national standard (GB, GB/T); `department`: a partner department's records; `data-quality`: batch hygiene (duplicates, region). */
  kind: 'form' | 'policy' | 'standard' | 'department' | 'data-quality';
  /** The document as a reader knows it, e.g. `'GB/T 26341-2010《残疾人残疾分类和分级》'` — never a file name. */
  document: string;
  /** Where in the document (article, item, table), e.g. `'言语残疾'`, `'R28'`. */
  section?: string;
  /** Ids of docs/sources.md: the document's own `D…` id first, then the copies it was read from. */
  sources?: readonly SourceId[];
  certainty: Certainty;
  /** Why the rule reads the source this way, and what is uncertain (zh-CN or English). */
  note?: string;
  /**
   * The rule reproduces another package's check (e.g. `@canji/form`'s `validatePerson`) and takes
   * its severity from there, so batch and entry time agree whatever the certainty.
   */
  mirrors?: string;
}

/**
 * Partner departments that supply extracts for comparison: `@canji/form`'s `ExtractDepartmentId`
 * (the ids are `DEPARTMENT_IDS`, the report names `DEPARTMENT_NAMES`, both owned by `@canji/form`).
 */
export type DepartmentId = ExtractDepartmentId;

/** Facts derived once per record before the rules run (from the ID number, the certificate, the reference date). */
export interface RecordFacts {
  /** Canonical 18-character resident ID (15→18 upgraded, case and width normalised), if the ID is readable. */
  id: string | undefined;
  /** Birth date `YYYY-MM-DD`: the recorded `birth_date`, else the one the ID number carries. */
  birthDate: string | undefined;
  /** Birth date carried by the ID number itself. */
  idBirthDate: string | undefined;
  /** Sex carried by the ID number (17th digit odd = male). */
  idSex: 'male' | 'female' | undefined;
  /** Age in whole years at the reference date (`ageAt` of `@canji/id`), from `birthDate`. */
  age: number | undefined;
  /** Disability category 1–7: the recorded one, else the certificate's 19th character. */
  category: number | undefined;
  /** Disability level 1–4 (or 9): the recorded one, else the certificate's 20th character. */
  level: number | undefined;
  /** Category / level of the certificate number itself (`readIdentity` of `@canji/id`: a valid certificate number only). */
  certCategory: number | undefined;
  certLevel: number | undefined;
  /** Canonical ID part (first 18 characters) of a valid certificate number. */
  certId: string | undefined;
  /** Reference date used for ages (`YYYY-MM-DD`). */
  referenceDate: string | undefined;
  /**
   * Set by the batch runner: the record's values as a dense array in the order of the compiled
   * rule set's keys, and whether the record has other columns. Rules may read it instead of the
   * record (element loads are much cheaper than reading objects of many shapes); `undefined`
   * from `checkRecord`.
   */
  columns: RecordColumns | undefined;
}

/** See {@link RecordFacts.columns}. */
export type RecordColumns = DenseRecord;

/** What a `check` function may return: falsy = no issue; `true` = issue with the rule's title; a string = issue with that message; an object = issue with details. */
export type CheckResult =
  | undefined
  | null
  | false
  | true
  | string
  | { message?: string; recorded?: unknown; departmentValue?: unknown; findings?: readonly Finding[] };

/**
 * One thing to fix on one item of a record: what a list of records to fix shows per row. A rule
 * that finds several (the form's rules: each missing or misplaced answer) lists them in
 * {@link Issue.findings}; an issue without findings is one finding on its items.
 */
export interface Finding {
  /** Record key of the item (`r25`, `resident_id`). */
  item: string;
  /** zh-CN: what is wrong (`R25 是否参加城乡居民基本医疗保险：应填写但未填写`). */
  message: string;
  /** What the item holds. */
  recorded?: unknown;
  /** zh-CN: what is expected instead (`应填写`, `应留空（按跳转规则不填）`, `应为 2`). */
  expected?: string;
}

interface RuleCommon {
  /** Stable machine id (`SCREAMING_SNAKE`); never changes meaning once released. */
  id: string;
  /** zh-CN title, the message a reviewer sees. */
  title: string;
  severity: Severity;
  /** Form versions the rule applies to; `'*'` for every version. */
  formVersions: readonly FormVersion[] | '*';
  /** Item codes / machine columns the rule involves (`r16`, `certificate_no`, …). */
  items: readonly string[];
  basis: RuleBasis;
  /** Longer zh-CN explanation for the report. */
  description?: string;
}

/** A rule over one record. Violated when `violation` holds, or when `check` returns an issue. */
export interface RecordRule extends RuleCommon {
  scope: 'record';
  violation?: Condition;
  check?: (record: PersonRecord, facts: RecordFacts, context: RuleContext) => CheckResult;
  /**
   * Rules that share one `gate` function (by identity) are skipped together on records where it
   * returns `false` ("none of us can fire"); the runner calls it once per record for the group.
   * `formRules` use it so that a clean record costs one call, not one per rule.
   */
  gate?: (record: PersonRecord, facts: RecordFacts, context: RuleContext) => boolean;
}

/**
 * A rule comparing a record with a partner department's extract row matched by canonical ID
 * (or by the caller's key function). `row` is `undefined` when the person is not in the extract
 * (for a roster, that itself is information: not enrolled, not on 低保, …). The rule is skipped
 * when no index for its department is supplied.
 */
export interface CrossCheckRule extends RuleCommon {
  scope: 'cross-check';
  department: DepartmentId;
  /** Condition over the record and the department row (`{ dept: 'field', … }`). */
  violation?: Condition;
  check?: (record: PersonRecord, row: Readonly<Record<string, unknown>> | undefined, facts: RecordFacts, context: RuleContext) => CheckResult;
  /**
   * The record item and the department field whose values the discrepancy list shows (both as
   * labels of their own code lists), when `check` does not give `recorded` / `departmentValue`.
   * Default: the first of `items` and the first department field the violation reads. `detail`:
   * a second item shown after the first when answered (R16 是否就业 → R17 就业形式).
   */
  compares?: { item: string; field: string; detail?: string };
  /**
   * `'differs'` (default): the rule fires when the two sources disagree — one of them is wrong,
   * and the department is asked to verify. `'agrees'`: both sources agree on a state that needs
   * attention (e.g. eligible for a subsidy that neither records): a finding for the county, counted
   * for the department but not sent to it, since there is nothing between the two to verify.
   */
  comparison?: 'differs' | 'agrees';
  /**
   * How the record is corrected when the department's value is confirmed (核实结果
   * 以部门数据为准): `copy` sets `item` to the department's value; `map` sets it to the form code the
   * department's code maps to; `toggle` adds `code` to the multi-select `item` when the department's
   * `field` includes (or equals) `when`, and removes it otherwise. Absent: corrected by hand.
   */
  corrects?: DiscrepancyCorrectionSpec;
}

/** See {@link CrossCheckRule.corrects}. */
export type DiscrepancyCorrectionSpec =
  | { kind: 'copy'; item: string }
  | { kind: 'map'; item: string; map: Readonly<Record<string, number | string>> }
  | { kind: 'toggle'; item: string; code: number; when: number | string };

/**
 * A rule over the whole batch (duplicates, shared certificates …). `start` is called once per
 * batch and returns the per-record observer, which keeps whatever state the rule needs (a map
 * keyed by ID: memory grows with distinct people, not with record size).
 */
export interface BatchRule extends RuleCommon {
  scope: 'batch';
  start: (context: RuleContext) => (record: PersonRecord, facts: RecordFacts, index: number) => CheckResult;
}

/**
 * A rule comparing a record with the same person's record of the previous round (年度比对), matched
 * by canonical ID (or by the caller's key function, e.g. a keyed pseudonym both rounds share).
 * `violation` reads the record's items and `{ previous: … }` leaves (items and facts of last
 * round's record); the rule runs only on persons found in the previous round, and is skipped
 * when `context.previousRound` is not given. The previous record is read in the current form's
 * numbering (a 2017 record against a 2021 batch through `@canji/form`'s item correspondence).
 */
export interface YearOnYearRule extends RuleCommon {
  scope: 'year-on-year';
  violation?: Condition;
  check?: (record: PersonRecord, previous: PersonRecord, facts: RecordFacts, previousFacts: RecordFacts, context: RuleContext) => CheckResult;
  /** The item whose two values (last round → this round) the report shows; default: the first of `items`. */
  compares?: string;
}

/**
 * The previous round's records, indexed by match key (see `buildPreviousRound`): what the
 * year-on-year rules compare with.
 */
export interface PreviousRound {
  /** Form version of the previous round's records. */
  formVersion: FormVersion;
  /** Distinct persons in the previous round. */
  size: number;
  /** Rows read, rows without a usable key, rows whose key was seen before (the later one kept). */
  rowsRead: number;
  rowsWithoutKey: number;
  duplicateKeys: number;
  /** The person's previous-round record, in its own form version's numbering. */
  get(key: string): PersonRecord | undefined;
}

export type Rule = RecordRule | CrossCheckRule | BatchRule | YearOnYearRule;

/** A partner department's extract, indexed by match key (see `buildDepartmentIndex`). */
export interface DepartmentIndex {
  department: DepartmentId;
  /** Number of distinct keys. */
  size: number;
  /** Rows read, rows without a usable key, rows whose key was seen before (the last one wins). */
  rowsRead: number;
  rowsWithoutKey: number;
  duplicateKeys: number;
  get(key: string): Readonly<Record<string, unknown>> | undefined;
}

/** Everything the rules read besides the record itself. Nothing here defaults to the clock. */
export interface RuleContext {
  /** Form version of the records (default `'2017'`). */
  formVersion?: FormVersion;
  /** Reference date for ages (`YYYY-MM-DD`); default: the record's `reference_date`. */
  referenceDate?: string;
  /** The survey period; a collection date outside it is an error. Default: the record's `survey_year`, 1 January to 31 December. */
  surveyPeriod?: { from: string; to: string };
  /** Region code (prefix of the 12-digit code, e.g. `'430102'`) of the batch; records outside are flagged. */
  batchRegion?: string;
  /** Department extracts for cross-checks, indexed by key. */
  departments?: Partial<Record<DepartmentId, DepartmentIndex>>;
  /** The previous round's records, for the year-on-year rules (see `buildPreviousRound`). */
  previousRound?: PreviousRound;
  /** Key of a record for matching department rows and the previous round (default: the canonical resident ID). Use the same keyed pseudonym function as the departments used. */
  recordKey?: (record: PersonRecord, facts: RecordFacts) => string | undefined;
}

/** One finding on one record. */
export interface Issue {
  ruleId: string;
  severity: Severity;
  /** zh-CN message (the rule's title unless the check gave a more specific one). */
  message: string;
  items: readonly string[];
  department?: DepartmentId;
  /** What the record says, and what the department's row says (cross-checks). */
  recorded?: unknown;
  departmentValue?: unknown;
  /** The single things to fix, item by item, when the rule found several or knows the item (see {@link Finding}). */
  findings?: readonly Finding[];
}

/** Error thrown by {@link defineRule} for a malformed rule definition (programming error, not bad data). */
export class RuleDefinitionError extends Error {
  constructor(
    readonly code: 'RULE_ID_FORMAT' | 'RULE_SEVERITY_UNSUPPORTED' | 'RULE_NO_CHECK' | 'RULE_DUPLICATE_ID',
    message: string,
  ) {
    super(message);
    this.name = 'RuleDefinitionError';
  }
}

const ID_FORMAT = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * Checks a rule definition and returns it unchanged: the id is `SCREAMING_SNAKE`, a record or
 * cross-check rule has a `violation` or a `check`, and a rule whose basis is only `1` or `inf`
 * is a warning (unless it mirrors another package's check, see {@link RuleBasis.mirrors}).
 *
 * @example
 * ```ts
 * const rule = defineRule({
 *   id: 'LOCAL_PHONE_MISSING', title: '未填写联系电话', severity: 'warning', scope: 'record',
 *   formVersions: '*', items: ['r6'], basis: { kind: 'form', document: '本地规则', certainty: 'official' },
 *   violation: { item: 'r6', present: false },
 * });
 * checkRecord({ r1: '张三' }, [rule]).map((i) => i.ruleId); //=> ['LOCAL_PHONE_MISSING']
 * ```
 */
export function defineRule<R extends Rule>(rule: R): R {
  if (!ID_FORMAT.test(rule.id)) throw new RuleDefinitionError('RULE_ID_FORMAT', `rule id must be SCREAMING_SNAKE: ${rule.id}`);
  if (rule.severity === 'error' && !rule.basis.mirrors && (rule.basis.certainty === '1' || rule.basis.certainty === 'inf')) {
    throw new RuleDefinitionError(
      'RULE_SEVERITY_UNSUPPORTED',
      `${rule.id}: a rule resting on a [${rule.basis.certainty}] fact must be a warning`,
    );
  }
  if (rule.scope !== 'batch' && !rule.violation && !rule.check) {
    throw new RuleDefinitionError('RULE_NO_CHECK', `${rule.id}: needs a violation condition or a check function`);
  }
  return rule;
}

/**
 * Whether a rule applies to a form version.
 *
 * @example
 * ```ts
 * ruleAppliesTo(consistencyRules('2017')[0], '2017'); //=> true
 * ```
 */
export function ruleAppliesTo(rule: Rule, version: FormVersion): boolean {
  return rule.formVersions === '*' || rule.formVersions.includes(version);
}
