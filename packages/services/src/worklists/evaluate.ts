/**
 * Need–service pairs compiled for one form version and run on records: the conditions compile
 * with `@canji/rules`' `compileCondition` (the evaluator of the rule files) over the scope the
 * rules use — the record, its derived facts (`recordFacts`) and the partner department's row
 * matched by canonical ID.
 */
import { personKeyOf } from '@canji/audits';
import { compileCondition, recordFacts, type CompiledCondition, type DepartmentId, type DepartmentIndex, type RecordFacts } from '@canji/rules';
import { PAIR_FORM_VERSIONS, type PairFormVersion, type ServicePair, type ServicePairVariant } from './pairs.js';

/** A pair ready to run on records of one form version. */
export interface CompiledServicePair {
  readonly pair: ServicePair;
  readonly variant: ServicePairVariant;
  readonly version: PairFormVersion;
  readonly applies: CompiledCondition;
  readonly need: CompiledCondition;
  readonly served: CompiledCondition;
  /** Whether the pair or this version's variant is provisional. */
  readonly provisional: boolean;
}

/** Why a pair does not run on a batch. */
export interface SkippedPair {
  pairId: string;
  title: string;
  reason: 'no-variant' | 'no-department';
  department?: DepartmentId;
  /** zh-CN: `一、二级残疾人未享受重度残疾人护理补贴：没有民政部门的数据（--dept civil-affairs=…），未运行`. */
  message: string;
}

/** The pairs of one run: the compiled ones, the skipped ones, and the department data they read. */
export interface ServicePairSet {
  readonly version: PairFormVersion;
  readonly pairs: readonly CompiledServicePair[];
  readonly skipped: readonly SkippedPair[];
  readonly departments: Readonly<Partial<Record<DepartmentId, DepartmentIndex>>>;
}

/** Options of {@link compileServicePairs}. */
export interface CompilePairsOptions {
  /** The records' form version (`'2016'` is read as `'2017'`). */
  version: string;
  /** The partner departments' data (`buildDepartmentIndex` of `@canji/rules`); a pair reading a department not given is skipped. */
  departments?: Partial<Record<DepartmentId, DepartmentIndex>>;
}

const DEPT_WORD: Readonly<Record<DepartmentId, string>> = {
  education: '教育部门',
  'civil-affairs': '民政部门',
  'social-security': '人社部门',
  housing: '住建部门',
  health: '卫健部门',
  'poverty-relief': '乡村振兴部门',
  'public-security': '公安部门',
};

/**
 * Compiles pairs for a batch's form version; pairs without a variant for it, or whose department
 * data is not given, are listed in `skipped` (never silently dropped).
 *
 * @example
 * ```ts
 * const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017' });
 * set.skipped.map((s) => s.pairId); //=> ['CARE_SUBSIDY_NOT_RECEIVED'] (no civil-affairs data)
 * ```
 */
export function compileServicePairs(pairs: readonly ServicePair[], opts: CompilePairsOptions): ServicePairSet {
  const version: PairFormVersion = opts.version === '2016' ? '2017' : (PAIR_FORM_VERSIONS as readonly string[]).includes(opts.version) ? (opts.version as PairFormVersion) : '2017';
  const departments = opts.departments ?? {};
  const compiled: CompiledServicePair[] = [];
  const skipped: SkippedPair[] = [];
  for (const pair of pairs) {
    const variant = pair.forms[version];
    if (!variant) {
      skipped.push({ pairId: pair.id, title: pair.title, reason: 'no-variant', message: `${pair.title}：没有 ${version} 版登记表的条件，未运行` });
      continue;
    }
    if (variant.department && !departments[variant.department]) {
      const d = variant.department;
      skipped.push({ pairId: pair.id, title: pair.title, reason: 'no-department', department: d, message: `${pair.title}：没有${DEPT_WORD[d]}的数据（--dept ${d}=…），未运行` });
      continue;
    }
    compiled.push({
      pair,
      variant,
      version,
      applies: compileCondition(variant.appliesTo ?? { all: [] }),
      need: compileCondition(variant.need),
      served: compileCondition(variant.served),
      provisional: pair.provisional === true || variant.provisional === true,
    });
  }
  return { version, pairs: compiled, skipped, departments };
}

/** What a pair says of one person. */
export type PairOutcome = 'not-applicable' | 'no-need' | 'served' | 'gap';

/** One record read for the pairs: its key, facts and department rows. */
export interface EvaluatedRecord {
  /** Canonical resident ID, else the certificate's ID part (`personKeyOf` of `@canji/audits`); `undefined` when neither. */
  key: string | undefined;
  facts: RecordFacts;
  /** The outcome of each compiled pair, in the set's order. */
  outcomes: PairOutcome[];
  /** The department rows matched to the person, by department. */
  rows: Partial<Record<DepartmentId, Readonly<Record<string, unknown>> | undefined>>;
}

/**
 * Runs every compiled pair on one record.
 *
 * @example
 * ```ts
 * const set = compileServicePairs(BUILT_IN_PAIRS, { version: '2017' });
 * evaluateRecord(set, { person_status: 6, r37: [4], r35: [6], reference_date: '2019-06-30' }).outcomes[1]; //=> 'gap' (assistive device)
 * ```
 */
export function evaluateRecord(set: ServicePairSet, record: Readonly<Record<string, unknown>>, opts: { referenceDate?: string } = {}): EvaluatedRecord {
  const facts = recordFacts(record, opts.referenceDate ? { referenceDate: opts.referenceDate } : {});
  const key = personKeyOf(record);
  const rows: EvaluatedRecord['rows'] = {};
  const outcomes = set.pairs.map((p): PairOutcome => {
    const d = p.variant.department;
    let row: Readonly<Record<string, unknown>> | undefined;
    if (d) {
      if (!(d in rows)) rows[d] = key === undefined ? undefined : set.departments[d]?.get(key);
      row = rows[d];
    }
    const scope = { record, facts, row };
    if (!p.applies(scope)) return 'not-applicable';
    if (!p.need(scope)) return 'no-need';
    return p.served(scope) ? 'served' : 'gap';
  });
  return { key, facts, outcomes, rows };
}
