import type { DateInput, RegionLookup } from '@canji/id';
import { isAnswered } from './answered.js';
import { compileForm, evaluate, F, isCertainlyClean, T, type DenseRecord, type FormProblem } from './engine.js';
import { PERSON_FORM_VERSIONS, personForm } from './forms/index.js';
import { checkRegionCode, type VillageRegionLookup } from './village.js';
import type { FormDefinition, ItemDef, PersonFormVersion } from './types.js';

export type { DenseRecord, FormProblem, Severity } from './engine.js';

/** Options of `validatePerson`: form version or definition, reference date, partial records and region tables. */
export interface ValidatePersonOptions {
  /** Form version (default `'2017'`). Ignored when `form` is given. */
  version?: PersonFormVersion;
  /** A form definition, e.g. one returned by `extendForm` or `withFormCodeLabels`. */
  form?: FormDefinition;
  /** Reference date for ages (default: the record's `reference_date`). */
  asOf?: DateInput;
  /**
   * The record is still being filled in: missing answers are not reported (`FORM_REQUIRED`) and
   * skip conditions that depend on them stay undetermined. Everything present is still checked.
   */
  partial?: boolean;
  /** Region table passed to `@canji/id` (warns on unknown / abolished county codes). */
  regions?: RegionLookup;
  /** Village-level region table for `region_code` (see `villageLookupFromTable`). */
  villageRegions?: VillageRegionLookup;
}

/** What `validatePerson` returns: `ok` (no error) and every problem found. */
export interface ValidationResult {
  /** No problem of severity `error`. */
  ok: boolean;
  /** Every problem found, in form order within each phase (fields, identity, skip logic, implications). */
  problems: FormProblem[];
}

/**
 * Validates a person record (keys = flat machine column names, see RECORD.md) against the form in
 * one pass and returns **all** problems: types and code lists (`FORM_TYPE`, `FORM_CODE_UNKNOWN`),
 * multiple-choice rules (`FORM_EXCLUSIVE`, `FORM_MULTI_DUPLICATE`), identity (`ID_*`, `CERT_*`,
 * `FORM_IDENTITY_MISMATCH`), skip logic (`FORM_REQUIRED` — applicable but missing,
 * `FORM_NOT_APPLICABLE` — filled but skipped), option availability (`FORM_OPTION_NOT_AVAILABLE`)
 * and values the form forces (`FORM_IMPLIED_VALUE`). Never throws on bad input.
 *
 * @example
 * const r = validatePerson({ survey_year: 2019, r3: 9 }, { asOf: '2019-07-01', partial: true });
 * r.ok //=> false
 * r.problems[0] //=> { code: 'FORM_CODE_UNKNOWN', item: 'R3', path: ['r3'], severity: 'error', message: 'R3 户口性质：代码 9 不在代码表“户口性质”中' }
 */
export function validatePerson(record: unknown, options: ValidatePersonOptions = {}): ValidationResult {
  const form = options.form ?? knownForm(options.version);
  if (!form) {
    return { ok: false, problems: [{ code: 'FORM_VERSION_UNKNOWN', item: '', path: [], severity: 'error', message: `未知的登记表版本：${String(options.version)}（可用：${PERSON_FORM_VERSIONS.join('、')}）` }] };
  }
  return validateWith(form, record, options);
}

function validateWith(form: FormDefinition, record: unknown, options: Omit<ValidatePersonOptions, 'form' | 'version'>): ValidationResult {
  let problems: FormProblem[];
  try {
    problems = evaluate(compileForm(form), record, options, true).problems;
    checkRegionCode(record, options.villageRegions, problems);
  } catch (e) {
    // A getter or proxy that throws while the record is read: said as a result, never thrown.
    return { ok: false, problems: [{ code: 'FORM_RECORD_UNREADABLE', item: '', path: [], severity: 'error', message: `无法读取记录：读取字段时出错（${thrownText(e)}）` }] };
  }
  let ok = true;
  for (const p of problems) if (p.severity === 'error') { ok = false; break; }
  return { ok, problems };
}

/**
 * A form compiled once into its validator: entry-time validation, applicability and the batch
 * pre-check all run the same compiled conditions and checks, so a problem has one code at entry
 * time and in a batch report. Get one with {@link compileValidator}.
 */
export interface FormValidator {
  readonly form: FormDefinition;
  /** Every problem of a record, as {@link validatePerson} reports them. */
  validate(record: unknown, options?: Omit<ValidatePersonOptions, 'form' | 'version'>): ValidationResult;
  /**
   * `true` only when `validate(record, { asOf })` would report no problem at all (no error, no
   * warning) — decided without building the problem list, for the clean majority of a batch.
   * `false` means "not certain": ask `validate`. Needs a reference date (`asOf` or the record's
   * `reference_date`). `view` is the record's values by position, as a batch runner holds them.
   */
  isCertainlyClean(record: Readonly<Record<string, unknown>>, asOf?: string, view?: DenseRecord): boolean;
  /** The applicability of every item, as {@link itemApplicability} gives it. */
  applicability(record: unknown, options?: Omit<ApplicableItemsOptions, 'form' | 'version'>): ItemApplicability[];
}

/**
 * Compiles a form definition into its {@link FormValidator} (compiled once per definition object;
 * calling it again returns the same compiled form). Throws when the definition is inconsistent (a
 * condition on a later or unknown item, an unknown code list) — `extendForm` reports those as
 * results instead.
 *
 * @example
 * ```ts
 * const v = compileValidator(personForm('2017'));
 * v.validate({ r3: 9 }, { partial: true, asOf: '2019-07-01' }).problems[0]?.code; //=> 'FORM_CODE_UNKNOWN'
 * v.isCertainlyClean({ r3: 9 }, '2019-07-01'); //=> false
 * ```
 */
export function compileValidator(form: FormDefinition): FormValidator {
  const cf = compileForm(form);
  return {
    form,
    validate: (record, options = {}) => validateWith(form, record, options),
    isCertainlyClean: (record, asOf, view) => isCertainlyClean(cf, record, asOf, view),
    applicability: (record, options = {}) => itemApplicability(record, { ...options, form }),
  };
}

/** The message of something thrown (never throws itself). */
function thrownText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : typeof e === 'string' ? e : typeof e;
  } catch {
    return '未知错误';
  }
}

function knownForm(version: PersonFormVersion | undefined): FormDefinition | undefined {
  const v = version ?? '2017';
  return PERSON_FORM_VERSIONS.includes(v) ? personForm(v) : undefined;
}

/** Whether an item is to be asked, given what the record holds so far. */
export type ApplicabilityStatus = 'applicable' | 'not-applicable' | 'undetermined';

export interface ItemApplicability {
  key: string;
  code: string;
  label: string;
  section: string;
  status: ApplicabilityStatus;
  /** The item holds an answer (see {@link isAnswered}: a blank string or an empty array is none). */
  answered: boolean;
  /** Asked but not required (optional, or its `requiredWhen` does not hold). */
  required: boolean;
  item: ItemDef;
}

/** Options of `applicableItems` / `itemApplicability`: form, reference date, whether undetermined items are listed, whether the record is complete. */
export interface ApplicableItemsOptions {
  version?: PersonFormVersion;
  form?: FormDefinition;
  asOf?: DateInput;
  /** Also list items whose applicability is not yet known (default true). */
  includeUndetermined?: boolean;
  /**
   * Treat missing answers as "not answered" rather than "not yet known" (default false): use it
   * when the record is final, or when filling items strictly in form order.
   */
  complete?: boolean;
}

/**
 * Which items to ask, given a partial record — for a collection app that shows the next questions
 * as answers come in. Returns the items that apply (and, unless `includeUndetermined: false`, those
 * that may still apply once earlier answers are given), in form order. Skipped items are left out.
 *
 * @example
 * const next = applicableItems({ person_status: 6, reference_date: '2019-07-01', r3: 1 });
 * next.some((i) => i.key === 'r10') //=> true  (农业: R10, R11)
 * next.some((i) => i.key === 'r8')  //=> false (R8 is for 非农业)
 */
export function applicableItems(record: unknown, options: ApplicableItemsOptions = {}): ItemApplicability[] {
  return itemApplicability(record, options).filter((i) => i.status === 'applicable' || (i.status === 'undetermined' && options.includeUndetermined !== false));
}

/** Options of {@link requiredItemCounts}: the form, the reference date, and sections left out of the count. */
export interface RequiredItemCountsOptions {
  version?: PersonFormVersion;
  form?: FormDefinition;
  asOf?: DateInput;
  /** Sections whose items are not counted (e.g. `['cover']`: the collection details). */
  skipSections?: readonly string[];
}

/**
 * How many items a complete record is required to answer and how many of them it leaves blank:
 * the items {@link itemApplicability} gives as `applicable` and `required` (with `complete: true`),
 * counted without building the list — for figures over a whole batch (item non-response), where
 * the list would be built and dropped for every record.
 *
 * @example
 * requiredItemCounts({ person_status: 6, reference_date: '2019-07-01', r3: 1 }).blank > 0 //=> true
 */
export function requiredItemCounts(record: unknown, options: RequiredItemCountsOptions = {}): { required: number; blank: number } {
  const form = options.form ?? personForm(options.version ?? '2017');
  const cf = compileForm(form);
  const { state } = evaluate(cf, record, options.asOf !== undefined ? { asOf: options.asOf, partial: false } : { partial: false }, false);
  const skip = options.skipSections;
  let required = 0;
  let blank = 0;
  const items = cf.items;
  for (let i = 0; i < items.length; i++) {
    if (state.app[i] !== T) continue;
    const it = items[i]!;
    if (it.def.optional === true || (it.required && it.required(state) === F)) continue;
    if (skip && skip.includes(it.def.section)) continue;
    required++;
    if (!isAnswered(state.vals[i])) blank++;
  }
  return { required, blank };
}

/**
 * The applicability of every item of the form for a (partial) record: `applicable`,
 * `not-applicable` (skipped) or `undetermined` (depends on answers not given yet).
 *
 * @example
 * itemApplicability({ person_status: 5 }).find((i) => i.key === 'r13')?.status //=> 'not-applicable'
 */
export function itemApplicability(record: unknown, options: ApplicableItemsOptions = {}): ItemApplicability[] {
  const form = options.form ?? personForm(options.version ?? '2017');
  const cf = compileForm(form);
  const evalOpts: { asOf?: DateInput; partial: boolean } = { partial: options.complete !== true };
  if (options.asOf !== undefined) evalOpts.asOf = options.asOf;
  const { state } = evaluate(cf, record, evalOpts, false);
  return cf.items.map((it, i) => {
    const a = state.app[i];
    const v = state.vals[i];
    const answered = isAnswered(v);
    const status: ApplicabilityStatus = a === T ? 'applicable' : a === F ? 'not-applicable' : 'undetermined';
    const req = it.def.optional === true ? false : it.required ? it.required(state) !== F : true;
    return { key: it.key, code: it.def.code, label: it.def.label, section: it.def.section, status, answered, required: req, item: it.def };
  });
}
