import type { AnswerType, IdentifierClass, PersonFormVersion } from '@canji/form';
import { formFieldClasses, ID_FIELDS, type ClassifiedField, type FormFieldClasses } from './classes.js';
import { deidFail, type DeidError, type DeidErrorCode, type DeidResult } from './errors.js';
import { ageHierarchy, generalize, hierarchyHeight, HIERARCHIES, levelLabel, validateHierarchy, type Hierarchy } from './hierarchy.js';
import { applyMask, MASK_PRESETS, type MaskPreset } from './mask.js';
import { pseudonymSubject, type Pseudonymizer, type PseudonymResult } from './pseudonym.js';

/**
 * What to do with one field.
 * - `keep` — unchanged;
 * - `keep-coded` — kept if it is a code, number, list of codes, yes/no or date; dropped if it is
 *   free text (free text can name anyone, so the default policy never releases it);
 * - `drop` — removed;
 * - `pseudonymize` — replaced by the keyed token of the ID number it holds (needs the policy's
 *   `pseudonymizer`; an invalid number is dropped);
 * - `mask` — a display mask preset (for lists shown to staff, not for release);
 * - `generalize` — replaced by its value at a hierarchy level.
 *
 * @example
 * const rule: FieldRule = { action: 'generalize', hierarchy: HIERARCHIES.regionCode, level: 2 };
 */
export type FieldRule =
  | { readonly action: 'keep' }
  | { readonly action: 'keep-coded' }
  | { readonly action: 'drop' }
  | { readonly action: 'pseudonymize' }
  | { readonly action: 'mask'; readonly preset: MaskPreset }
  | { readonly action: 'generalize'; readonly hierarchy: Hierarchy; readonly level: number };

/**
 * A de-identification policy: a rule per field, as data.
 *
 * @example
 * const policy: DeidPolicy = { fields: { region_code: { action: 'generalize', hierarchy: HIERARCHIES.regionCode, level: 2 }, sex: { action: 'keep' } } };
 */
export interface DeidPolicy {
  /** Rules by exact field name. */
  readonly fields: Readonly<Record<string, FieldRule>>;
  /** Rules by field-name pattern (a RegExp source), tried in order when no exact rule exists. */
  readonly patterns?: readonly { readonly match: string; readonly rule: FieldRule }[];
  /** Rule for fields matched by nothing above. Default: drop (an unknown column may hold anything). */
  readonly otherFields?: FieldRule;
  /** Needed by `pseudonymize` rules. */
  readonly pseudonymizer?: Pseudonymizer;
  /**
   * Last line of defence (default on): a kept, masked or generalised string that still holds 14 or
   * more digits in a row (after removing spaces, dashes and full-width forms) — i.e. something that
   * may be an ID, certificate or bank number — is dropped with `DEID_ID_PATTERN_FOUND`.
   */
  readonly idGuard?: boolean;
}

/**
 * What was done to one field of one record.
 *
 * @example
 * out.fields.resident_id //=> { action: 'pseudonymized', detail: 'HMAC-SHA-256 密钥假名' }
 */
export interface FieldOutcome {
  readonly action: 'kept' | 'dropped' | 'pseudonymized' | 'masked' | 'generalized';
  /** zh-CN detail: the preset, the hierarchy level, why it was dropped. */
  readonly detail?: string;
  /** Set when the field was dropped because of a problem. */
  readonly reason?: DeidErrorCode;
}

/**
 * One output record and, for each of its input fields, what was done.
 *
 * @example
 * for await (const { record, fields } of deidentifyRecords(records, policy)) write(record);
 */
export interface DeidentifiedRecord<T = Record<string, unknown>> {
  readonly record: Partial<T> & Record<string, unknown>;
  readonly fields: Readonly<Record<string, FieldOutcome>>;
}

/**
 * Options of {@link defaultPolicy}.
 *
 * @example
 * defaultPolicy({ pseudonymizer, asOf: '2024-10-31', formVersion: '2021', regionLevel: 3 });
 */
export interface DefaultPolicyOptions {
  /** Given: ID-number fields are replaced by keyed tokens. Absent: they are dropped. */
  readonly pseudonymizer?: Pseudonymizer;
  /** Reference date: birth dates become 5-year age bands at this date (top-coded at 90). Absent: birth year. */
  readonly asOf?: string;
  /**
   * Extra or overriding fields with their identifier class (e.g. approved local extension items);
   * they take precedence over the form's items.
   */
  readonly items?: readonly ClassifiedField[];
  /** Level of {@link HIERARCHIES.regionCode} for `region_code`: 1 township, 2 county (default), 3 prefecture, 4 province. */
  readonly regionLevel?: number;
  /**
   * Form version of the records (default '2017'). The identifier class of every field is read from
   * `@canji/form`'s `personForm(formVersion).items`, so with '2021' R4 联系人姓名 and R5 联系电话 (and
   * their sub-items) are dropped as direct identifiers instead of being read as 2017 R4 婚姻状况 / R5.
   */
  readonly formVersion?: PersonFormVersion;
}

const DATE_FIELDS = new Set(['collected_on', 'declared_on', 'reference_date']);

/**
 * The default policy, from identifier classes (GB/T 37964-2019 §5): direct identifiers are dropped,
 * or pseudonymised when they hold an ID number and a pseudonymizer is given; quasi-identifiers are
 * generalised where a hierarchy exists (region code → county, birth date → age band or year, dates
 * → month) and otherwise kept as codes; sensitive attributes and other fields are kept as codes;
 * free text and unknown fields are dropped. Measure the result with `measureKAnonymity` before
 * releasing it: the default policy does not promise any k.
 *
 * @example
 * const policy = defaultPolicy({ asOf: '2024-10-31' });
 * policy.fields.resident_id //=> { action: 'drop' }
 * policy.fields.birth_date  //=> { action: 'generalize', hierarchy: { kind: 'age', … }, level: 1 }
 */
export function defaultPolicy(options: DefaultPolicyOptions = {}): DeidPolicy {
  const form = formFieldClasses(options.formVersion ?? '2017');
  const classes: Record<string, IdentifierClass> = { ...form.classes };
  const types: Record<string, AnswerType | undefined> = { ...form.types };
  for (const i of options.items ?? []) {
    classes[i.key] = i.identifier;
    types[i.key] = i.type;
  }
  const fields: Record<string, FieldRule> = {};
  for (const [key, cls] of Object.entries(classes)) fields[key] = ruleFor(key, cls, types[key], form, options);
  return {
    fields,
    // Numbered items and sub-items not listed: sensitive attributes, kept as codes; sub-items of a
    // direct identifier (R1 姓名, R2 证号, the contact name and phone items) are direct: dropped.
    patterns: [
      { match: `^r(${form.directItemNumbers.join('|')})(_\\d+)+$`, rule: { action: 'drop' } },
      { match: '^r\\d+(_\\d+)*$', rule: { action: 'keep-coded' } },
    ],
    otherFields: { action: 'drop' },
    ...(options.pseudonymizer ? { pseudonymizer: options.pseudonymizer } : {}),
    idGuard: true,
  };
}

function ruleFor(key: string, cls: IdentifierClass, type: AnswerType | undefined, form: FormFieldClasses, o: DefaultPolicyOptions): FieldRule {
  switch (cls) {
    case 'direct':
      return ID_FIELDS.has(key) && o.pseudonymizer ? { action: 'pseudonymize' } : { action: 'drop' };
    case 'quasi':
      if (key === 'region_code') return { action: 'generalize', hierarchy: HIERARCHIES.regionCode, level: o.regionLevel ?? 2 };
      if (key === 'birth_date') return o.asOf ? { action: 'generalize', hierarchy: ageHierarchy(o.asOf), level: 1 } : { action: 'generalize', hierarchy: HIERARCHIES.date, level: 2 };
      if (type === 'date' || DATE_FIELDS.has(key)) return { action: 'generalize', hierarchy: HIERARCHIES.date, level: 1 };
      if (form.freeText.has(key)) return { action: 'drop' };
      // Coded text (sex 'male'/'female') is kept; free text fails the `keep-coded` test and is dropped.
      return { action: 'keep-coded' };
    case 'sensitive':
    case 'other':
      if (type === 'text' || form.freeText.has(key)) return { action: 'drop' };
      return { action: 'keep-coded' };
    default:
      return cls satisfies never;
  }
}

const CODED_STRING = /^(?:\d{4}-\d{2}(?:-\d{2})?|[0-9A-Za-z_.+*-]{1,12})$/;

function isCoded(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return true;
  if (typeof v === 'string') return CODED_STRING.test(v);
  if (Array.isArray(v)) return v.every((x) => typeof x === 'number' || (typeof x === 'string' && CODED_STRING.test(x)));
  return false;
}

/**
 * True when a value still holds a run of ≥ 14 digits (see {@link DeidPolicy.idGuard}).
 *
 * @example
 * holdsIdLikeNumber('证号 1101 0519 4912 3100 2X') //=> true
 */
export function holdsIdLikeNumber(v: unknown): boolean {
  if (typeof v === 'number') return Math.abs(v) >= 1e13;
  if (typeof v === 'string') {
    if (v.length < 14) return false;
    const s = v.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\-_.·,，:：()（）'"=]/g, '');
    return /\d{14}/.test(s);
  }
  if (Array.isArray(v)) return v.some(holdsIdLikeNumber);
  if (v && typeof v === 'object') return Object.values(v).some(holdsIdLikeNumber);
  return false;
}

/** @internal A policy with per-field rule lookup cached. */
class CompiledPolicy {
  private readonly cache = new Map<string, FieldRule>();
  private readonly problems = new Map<FieldRule, FieldOutcome | null>();
  /** A dropped-with-reason outcome when a rule is invalid (the field is then dropped: fail closed). */
  problem(rule: FieldRule): FieldOutcome | null {
    let p = this.problems.get(rule);
    if (p === undefined) {
      const e = ruleProblem(rule, this.policy);
      p = e && e.code !== 'DEID_PSEUDONYMIZER_MISSING' ? { action: 'dropped', detail: e.message, reason: e.code } : null;
      this.problems.set(rule, p);
    }
    return p;
  }
  private readonly outcomes = new Map<FieldRule, FieldOutcome>();
  /** The (shared, immutable) outcome object of a `mask` or `generalize` rule. */
  outcome(rule: FieldRule & { action: 'mask' | 'generalize' }): FieldOutcome {
    let o = this.outcomes.get(rule);
    if (!o) {
      o = rule.action === 'mask' ? { action: 'masked', detail: rule.preset } : { action: 'generalized', detail: `${rule.hierarchy.kind}:${levelLabel(rule.hierarchy, rule.level)}` };
      this.outcomes.set(rule, o);
    }
    return o;
  }
  private readonly patterns: { re: RegExp; rule: FieldRule }[];
  /** Fields that may need a token: by name when only exact rules pseudonymise, else `null` (scan every key). */
  readonly pseudonymFields: readonly string[] | null;
  constructor(readonly policy: DeidPolicy) {
    const viaPattern = (policy.patterns ?? []).some((p) => p.rule?.action === 'pseudonymize') || policy.otherFields?.action === 'pseudonymize';
    this.pseudonymFields = viaPattern ? null : Object.keys(policy.fields).filter((f) => policy.fields[f]!.action === 'pseudonymize');
    // An invalid pattern matches nothing (its fields fall to `otherFields`, by default dropped).
    this.patterns = (policy.patterns ?? []).flatMap((p) => {
      const re = compilePattern(p.match);
      return re ? [{ re, rule: p.rule }] : [];
    });
  }
  rule(field: string): FieldRule {
    let r = this.cache.get(field);
    if (r === undefined) {
      r = Object.hasOwn(this.policy.fields, field) ? this.policy.fields[field]! : (this.patterns.find((p) => p.re.test(field))?.rule ?? this.policy.otherFields ?? { action: 'drop' });
      this.cache.set(field, r);
    }
    return r;
  }
}

function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

const PRESETS = new Set<string>(MASK_PRESETS.map((p) => p.preset));

function ruleProblem(rule: FieldRule, policy: DeidPolicy): DeidError | undefined {
  switch (rule?.action) {
    case 'keep':
    case 'keep-coded':
    case 'drop':
      return undefined;
    case 'pseudonymize':
      return policy.pseudonymizer ? undefined : { code: 'DEID_PSEUDONYMIZER_MISSING', message: '策略要求假名化但未提供假名器' };
    case 'mask':
      return PRESETS.has(rule.preset) ? undefined : { code: 'DEID_RULE_INVALID', message: `未知的屏蔽预设“${String(rule.preset)}”` };
    case 'generalize': {
      const v = validateHierarchy(rule.hierarchy);
      if (!v.ok) return v.error;
      const h = hierarchyHeight(rule.hierarchy);
      return Number.isInteger(rule.level) && rule.level >= 0 && rule.level <= h ? undefined : { code: 'DEID_LEVEL_INVALID', message: `泛化层级应为0–${h}的整数` };
    }
    default:
      return { code: 'DEID_RULE_INVALID', message: `未知的字段处理方式“${String((rule as { action?: unknown })?.action)}”` };
  }
}

/**
 * Checks a policy before use: known actions and mask presets, valid hierarchies and levels,
 * patterns that compile, a pseudonymizer when a rule needs one. `deidentifyRecords` never fails on
 * a bad rule — it drops the fields the rule governs, with the code as `reason` — so call this
 * first to find the mistake.
 *
 * @example
 * validatePolicy({ fields: { birth_date: { action: 'generalize', hierarchy: HIERARCHIES.date, level: 9 } } })
 * //=> { ok: false, error: { code: 'DEID_LEVEL_INVALID', field: 'birth_date', … } }
 */
export function validatePolicy(policy: DeidPolicy): DeidResult<DeidPolicy> {
  try {
    return validatePolicyUnsafe(policy);
  } catch {
    return deidFail('DEID_RULE_INVALID', '策略无效（应为含 fields 的对象）');
  }
}

function validatePolicyUnsafe(policy: DeidPolicy): DeidResult<DeidPolicy> {
  if (policy === null || typeof policy !== 'object' || policy.fields === null || typeof policy.fields !== 'object') return deidFail('DEID_RULE_INVALID', '策略应为含 fields 的对象');
  const rules: [string, FieldRule][] = [
    ...Object.entries(policy.fields ?? {}),
    ...(policy.patterns ?? []).map((p) => [p.match, p.rule] as [string, FieldRule]),
    ...(policy.otherFields ? [['(otherFields)', policy.otherFields] as [string, FieldRule]] : []),
  ];
  for (const p of policy.patterns ?? []) if (!compilePattern(p.match)) return deidFail('DEID_RULE_INVALID', `字段名模式“${p.match}”不是有效的正则表达式`, p.match);
  for (const [field, rule] of rules) {
    const e = ruleProblem(rule, policy);
    if (e) return { ok: false, error: { ...e, field } };
  }
  return { ok: true, value: policy };
}

const KEPT: FieldOutcome = { action: 'kept' };
const DROPPED: FieldOutcome = { action: 'dropped' };
const FREE_TEXT: FieldOutcome = { action: 'dropped', detail: '自由文本不予发布' };
const GUARD: FieldOutcome = { action: 'dropped', detail: '值中仍含14位以上连续数字，疑似证件号', reason: 'DEID_ID_PATTERN_FOUND' };
const NO_PSEUDONYMIZER: FieldOutcome = { action: 'dropped', detail: '策略要求假名化但未提供假名器', reason: 'DEID_PSEUDONYMIZER_MISSING' };
const PSEUDONYMIZED: FieldOutcome = { action: 'pseudonymized', detail: 'HMAC-SHA-256 密钥假名' };
const NOT_TEXT: FieldOutcome = { action: 'dropped', detail: '非文本值无法屏蔽' };
const INVALID_ID: FieldOutcome = { action: 'dropped', detail: '号码无效，无法假名化', reason: 'DEID_ID_INVALID' };

function applyRules(
  input: Record<string, unknown>,
  compiled: CompiledPolicy,
  tokens: Map<string, PseudonymResult>,
): DeidentifiedRecord {
  const out: Record<string, unknown> = {};
  const fields: Record<string, FieldOutcome> = {};
  const guard = compiled.policy.idGuard !== false;
  for (const key of Object.keys(input)) {
    const value = input[key];
    // `__proto__` (possible in records parsed from JSON) would set the output's prototype.
    if (value === undefined || key === '__proto__') continue;
    const rule = compiled.rule(key);
    const bad = compiled.problem(rule);
    if (bad) {
      fields[key] = bad;
      continue;
    }
    let outcome: FieldOutcome;
    let result: unknown = undefined;
    switch (rule.action) {
      case 'keep':
        result = value;
        outcome = KEPT;
        break;
      case 'keep-coded':
        if (isCoded(value)) {
          result = value;
          outcome = KEPT;
        } else outcome = FREE_TEXT;
        break;
      case 'drop':
        outcome = DROPPED;
        break;
      case 'pseudonymize': {
        if (!compiled.policy.pseudonymizer) {
          outcome = NO_PSEUDONYMIZER;
          break;
        }
        const t = typeof value === 'string' ? tokens.get(value) : undefined;
        if (t?.ok) {
          out[key] = t.value;
          fields[key] = PSEUDONYMIZED;
          continue; // tokens are exempt from the digit guard (they are base64url, not IDs)
        }
        outcome = INVALID_ID;
        break;
      }
      case 'mask':
        result = typeof value === 'string' ? applyMask(value, rule.preset) : undefined;
        outcome = result === undefined ? NOT_TEXT : compiled.outcome(rule);
        break;
      case 'generalize':
        result = generalize(value, rule.hierarchy, rule.level);
        outcome = compiled.outcome(rule);
        break;
      default:
        return rule satisfies never;
    }
    if (result !== undefined && guard && holdsIdLikeNumber(result)) {
      outcome = GUARD;
      result = undefined;
    }
    if (result !== undefined) out[key] = result;
    fields[key] = outcome;
  }
  return { record: out, fields };
}

const CHUNK = 1024;

/**
 * De-identifies a stream of records under a policy. Accepts an array, any iterable or an async
 * iterable (a file reader, a database cursor); records are processed in chunks of 1,024, so memory
 * stays flat. Each output carries the new record and, for every field of the input, what was done
 * (`kept`, `dropped`, `pseudonymized`, `masked`, `generalized`, with a detail and, when a field was
 * dropped because of a problem, a `reason` code).
 *
 * @example
 * const policy = defaultPolicy({ asOf: '2024-10-31' });
 * for await (const { record, fields } of deidentifyRecords(records, policy)) {
 *   record.resident_id   //=> undefined (dropped: no pseudonymizer given)
 *   fields.resident_id   //=> { action: 'dropped' }
 *   record.region_code   //=> '430104' (county)
 * }
 */
export async function* deidentifyRecords<T extends Record<string, unknown>>(
  source: Iterable<T> | AsyncIterable<T>,
  policy: DeidPolicy,
): AsyncGenerator<DeidentifiedRecord<T>, void, undefined> {
  const compiled = new CompiledPolicy(policy);
  let chunk: T[] = [];
  const flush = async function* (): AsyncGenerator<DeidentifiedRecord<T>> {
    const tokens = await tokensFor(chunk, compiled);
    for (const r of chunk) yield applyRules(r, compiled, tokens) as DeidentifiedRecord<T>;
    chunk = [];
  };
  for await (const r of source as AsyncIterable<T>) {
    chunk.push(r);
    if (chunk.length >= CHUNK) yield* flush();
  }
  if (chunk.length) yield* flush();
}

async function tokensFor(records: readonly Record<string, unknown>[], compiled: CompiledPolicy): Promise<Map<string, PseudonymResult>> {
  const p = compiled.policy.pseudonymizer;
  const tokens = new Map<string, PseudonymResult>();
  if (!p) return tokens;
  // One HMAC per person: the ID, its lower-case form and the certificate number share a subject.
  const subjectOf = new Map<string, string | undefined>();
  const subjects: string[] = [];
  const index = new Map<string, number>();
  const visit = (v: unknown) => {
    if (typeof v !== 'string' || subjectOf.has(v)) return;
    const subject = pseudonymSubject(v);
    subjectOf.set(v, subject);
    if (subject !== undefined && !index.has(subject)) {
      index.set(subject, subjects.length);
      subjects.push(subject);
    }
  };
  const named = compiled.pseudonymFields;
  for (const r of records) {
    if (named) for (const key of named) visit(r[key]);
    else for (const key of Object.keys(r)) if (compiled.rule(key).action === 'pseudonymize') visit(r[key]);
  }
  const results = subjects.length ? await p.pseudonymizeMany(subjects) : [];
  for (const [v, subject] of subjectOf) {
    tokens.set(v, subject === undefined ? INVALID_TOKEN : results[index.get(subject)!]!);
  }
  return tokens;
}

const INVALID_TOKEN: PseudonymResult = { ok: false, error: { code: 'DEID_ID_INVALID', message: '不是有效的身份证号或残疾人证号' } };

/**
 * A synchronous de-identifier of one record at a time, for callback-style readers that cannot
 * await (a CSV reader handing on each row as it is split): the same rules and outcomes as
 * {@link deidentifyRecords}. Needs a pseudonymizer with `pseudonymizeSync` (the `node` engine) when
 * the policy pseudonymises; otherwise `DEID_CRYPTO_UNAVAILABLE`.
 *
 * @example
 * const d = recordDeidentifier(defaultPolicy({ asOf: '2024-10-31' }));
 * if (d.ok) d.value({ name: '张三', sex: 'male' }).record //=> { sex: 'male' }
 */
export function recordDeidentifier(policy: DeidPolicy): DeidResult<(record: Readonly<Record<string, unknown>>) => DeidentifiedRecord> {
  if (policy === null || typeof policy !== 'object' || policy.fields === null || typeof policy.fields !== 'object') {
    return deidFail('DEID_RULE_INVALID', '策略应为含 fields 的对象');
  }
  const compiled = new CompiledPolicy(policy);
  const p = policy.pseudonymizer;
  const sync = p?.pseudonymizeSync;
  if (p && !sync) return deidFail('DEID_CRYPTO_UNAVAILABLE', '逐条同步脱敏需要 node:crypto 引擎的假名器（pseudonymizeSync）');
  const named = compiled.pseudonymFields;
  return {
    ok: true,
    value: (record) => {
      const input = record !== null && typeof record === 'object' ? (record as Record<string, unknown>) : {};
      const tokens = new Map<string, PseudonymResult>();
      if (sync) {
        const keys = named ?? Object.keys(input).filter((key) => compiled.rule(key).action === 'pseudonymize');
        for (const key of keys) {
          const v = input[key];
          if (typeof v === 'string' && !tokens.has(v)) tokens.set(v, sync(v));
        }
      }
      return applyRules(input, compiled, tokens);
    },
  };
}

/**
 * Whole-array convenience over {@link deidentifyRecords}.
 *
 * @example
 * const out = await deidentifyAll([{ name: '张三', sex: 'male' }], defaultPolicy());
 * out[0].record //=> { sex: 'male' }
 */
export async function deidentifyAll<T extends Record<string, unknown>>(
  source: Iterable<T> | AsyncIterable<T>,
  policy: DeidPolicy,
): Promise<DeidentifiedRecord<T>[]> {
  const out: DeidentifiedRecord<T>[] = [];
  for await (const r of deidentifyRecords(source, policy)) out.push(r);
  return out;
}

/**
 * A zh-CN description of what a policy does to each of the given fields, for the data-release
 * documentation (数据发布说明).
 *
 * @example
 * describePolicy(defaultPolicy(), ['name', 'region_code'])
 * //=> [{ field: 'name', action: 'drop', description: '删除' }, { field: 'region_code', action: 'generalize', description: '泛化到县级' }]
 */
export function describePolicy(policy: DeidPolicy, fields: readonly string[]): { field: string; action: FieldRule['action']; description: string }[] {
  const compiled = new CompiledPolicy(policy);
  return fields.map((field) => {
    const rule = compiled.rule(field);
    let description: string;
    switch (rule.action) {
      case 'keep':
        description = '保留原值';
        break;
      case 'keep-coded':
        description = '保留代码、数值和日期；自由文本删除';
        break;
      case 'drop':
        description = '删除';
        break;
      case 'pseudonymize':
        description = policy.pseudonymizer ? `替换为密钥假名（HMAC-SHA-256，密钥标识 ${policy.pseudonymizer.keyId}）` : '替换为密钥假名（未提供假名器时删除）';
        break;
      case 'mask':
        description = `屏蔽（${rule.preset}）`;
        break;
      case 'generalize':
        description = `泛化到${levelLabel(rule.hierarchy, rule.level)}`;
        break;
      default:
        return rule satisfies never;
    }
    return { field, action: rule.action, description };
  });
}
