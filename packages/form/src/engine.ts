/**
 * The one compiled validator of a form definition (plain data): conditions, type checks, skip
 * rules and implications are compiled once into closures, so that validating a record is a single
 * pass without allocation on the happy path. The same compiled form serves entry-time validation
 * (every problem, with messages), applicability (which items to ask) and the batch pre-check
 * ("certainly clean": `true` only when the full validation would report nothing). Compiled forms
 * are cached per definition object.
 */
import { BIRTH_YEARS, dateNumber, isCalendarDate, parseDisabilityCertificateNo, parseResidentId, QUICK_ID_ASK_PARSER, QUICK_ID_PROBLEM, quickResidentIdAge, type DateInput, type RegionLookup } from '@canji/id';
import type { CodeList, Condition, FormDefinition, ItemDef } from './types.js';
import { compileTriCondition, ConditionError, F, leafRef, singleComparison, T, U, type Leaf, type TriLeafKit, type Tri } from './compile-condition.js';

export { F, T, U, type Tri };

/**
 * A record as the batch runner holds it: the values of a fixed list of keys by position (one
 * object shape for a whole file), and whether the record has values under other keys.
 */
export interface DenseRecord {
  keys: readonly string[];
  values: readonly unknown[];
  /** The record has defined values under keys outside `keys`. */
  unknownKeys: boolean;
}

/** Per-record evaluation state. */
export interface EvalState {
  vals: unknown[];
  /** Applicability per item: F / T / U, or 3 while not yet computed. */
  app: Uint8Array;
  ruleMemo: Int8Array;
  /** 1 where an applicable, required item has no answer: conditions on it stay undetermined. */
  missingReq: Uint8Array;
  /** 1 where a present value passed its type / code-list check; invalid values decide nothing. */
  valid: Uint8Array;
  age: number | undefined;
  category: number | undefined;
  level: number | undefined;
  complete: boolean;
}

type CondFn = (s: EvalState) => Tri;
type Getter = (rec: Record<string, unknown>) => unknown;

export interface CompiledItem {
  def: ItemDef;
  index: number;
  key: string;
  /** Path in the record: `['r13']` or `['ext', 'sd', 'g1']`. */
  path: readonly string[];
  get: Getter;
  /** The type and code-list check of a present value, specialised for the item (no messages). */
  ok: (v: unknown) => boolean;
  /** `R13 受教育程度` — for messages. */
  title: string;
  display: string;
  asked: CondFn | undefined;
  required: CondFn | undefined;
  rules: number[];
  allowed: Uint8Array | undefined;
  list: CodeList | undefined;
  exclusive: readonly number[] | undefined;
  optionRules: { id: string; code: number; fn: CondFn; note: string }[];
  pattern: RegExp | undefined;
}

export interface CompiledForm {
  form: FormDefinition;
  items: CompiledItem[];
  byKey: Map<string, CompiledItem>;
  rules: { id: string; when: CondFn; note: string }[];
  implications: { id: string; when: CondFn; item: CompiledItem; value: number; note: string }[];
  topKeys: Set<string>;
  extKeys: Map<string, Set<string>>;
  usesAge: boolean;
  /** The identity fields, when the form has them. */
  ident: Identity;
  /** Per key list of a {@link DenseRecord}: where each item sits, and the positions of keys outside the form. */
  dense: WeakMap<readonly string[], { at: Int32Array; extra: Int32Array }>;
  /** A non-proof pass ran since `missingReq` was last cleared. */
  dirty: boolean;
  /** Reused per-record buffers (see `evaluate`). */
  scratch: EvalState;
}

interface Identity {
  cert: CompiledItem | undefined;
  rid: CompiledItem | undefined;
  sex: CompiledItem | undefined;
  birth: CompiledItem | undefined;
  cat: CompiledItem | undefined;
  lvl: CompiledItem | undefined;
  hh: CompiledItem | undefined;
}

const cache = new WeakMap<FormDefinition, CompiledForm>();

function missing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** The facts a form condition may read, and where the state keeps them. */
const FORM_FACTS = { $age: 'age', $category: 'category', $level: 'level' } as const;

/**
 * Compiles a form definition once (cached per definition object). Throws when the definition is
 * inconsistent: a condition that reads a later or unknown item, an unknown code list, a duplicate
 * key, a fact or department field a form cannot read.
 */
export function compileForm(form: FormDefinition): CompiledForm {
  const hit = cache.get(form);
  if (hit) return hit;
  const items: CompiledItem[] = [];
  const byKey = new Map<string, CompiledItem>();
  const topKeys = new Set<string>();
  const extKeys = new Map<string, Set<string>>();
  let usesAge = false;

  const compileCond = (c: Condition, before: number, where: string): CondFn => compileTriCondition<EvalState>(c, (leaf, kit) => compileLeaf(leaf, kit, before, where));
  // Leaves run for every record and item: each is one closure over the state's typed arrays.
  const compileLeaf = (leaf: Leaf, kit: TriLeafKit, before: number, where: string): CondFn => {
    const ref = leafRef(leaf);
    if (ref.source !== 'item') throw new ConditionError('CONDITION_REFERENCE', `${where}：登记表的跳转条件不能引用${ref.source === 'dept' ? '部门数据' : '上一轮记录'}（${ref.name}）`);
    const { test, whenAbsent, whenInvalid } = kit;
    if (ref.name.startsWith('$')) {
      const fact = FORM_FACTS[ref.name as keyof typeof FORM_FACTS];
      if (!fact) throw new ConditionError('CONDITION_REFERENCE', `${where}：登记表的跳转条件只能引用 $age、$category、$level，不能引用 ${ref.name}`);
      if (fact === 'age') usesAge = true;
      // A fact is undetermined while unknown (no certificate, no reference date).
      return (s) => {
        const v = s[fact];
        return v === undefined ? U : test(v) ? T : F;
      };
    }
    const item = byKey.get(ref.name);
    if (!item || item.index >= before) {
      throw new ConditionError('CONDITION_REFERENCE', `${where}: condition refers to ${ref.name}, which is not an earlier item of the form`);
    }
    const j = item.index;
    // An item that is not applicable counts as unanswered; a missing answer is "no" in a complete
    // record and "not yet known" in a partial one. A required answer that is missing is reported
    // once (FORM_REQUIRED); what depends on it stays undetermined instead of cascading into more
    // problems. An invalid value decides nothing but `present`.
    const absent = (s: EvalState): Tri => (s.app[j] === F || (s.complete && s.missingReq[j] !== 1) ? whenAbsent : U);
    // The commonest shapes, fused (same meaning as `test`, see compile-condition.ts).
    const only = singleComparison(leaf);
    if (only === 'eq') {
      const x = leaf.eq;
      return (s) => {
        const v = s.vals[j];
        if (s.app[j] === F || v === undefined || v === null || v === '') return absent(s);
        return s.valid[j] === 1 ? (v === x ? T : F) : whenInvalid;
      };
    }
    if (only === 'present') {
      // A valid present value is answered (a valid multiple-choice answer is never empty).
      const known: Tri = leaf.present ? T : F;
      return (s) => {
        const v = s.vals[j];
        if (s.app[j] === F || v === undefined || v === null || v === '') return absent(s);
        return s.valid[j] === 1 ? known : whenInvalid;
      };
    }
    if (only === 'in' && leaf.in!.length <= 8) {
      const xs = leaf.in!;
      return (s) => {
        const v = s.vals[j];
        if (s.app[j] === F || v === undefined || v === null || v === '') return absent(s);
        return s.valid[j] === 1 ? (xs.includes(v as never) ? T : F) : whenInvalid;
      };
    }
    if (only === 'includes') {
      const x = leaf.includes!;
      return (s) => {
        const v = s.vals[j];
        if (s.app[j] === F || v === undefined || v === null || v === '') return absent(s);
        if (s.valid[j] !== 1) return whenInvalid;
        return (Array.isArray(v) ? v.includes(x) : v === x) ? T : F;
      };
    }
    return (s) => {
      const v = s.vals[j];
      if (s.app[j] === F || v === undefined || v === null || v === '') return absent(s);
      return s.valid[j] === 1 ? (test(v) ? T : F) : whenInvalid;
    };
  };

  form.items.forEach((def, index) => {
    const path = def.key.split('.');
    let get: Getter;
    if (path.length === 1) {
      const k = def.key;
      get = (r) => r[k];
      topKeys.add(k);
    } else {
      const [, id, k] = path as [string, string, string];
      get = (r) => {
        const ext = r.ext as Record<string, Record<string, unknown> | undefined> | undefined;
        return ext && typeof ext === 'object' ? ext[id]?.[k] : undefined;
      };
      topKeys.add('ext');
      if (!extKeys.has(id)) extKeys.set(id, new Set());
      extKeys.get(id)!.add(k);
    }
    const list = def.codeList !== undefined ? form.codeLists[def.codeList] : undefined;
    if (def.codeList !== undefined && !list) throw new Error(`${def.key}: unknown code list ${def.codeList}`);
    let allowed: Uint8Array | undefined;
    if (list) {
      const max = list.open ? (list.openMax ?? 99) : Math.max(0, ...list.entries.map((e) => e.code));
      allowed = new Uint8Array(max + 1);
      if (list.open) allowed.fill(1, 1);
      else for (const e of list.entries) allowed[e.code] = 1;
    }
    const ci: CompiledItem = {
      def,
      index,
      key: def.key,
      path,
      get,
      ok: () => true,
      title: def.code ? `${def.code} ${def.label}` : def.label,
      display: def.code || def.key,
      asked: undefined,
      required: undefined,
      rules: [],
      allowed,
      list,
      exclusive: def.exclusive,
      optionRules: [],
      pattern: def.pattern !== undefined ? new RegExp(def.pattern) : undefined,
    };
    ci.ok = valueCheck(ci);
    if (byKey.has(def.key)) throw new Error(`duplicate item key ${def.key}`);
    byKey.set(def.key, ci);
    items.push(ci);
    if (def.askedWhen) ci.asked = compileCond(def.askedWhen, index, def.key);
    if (def.requiredWhen) ci.required = compileCond(def.requiredWhen, index, def.key);
    for (const o of def.optionRules ?? []) ci.optionRules.push({ id: o.id, code: o.code, fn: compileCond(o.availableWhen, index, `${def.key} ${o.id}`), note: o.note });
  });

  const rules = form.skipRules.map((r, ri) => {
    const targets = r.skip.map((k) => {
      const t = byKey.get(k);
      if (!t) throw new Error(`${r.id}: skips unknown item ${k}`);
      return t;
    });
    const first = Math.min(...targets.map((t) => t.index));
    const when = compileCond(r.when, first, r.id);
    for (const t of targets) t.rules.push(ri);
    return { id: r.id, when, note: r.note ?? r.id };
  });
  // Implications may refer to any item: they are evaluated after all applicability is known.
  const implications = form.implications.map((m) => {
    const item = byKey.get(m.item);
    if (!item) throw new Error(`${m.id}: unknown item ${m.item}`);
    return { id: m.id, when: compileCond(m.when, items.length, m.id), item, value: m.value, note: m.note ?? m.id };
  });
  const scratch: EvalState = {
    vals: new Array<unknown>(items.length).fill(undefined),
    app: new Uint8Array(items.length),
    ruleMemo: new Int8Array(rules.length),
    missingReq: new Uint8Array(items.length),
    valid: new Uint8Array(items.length),
    age: undefined,
    category: undefined,
    level: undefined,
    complete: true,
  };
  const ident: Identity = {
    cert: byKey.get(CERT_KEYS.cert),
    rid: byKey.get(CERT_KEYS.rid),
    sex: byKey.get(CERT_KEYS.sex),
    birth: byKey.get(CERT_KEYS.birth),
    cat: byKey.get(CERT_KEYS.cat),
    lvl: byKey.get(CERT_KEYS.lvl),
    hh: byKey.get(CERT_KEYS.hhid),
  };
  const compiled: CompiledForm = { form, items, byKey, rules, implications, topKeys, extKeys, usesAge, ident, dense: new WeakMap(), dirty: true, scratch };
  cache.set(form, compiled);
  return compiled;
}

/** `YYYY-MM-DD` → [y, m, d] when it is a real calendar date. */
export function parseYmd(s: unknown): [number, number, number] | undefined {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || !isCalendarDate(y, m, d)) return undefined;
  return [y, m, d];
}

export function asOfYmd(asOf: DateInput | undefined): [number, number, number] | undefined {
  if (asOf === undefined) return undefined;
  if (asOf instanceof Date) {
    if (Number.isNaN(asOf.getTime())) return undefined;
    return [asOf.getFullYear(), asOf.getMonth() + 1, asOf.getDate()];
  }
  return parseYmd(asOf);
}

export function ageOn(birth: [number, number, number], at: [number, number, number]): number {
  let a = at[0] - birth[0];
  if (at[1] < birth[1] || (at[1] === birth[1] && at[2] < birth[2])) a--;
  return a;
}

/** Severity of a problem: `error` blocks the record, `warning` asks for a second look. */
export type Severity = 'error' | 'warning';

/**
 * One problem found by `validatePerson`. `code` is stable (`FORM_REQUIRED`, `FORM_CODE_UNKNOWN`,
 * `ID_CHECKSUM` …); `item` is the item number (`R13`) or the field key (`region_code`); `path` is
 * where the value lives in the record; `message` is zh-CN.
 */
export interface FormProblem {
  code: string;
  item: string;
  path: (string | number)[];
  severity: Severity;
  message: string;
  /** The skip rule, implication or option rule that produced it, when one did. */
  rule?: string;
}

/** Options of the form engine's evaluation: reference date and partial records. */
export interface EvaluateOptions {
  /** Reference date for ages (default: the record's `reference_date`). */
  asOf?: DateInput;
  /** A partial record: missing answers are "not yet known", not errors. */
  partial?: boolean;
  /** Region table for the ID checks of `@canji/id`. */
  regions?: RegionLookup;
}

export interface Evaluation {
  state: EvalState;
  problems: FormProblem[];
}

/** Birth years a record can hold without a reference date: those an ID number can carry (`@canji/id`'s `BIRTH_YEARS`). */
const MIN_BIRTH_YEAR = BIRTH_YEARS.min;
const MAX_BIRTH_YEAR = BIRTH_YEARS.max;

/** Whether a valid `YYYY-MM-DD` birth date is not after the reference date (without one: within the years above). */
function birthInRange(v: string, at: [number, number, number] | undefined): boolean {
  const y = (v.charCodeAt(0) - 48) * 1000 + (v.charCodeAt(1) - 48) * 100 + (v.charCodeAt(2) - 48) * 10 + (v.charCodeAt(3) - 48);
  if (!at) return y >= MIN_BIRTH_YEAR && y <= MAX_BIRTH_YEAR;
  const m = (v.charCodeAt(5) - 48) * 10 + (v.charCodeAt(6) - 48);
  const d = (v.charCodeAt(8) - 48) * 10 + (v.charCodeAt(9) - 48);
  return y * 10000 + m * 100 + d <= at[0] * 10000 + at[1] * 100 + at[2];
}

const isoDate3 = (at: [number, number, number]) => `${String(at[0]).padStart(4, '0')}-${String(at[1]).padStart(2, '0')}-${String(at[2]).padStart(2, '0')}`;

function fmtValue(v: unknown): string {
  if (typeof v === 'string') return `“${v}”`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    // A BigInt inside, a cycle, an object without a prototype (no toString): name its kind.
    try {
      return String(v);
    } catch {
      return Array.isArray(v) ? '数组' : typeof v === 'object' ? '对象' : typeof v;
    }
  }
}

const CERT_KEYS = { name: 'name', cert: 'certificate_no', rid: 'resident_id', sex: 'sex', birth: 'birth_date', cat: 'disability_category', lvl: 'disability_level', hhid: 'householder_id' } as const;

/** What one pass over a record does: compute the applicability state, collect every problem, or prove there is none. */
const STATE = 0;
const COLLECT = 1;
const PROVE = 2;
type Mode = typeof STATE | typeof COLLECT | typeof PROVE;

/**
 * Evaluates a record against a compiled form: types, code lists, identity, applicability,
 * implications. With `collect = false` only the applicability state is computed.
 */
export function evaluate(cf: CompiledForm, record: unknown, options: EvaluateOptions, collect: boolean): Evaluation {
  const problems: FormProblem[] = [];
  const state = cf.scratch;
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    reset(cf, state, options.partial !== true);
    problems.push({ code: 'FORM_NOT_OBJECT', item: '', path: [], severity: 'error', message: `记录应为对象，实为 ${record === null ? 'null' : Array.isArray(record) ? '数组' : typeof record}` });
    state.app.fill(U);
    state.vals.fill(undefined);
    return { state, problems };
  }
  const refDate = options.asOf ?? (typeof (record as Record<string, unknown>).reference_date === 'string' ? ((record as Record<string, unknown>).reference_date as string) : undefined);
  run(cf, record as Record<string, unknown>, undefined, refDate, options, collect ? COLLECT : STATE, problems);
  return { state, problems };
}

/**
 * Whether a complete record is certainly free of every problem {@link evaluate} would report (no
 * error and no warning): `false` as soon as anything is wrong or not sure (an unknown key, an ID
 * the fast read leaves to the parser and the parser warns about, an undetermined condition, no
 * valid reference date). The batch rules use it to skip building the problem list of the clean
 * majority; a `false` sends the record through {@link evaluate}. `view` gives the record's values
 * by position (the batch runner's {@link DenseRecord}); `record` is still read for
 * `reference_date` and, for forms with local extensions, for `ext`.
 */
export function isCertainlyClean(cf: CompiledForm, record: Readonly<Record<string, unknown>>, asOf: string | undefined, view?: DenseRecord): boolean {
  const refDate = asOf ?? (typeof record.reference_date === 'string' ? record.reference_date : undefined);
  return run(cf, record as Record<string, unknown>, cf.extKeys.size === 0 ? view : undefined, refDate, NO_OPTIONS, PROVE, undefined);
}

const NO_OPTIONS: EvaluateOptions = {};

function reset(cf: CompiledForm, state: EvalState, complete: boolean): void {
  state.app.fill(3);
  state.ruleMemo.fill(-1);
  state.missingReq.fill(0);
  state.age = undefined;
  state.category = undefined;
  state.level = undefined;
  state.complete = complete;
  state.valid.fill(0);
  cf.dirty = true;
}

/**
 * The reset of a PROVE pass: it returns at the first missing required answer, so `missingReq`
 * stays clear once cleared; applicability is written before it is read, and `valid` is read only
 * for present values, which the pass sets.
 */
function resetForProof(cf: CompiledForm, state: EvalState): void {
  state.ruleMemo.fill(-1);
  if (cf.dirty) {
    state.missingReq.fill(0);
    cf.dirty = false;
  }
  state.category = undefined;
  state.level = undefined;
  state.complete = true;
}

/** Reports unknown fields (top level and under `ext`) into `out`; without `out`, stops at the first. */
function unknownFields(cf: CompiledForm, rec: Record<string, unknown>, out: FormProblem[] | undefined): boolean {
  let found = false;
  for (const k in rec) {
    if (!cf.topKeys.has(k)) {
      if (rec[k] === undefined) continue;
      if (!out) return true;
      found = true;
      out.push({ code: 'FORM_UNKNOWN_FIELD', item: k, path: [k], severity: 'error', message: `未知字段“${k}”不属于${cf.form.title}` });
    } else if (k === 'ext' && rec.ext !== undefined) {
      const ext = rec.ext;
      if (ext === null || typeof ext !== 'object' || Array.isArray(ext)) {
        if (!out) return true;
        found = true;
        out.push({ code: 'FORM_TYPE', item: 'ext', path: ['ext'], severity: 'error', message: '扩展项 ext 应为对象' });
        continue;
      }
      for (const id in ext as Record<string, unknown>) {
        const keys = cf.extKeys.get(id);
        const inner = (ext as Record<string, unknown>)[id];
        if (!keys) {
          if (!out) return true;
          found = true;
          out.push({ code: 'FORM_UNKNOWN_FIELD', item: `ext.${id}`, path: ['ext', id], severity: 'error', message: `未知的地方扩展“${id}”` });
          continue;
        }
        if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
          if (!out) return true;
          found = true;
          out.push({ code: 'FORM_TYPE', item: `ext.${id}`, path: ['ext', id], severity: 'error', message: `扩展项 ext.${id} 应为对象` });
          continue;
        }
        for (const k2 in inner as Record<string, unknown>) {
          if (!keys.has(k2) && (inner as Record<string, unknown>)[k2] !== undefined) {
            if (!out) return true;
            found = true;
            out.push({ code: 'FORM_UNKNOWN_FIELD', item: `ext.${id}.${k2}`, path: ['ext', id, k2], severity: 'error', message: `未知字段“${k2}”不属于扩展“${id}”` });
          }
        }
      }
    }
  }
  return found;
}

/** Where each item sits in a dense record's key list, and which of its keys are outside the form. */
function denseLayout(cf: CompiledForm, keys: readonly string[]): { at: Int32Array; extra: Int32Array } {
  let m = cf.dense.get(keys);
  if (!m) {
    const pos = new Map(keys.map((k, i) => [k, i]));
    m = { at: Int32Array.from(cf.items, (it) => pos.get(it.key) ?? -1), extra: Int32Array.from(keys.flatMap((k, i) => (cf.topKeys.has(k) ? [] : [i]))) };
    cf.dense.set(keys, m);
  }
  return m;
}

/** The 18-character ID `id` carries exactly the birth date `text` (`YYYY-MM-DD`). */
function sameBirth(text: unknown, id: string): boolean {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 4; i++) if (text.charCodeAt(i) !== id.charCodeAt(6 + i)) return false;
  return text.charCodeAt(5) === id.charCodeAt(10) && text.charCodeAt(6) === id.charCodeAt(11) && text.charCodeAt(8) === id.charCodeAt(12) && text.charCodeAt(9) === id.charCodeAt(13);
}

function birthOfId(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

function sexOfId(id: string): 'male' | 'female' {
  return (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
}

let lastRef: string | undefined;
let lastRefYmd: [number, number, number] | undefined;
/** {@link asOfYmd}, remembered for the last string (a batch has one reference date). */
function refYmd(refDate: DateInput | undefined): [number, number, number] | undefined {
  if (typeof refDate !== 'string') return asOfYmd(refDate);
  if (refDate !== lastRef) {
    lastRefYmd = asOfYmd(refDate);
    lastRef = refDate;
  }
  return lastRefYmd;
}

/**
 * One pass over a record. STATE computes the applicability state only; COLLECT also reports every
 * problem into `problems`; PROVE returns `false` at the first problem (or anything undetermined)
 * and `true` when there is none. The identity fields are read with `@canji/id`'s fast read when it
 * is sure, and with its parsers otherwise (always with a custom region table).
 */
function run(cf: CompiledForm, rec: Record<string, unknown>, view: DenseRecord | undefined, refDate: DateInput | undefined, options: EvaluateOptions, mode: Mode, problems: FormProblem[] | undefined): boolean {
  const collect = mode === COLLECT;
  const prove = mode === PROVE;
  const out = collect ? problems : undefined;
  const n = cf.items.length;
  const items = cf.items;
  // Validation is synchronous and conditions never re-enter it, so the per-record buffers are
  // reused from the compiled form instead of allocated per record.
  const state = cf.scratch;
  if (prove) resetForProof(cf, state);
  else reset(cf, state, options.partial !== true);
  const valid = state.valid;
  const vals = state.vals;

  // Unknown fields, values and type checks.
  if (view) {
    if (view.unknownKeys) return false;
    const m = denseLayout(cf, view.keys);
    const dense = view.values;
    const extra = m.extra;
    for (let i = 0; i < extra.length; i++) if (dense[extra[i]!] !== undefined) return false;
    const at = m.at;
    for (let i = 0; i < n; i++) {
      const p = at[i]!;
      const v = p < 0 ? undefined : dense[p];
      vals[i] = v;
      if (missing(v)) continue;
      if (!items[i]!.ok(v)) return false;
      valid[i] = 1;
    }
  } else {
    if (mode !== STATE && unknownFields(cf, rec, out) && prove) return false;
    for (let i = 0; i < n; i++) {
      const it = items[i]!;
      const v = it.get(rec);
      vals[i] = v;
      if (missing(v)) continue;
      if (it.ok(v)) valid[i] = 1;
      else if (prove) return false;
      else if (collect) checkValue(it, v, out);
    }
  }

  // Identity: certificate number → category, level, birth date; resident ID must agree.
  const at = refYmd(refDate);
  if (prove && !at) return false; // no or invalid reference date: the full pass reports it
  if (collect && options.asOf !== undefined && !at) {
    out!.push({ code: 'FORM_AS_OF_INVALID', item: 'reference_date', path: [], severity: 'error', message: `参考日期 asOf 无效：${String(options.asOf)}` });
  }
  // The fast read is the parsers' verdict without a region table and with a reference date.
  const quick = at !== undefined && options.regions === undefined;
  const idOpts: { asOf?: DateInput; regions?: RegionLookup } = {};
  if (at) idOpts.asOf = refDate!;
  if (options.regions) idOpts.regions = options.regions;
  const id = cf.ident;
  // The birth date is carried by an ID number (`birthId`, characters 7–14) or given as text.
  let birthId: string | undefined;
  let birthText: string | undefined;
  let age: number | undefined;
  let idFromCert: string | undefined;
  let sexFromId: string | undefined;
  const ridVal = id.rid ? vals[id.rid.index] : undefined;
  const ridGiven = typeof ridVal === 'string' && ridVal !== '';
  const ridQuick = ridGiven && quick ? quickResidentIdAge(ridVal, at) : QUICK_ID_ASK_PARSER;
  if (prove && ridQuick === QUICK_ID_PROBLEM) return false;
  const certItem = id.cert;
  const certVal = certItem ? vals[certItem.index] : undefined;
  if (certItem && typeof certVal === 'string' && certVal !== '') {
    let fast = false;
    const cc = certVal.charCodeAt(18) - 48;
    const lc = certVal.charCodeAt(19) - 48;
    if (quick && certVal.length === 20 && cc >= 1 && cc <= 7 && lc >= 1 && lc <= 4) {
      // A plain certificate number: a valid citizen number and two digits (category, level).
      if (ridQuick >= 0 && certVal.startsWith(ridVal as string)) {
        idFromCert = ridVal as string;
        age = ridQuick;
        fast = true;
      } else {
        const part = certVal.slice(0, 18);
        const q = quickResidentIdAge(part, at);
        if (prove && q === QUICK_ID_PROBLEM) return false;
        if (q >= 0) {
          idFromCert = part;
          age = q;
          fast = true;
        }
      }
    }
    if (fast) {
      state.category = cc;
      state.level = lc;
      birthId = idFromCert;
    } else {
      const r = parseDisabilityCertificateNo(certVal, idOpts);
      if (r.ok) {
        if (prove && r.warnings.length > 0) return false;
        state.category = r.value.category;
        state.level = r.value.level;
        birthText = r.value.residentId.birthDate;
        idFromCert = r.value.residentId.id;
        if (collect) for (const w of r.warnings) out!.push({ code: w.code, item: certItem.display, path: [certItem.key], severity: 'warning', message: `${certItem.title}：${w.message}` });
      } else if (prove) {
        return false;
      } else if (collect) {
        out!.push({ code: r.error.code, item: certItem.display, path: [certItem.key], severity: 'error', message: `${certItem.title}：${r.error.message}` });
      }
    }
  }
  const ridItem = id.rid;
  if (ridItem && ridGiven && ridVal === idFromCert) {
    // Already read as the first 18 characters of the certificate number.
    sexFromId = sexOfId(ridVal);
  } else if (ridItem && ridGiven && ridQuick >= 0) {
    // A valid citizen number the parser would pass without a warning.
    if (birthId === undefined && birthText === undefined) {
      birthId = ridVal;
      age = ridQuick;
    }
    sexFromId = sexOfId(ridVal);
    if (idFromCert !== undefined) {
      if (prove) return false;
      if (collect) out!.push(certIdMismatch(ridItem, ridVal, idFromCert));
    }
  } else if (ridItem && ridGiven) {
    const r = parseResidentId(ridVal, idOpts);
    if (r.ok) {
      if (prove && r.warnings.length > 0) return false;
      if (birthId === undefined && birthText === undefined) birthText = r.value.birthDate;
      sexFromId = r.value.sex;
      if (idFromCert !== undefined && idFromCert !== r.value.id && prove) return false;
      if (collect) {
        for (const w of r.warnings) out!.push({ code: w.code, item: ridItem.display, path: [ridItem.key], severity: 'warning', message: `${ridItem.title}：${w.message}` });
        if (idFromCert !== undefined && idFromCert !== r.value.id) out!.push(certIdMismatch(ridItem, r.value.id, idFromCert));
      }
    } else if (prove) {
      return false;
    } else if (collect) {
      out!.push({ code: r.error.code, item: ridItem.display, path: [ridItem.key], severity: 'error', message: `${ridItem.title}：${r.error.message}` });
    }
  } else if (idFromCert !== undefined) {
    sexFromId = sexOfId(idFromCert);
  }
  // Derived fields: when present they must agree with the certificate / ID number; without one,
  // the given value feeds the conditions.
  if (id.sex) {
    const v = vals[id.sex.index];
    if (!missing(v) && sexFromId !== undefined && valid[id.sex.index] && v !== sexFromId) {
      if (prove) return false;
      if (collect) out!.push(derivedMismatch(id.sex, v, sexFromId));
    }
  }
  if (id.birth) {
    const bi = id.birth.index;
    const v = vals[bi];
    if (!missing(v)) {
      if (birthId !== undefined || birthText !== undefined) {
        if (valid[bi] && !(birthId !== undefined ? sameBirth(v, birthId) : v === birthText)) {
          if (prove) return false;
          if (collect) out!.push(derivedMismatch(id.birth, v, birthText ?? birthOfId(birthId!)));
        }
      } else if (valid[bi]) birthText = v as string;
      if (valid[bi] && !birthInRange(v as string, at)) {
        if (prove) return false;
        if (collect) out!.push({ code: 'FORM_DATE_RANGE', item: id.birth.display, path: [id.birth.key], severity: 'error', message: at ? `${id.birth.title}：${v as string} 晚于标准时点 ${isoDate3(at)}` : `${id.birth.title}：${v as string} 不在 ${MIN_BIRTH_YEAR}–${MAX_BIRTH_YEAR} 年之间` });
      }
    }
  }
  if (id.cat) {
    const ci = id.cat.index;
    const v = vals[ci];
    if (!missing(v)) {
      if (state.category === undefined) {
        if (valid[ci]) state.category = v as number;
      } else if (valid[ci] && v !== state.category) {
        if (prove) return false;
        if (collect) out!.push(derivedMismatch(id.cat, v, state.category));
      }
    }
  }
  if (id.lvl) {
    const li = id.lvl.index;
    const v = vals[li];
    if (!missing(v)) {
      if (state.level === undefined) {
        if (valid[li]) state.level = v as number;
      } else if (valid[li] && v !== state.level) {
        if (prove) return false;
        if (collect) out!.push(derivedMismatch(id.lvl, v, state.level));
      }
    }
  }
  const hh = id.hh;
  const hhVal = hh ? vals[hh.index] : undefined;
  // Only errors of the householder's number are reported (not its warnings).
  if (mode !== STATE && hh && typeof hhVal === 'string' && hhVal !== '' && hhVal !== idFromCert && !(quick && quickResidentIdAge(hhVal, at) >= 0)) {
    const r = parseResidentId(hhVal, idOpts);
    if (!r.ok) {
      if (prove) return false;
      out!.push({ code: r.error.code, item: hh.display, path: [hh.key], severity: 'error', message: `${hh.title}：${r.error.message}` });
    }
  }
  if (age === undefined && birthText !== undefined && at) {
    const b = parseYmd(birthText);
    if (b) age = ageOn(b, at);
  }
  state.age = age;
  if (collect && cf.usesAge && !at && refDate === undefined) {
    out!.push({ code: 'FORM_AS_OF_MISSING', item: 'reference_date', path: ['reference_date'], severity: 'warning', message: '没有参考日期（reference_date 或 asOf），与年龄有关的跳转无法判断' });
  }

  // Applicability, in form order (conditions refer only to earlier items).
  const app = state.app;
  for (let i = 0; i < n; i++) {
    const it = items[i]!;
    // Skip rules first, so that a skipped item names the rule that skipped it.
    let a: Tri = T;
    let by: number | -1 = -1;
    const rules = it.rules;
    for (let q = 0; q < rules.length; q++) {
      const ri = rules[q]!;
      const w = ruleVal(cf, state, ri);
      if (w === T) {
        a = F;
        by = ri;
        break;
      }
      if (w === U) {
        if (prove) return false;
        a = U;
      }
    }
    if (a !== F && it.asked) {
      const q = it.asked(state);
      if (q === U && prove) return false;
      if (q !== T) a = q;
    }
    app[i] = a;
    const v = vals[i];
    if (missing(v)) {
      if (a === T && state.complete && it.def.optional !== true) {
        const req = it.required ? it.required(state) : T;
        if (req === T) {
          if (prove) return false;
          state.missingReq[i] = 1;
          if (collect) out!.push({ code: 'FORM_REQUIRED', item: it.display, path: [...it.path], severity: 'error', message: `${it.title}：应填写但未填写` });
        } else if (req === U && prove) return false;
      }
      continue;
    }
    if (mode === STATE) continue;
    if (a === F) {
      if (prove) return false;
      const rule = by >= 0 ? cf.rules[by]! : undefined;
      const p: FormProblem = {
        code: 'FORM_NOT_APPLICABLE',
        item: it.display,
        path: [...it.path],
        severity: 'error',
        message: `${it.title}：按跳转规则不应填写${rule ? `（${rule.note}）` : ''}`,
      };
      if (rule) p.rule = rule.id;
      out!.push(p);
    } else if (it.optionRules.length > 0 && valid[i]) {
      for (const o of it.optionRules) {
        const has = Array.isArray(v) ? v.includes(o.code) : v === o.code;
        if (!has) continue;
        const w = o.fn(state);
        if (prove && w !== T) return false;
        if (w === F) out!.push({ code: 'FORM_OPTION_NOT_AVAILABLE', item: it.display, path: [...it.path], severity: 'error', rule: o.id, message: `${it.title}：选项 ${o.code} 不可选（${o.note}）` });
      }
    }
  }
  if (mode !== STATE) {
    for (const m of cf.implications) {
      const i = m.item.index;
      const v = vals[i];
      if (missing(v) || app[i] === F || !valid[i] || v === m.value) continue;
      const w = m.when(state);
      if (prove && w !== F) return false;
      if (w === T) out!.push({ code: 'FORM_IMPLIED_VALUE', item: m.item.display, path: [...m.item.path], severity: 'error', rule: m.id, message: `${m.item.title}：应为 ${m.value}（${m.note}）` });
    }
  }
  return true;
}

function certIdMismatch(ridItem: CompiledItem, rid: string, idFromCert: string): FormProblem {
  // A warning, not an error: ID numbers are occasionally corrected without the certificate being
  // reissued (docs/guides/policy-basis.md §5, [inf]); the office verifies which one is current.
  return { code: 'FORM_IDENTITY_MISMATCH', item: ridItem.display, path: [ridItem.key], severity: 'warning', message: `公民身份号码 ${rid} 与残疾人证号前18位 ${idFromCert} 不一致（身份证号更正后证件可能未换发），请核实` };
}

function derivedMismatch(it: CompiledItem, v: unknown, expected: unknown): FormProblem {
  return { code: 'FORM_IDENTITY_MISMATCH', item: it.display, path: [it.key], severity: 'error', message: `${it.title} ${fmtValue(v)} 与证号导出的 ${fmtValue(expected)} 不一致` };
}

/** A skip rule's value for the current record, computed once (memoised per record). */
function ruleVal(cf: CompiledForm, state: EvalState, ri: number): Tri {
  let m = state.ruleMemo[ri]!;
  if (m < 0) {
    m = cf.rules[ri]!.when(state);
    state.ruleMemo[ri] = m;
  }
  return m as Tri;
}

function report(it: CompiledItem, out: FormProblem[] | undefined, code: string, message: string, path?: (string | number)[]): false {
  out?.push({ code, item: it.display, path: path ?? [...it.path], severity: 'error', message: `${it.title}：${message}` });
  return false;
}

/** Type and code-list check of one present value; reports into `out` when given. */
function checkValue(it: CompiledItem, v: unknown, out: FormProblem[] | undefined): boolean {
  const def = it.def;
  switch (def.type) {
    case 'single':
    case 'yesno': {
      if (typeof v !== 'number' || !Number.isInteger(v)) return report(it, out, 'FORM_TYPE', `应为代码（整数），实为 ${fmtValue(v)}`);
      if (!it.allowed || v < 0 || v >= it.allowed.length || it.allowed[v] !== 1) return report(it, out, 'FORM_CODE_UNKNOWN', `代码 ${v} 不在代码表“${it.list?.title ?? ''}”中`);
      return true;
    }
    case 'multiple': {
      if (!Array.isArray(v)) return report(it, out, 'FORM_TYPE', `多选题应为代码数组，实为 ${fmtValue(v)}`);
      if (v.length === 0) return report(it, out, 'FORM_MULTI_EMPTY', '多选题不能是空数组（未答请不填）');
      let ok = true;
      const allowed = it.allowed!;
      for (let k = 0; k < v.length; k++) {
        const c = v[k];
        if (typeof c !== 'number' || !Number.isInteger(c)) {
          ok = report(it, out, 'FORM_TYPE', `第 ${k + 1} 个选项应为代码（整数），实为 ${fmtValue(c)}`, [...it.path, k]);
        } else if (c < 0 || c >= allowed.length || allowed[c] !== 1) {
          ok = report(it, out, 'FORM_CODE_UNKNOWN', `代码 ${c} 不在代码表“${it.list?.title ?? ''}”中`, [...it.path, k]);
        } else if (k > 0 && v.indexOf(c) < k) {
          ok = report(it, out, 'FORM_MULTI_DUPLICATE', `代码 ${c} 重复`, [...it.path, k]);
        }
      }
      if (ok && it.exclusive && v.length > 1) {
        for (const x of it.exclusive) {
          if (v.includes(x)) {
            const label = it.list?.entries.find((e) => e.code === x)?.label ?? String(x);
            ok = report(it, out, 'FORM_EXCLUSIVE', `选项 ${x}（${label}）不能与其他选项同时选择`);
          }
        }
      }
      return ok;
    }
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return report(it, out, 'FORM_TYPE', `应为数值，实为 ${fmtValue(v)}`);
      if ((def.min !== undefined && v < def.min) || (def.max !== undefined && v > def.max)) return report(it, out, 'FORM_RANGE', `${v} 超出范围 ${def.min ?? '-∞'}–${def.max ?? '∞'}`);
      return true;
    }
    case 'text': {
      if (typeof v !== 'string') return report(it, out, 'FORM_TYPE', `应为文本，实为 ${fmtValue(v)}`);
      if (def.maxLength !== undefined && v.length > def.maxLength) return report(it, out, 'FORM_TEXT_LENGTH', `超过 ${def.maxLength} 个字符`);
      if (it.pattern && !it.pattern.test(v)) return report(it, out, 'FORM_PATTERN', `格式不符：${fmtValue(v)}`);
      return true;
    }
    case 'date': {
      if (!parseYmd(v)) return report(it, out, 'FORM_DATE', `应为 YYYY-MM-DD 格式的有效日期，实为 ${fmtValue(v)}`);
      return true;
    }
    default:
      return def.type satisfies never;
  }
}

/**
 * {@link parseYmd}'s verdict: `@canji/id`'s `dateNumber` reads ASCII digits directly; anything it
 * refuses gets parseYmd's own reading (`Number` on the slices), so the verdict is the same.
 */
function isYmd(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  return dateNumber(v) !== undefined || parseYmd(v) !== undefined;
}

/**
 * The verdict of {@link checkValue} for one item as a specialised function, without messages:
 * it runs on every present value, and `checkValue` only on the values it rejects.
 */
function valueCheck(it: CompiledItem): (v: unknown) => boolean {
  const def = it.def;
  switch (def.type) {
    case 'single':
    case 'yesno': {
      const allowed = it.allowed;
      if (!allowed) return () => false;
      const len = allowed.length;
      return (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < len && allowed[v] === 1;
    }
    case 'multiple': {
      const allowed = it.allowed;
      if (!allowed) return () => false;
      const len = allowed.length;
      const exclusive = def.exclusive && def.exclusive.length > 0 ? def.exclusive : undefined;
      return (v) => {
        if (!Array.isArray(v) || v.length === 0) return false;
        for (let k = 0; k < v.length; k++) {
          const c = v[k];
          if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= len || allowed[c] !== 1) return false;
          for (let j = 0; j < k; j++) if (v[j] === c) return false;
        }
        if (exclusive && v.length > 1) for (let k = 0; k < exclusive.length; k++) if (v.includes(exclusive[k])) return false;
        return true;
      };
    }
    case 'number': {
      const min = def.min ?? -Infinity;
      const max = def.max ?? Infinity;
      return (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
    }
    case 'text': {
      const maxLength = def.maxLength ?? Infinity;
      const pattern = it.pattern;
      return (v) => typeof v === 'string' && v.length <= maxLength && !(pattern && !pattern.test(v));
    }
    case 'date':
      return isYmd;
    default:
      return def.type satisfies never;
  }
}
