/**
 * Compiles a form definition (plain data) once into closures — conditions, type checks, skip
 * rules — so that validating a record is a single pass without allocation on the happy path.
 * Compiled forms are cached per definition object.
 */
import { isCalendarDate, parseDisabilityCertificateNo, parseResidentId, type DateInput, type RegionLookup } from '@canji/id';
import type { CodeList, Condition, FormDefinition, ItemDef } from './types.js';

import { compileTriCondition, F, T, U, type ItemCondition, type Tri } from './tri.js';

export { F, T, U, type Tri };

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
  /** Reused per-record buffers (see `evaluate`). */
  scratch: EvalState;
}

const cache = new WeakMap<FormDefinition, CompiledForm>();

function missing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

export function compileForm(form: FormDefinition): CompiledForm {
  const hit = cache.get(form);
  if (hit) return hit;
  const items: CompiledItem[] = [];
  const byKey = new Map<string, CompiledItem>();
  const topKeys = new Set<string>();
  const extKeys = new Map<string, Set<string>>();
  let usesAge = false;

  const compileCond = (c: Condition, before: number, where: string): CondFn =>
    compileTriCondition<EvalState>(c, (ic) => itemTest(ic, before, where), () => (usesAge = true));
  const itemTest = (c: ItemCondition, before: number, where: string): CondFn => {
    const ref = byKey.get(c.item);
    if (!ref || ref.index >= before) {
      throw new Error(`${where}: condition refers to ${c.item}, which is not an earlier item of the form`);
    }
    const j = ref.index;
    // An item that is not applicable counts as unanswered; a missing answer is "no" in a complete
    // record and "not yet known" in a partial one.
    // A required answer that is missing is reported once (FORM_REQUIRED); what depends on it stays
    // undetermined instead of cascading into more problems.
    const absent = (s: EvalState): Tri => (s.app[j] === F ? F : s.complete && s.missingReq[j] !== 1 ? F : U);
    if ('answered' in c) {
      const want = c.answered;
      return (s) => {
        const v = s.vals[j];
        const a = s.app[j];
        if (missing(v) || a === F) {
          if (a === F || (s.complete && s.missingReq[j] !== 1)) return want ? F : T;
          return U;
        }
        return want ? T : F;
      };
    }
    if ('eq' in c) {
      const x = c.eq;
      return (s) => {
        const v = s.vals[j];
        if (missing(v) || s.app[j] === F) return absent(s);
        if (s.valid[j] !== 1) return U;
        return v === x ? T : F;
      };
    }
    if ('in' in c) {
      const xs = c.in;
      return (s) => {
        const v = s.vals[j];
        if (missing(v) || s.app[j] === F) return absent(s);
        if (s.valid[j] !== 1) return U;
        return xs.includes(v as number | string) ? T : F;
      };
    }
    if ('includes' in c) {
      const x = c.includes;
      return (s) => {
        const v = s.vals[j];
        if (missing(v) || s.app[j] === F) return absent(s);
        if (s.valid[j] !== 1) return U;
        return Array.isArray(v) && v.includes(x) ? T : F;
      };
    }
    const xs = c.includesAny;
    return (s) => {
      const v = s.vals[j];
      if (missing(v) || s.app[j] === F) return absent(s);
      if (s.valid[j] !== 1) return U;
        return Array.isArray(v) && v.some((e) => xs.includes(e as number)) ? T : F;
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
  const compiled: CompiledForm = { form, items, byKey, rules, implications, topKeys, extKeys, usesAge, scratch };
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

function fmtValue(v: unknown): string {
  if (typeof v === 'string') return `“${v}”`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const CERT_KEYS = { name: 'name', cert: 'certificate_no', rid: 'resident_id', sex: 'sex', birth: 'birth_date', cat: 'disability_category', lvl: 'disability_level', hhid: 'householder_id' } as const;

/**
 * Evaluates a record against a compiled form: types, code lists, identity, applicability,
 * implications. With `collect = false` only the applicability state is computed.
 */
export function evaluate(cf: CompiledForm, record: unknown, options: EvaluateOptions, collect: boolean): Evaluation {
  const problems: FormProblem[] = [];
  const n = cf.items.length;
  // Validation is synchronous and conditions never re-enter it, so the per-record buffers are
  // reused from the compiled form instead of allocated per record.
  const state = cf.scratch;
  state.app.fill(3);
  state.ruleMemo.fill(-1);
  state.missingReq.fill(0);
  state.age = undefined;
  state.category = undefined;
  state.level = undefined;
  state.complete = options.partial !== true;
  const valid = state.valid;
  valid.fill(0);
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    problems.push({ code: 'FORM_NOT_OBJECT', item: '', path: [], severity: 'error', message: `记录应为对象，实为 ${record === null ? 'null' : Array.isArray(record) ? '数组' : typeof record}` });
    state.app.fill(U);
    state.vals.fill(undefined);
    return { state, problems };
  }
  const rec = record as Record<string, unknown>;

  if (collect) {
    for (const k in rec) {
      if (!cf.topKeys.has(k)) {
        if (rec[k] === undefined) continue;
        problems.push({ code: 'FORM_UNKNOWN_FIELD', item: k, path: [k], severity: 'error', message: `未知字段“${k}”不属于${cf.form.title}` });
      } else if (k === 'ext' && rec.ext !== undefined) {
        const ext = rec.ext;
        if (ext === null || typeof ext !== 'object' || Array.isArray(ext)) {
          problems.push({ code: 'FORM_TYPE', item: 'ext', path: ['ext'], severity: 'error', message: '扩展项 ext 应为对象' });
          continue;
        }
        for (const id in ext as Record<string, unknown>) {
          const keys = cf.extKeys.get(id);
          const inner = (ext as Record<string, unknown>)[id];
          if (!keys) {
            problems.push({ code: 'FORM_UNKNOWN_FIELD', item: `ext.${id}`, path: ['ext', id], severity: 'error', message: `未知的地方扩展“${id}”` });
            continue;
          }
          if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) {
            problems.push({ code: 'FORM_TYPE', item: `ext.${id}`, path: ['ext', id], severity: 'error', message: `扩展项 ext.${id} 应为对象` });
            continue;
          }
          for (const k2 in inner as Record<string, unknown>) {
            if (!keys.has(k2) && (inner as Record<string, unknown>)[k2] !== undefined) {
              problems.push({ code: 'FORM_UNKNOWN_FIELD', item: `ext.${id}.${k2}`, path: ['ext', id, k2], severity: 'error', message: `未知字段“${k2}”不属于扩展“${id}”` });
            }
          }
        }
      }
    }
  }

  // Values and type checks.
  for (let i = 0; i < n; i++) {
    const it = cf.items[i]!;
    const v = it.get(rec);
    state.vals[i] = v;
    if (missing(v)) continue;
    const ok = checkValue(it, v, collect ? problems : undefined);
    valid[i] = ok ? 1 : 0;
  }

  // Identity: certificate number → category, level, birth date; resident ID must agree.
  const refDate = options.asOf ?? (typeof rec.reference_date === 'string' ? rec.reference_date : undefined);
  const at = asOfYmd(refDate);
  if (collect && options.asOf !== undefined && !at) {
    problems.push({ code: 'FORM_AS_OF_INVALID', item: 'reference_date', path: [], severity: 'error', message: `参考日期 asOf 无效：${String(options.asOf)}` });
  }
  const idOpts: { asOf?: DateInput; regions?: RegionLookup } = {};
  if (at) idOpts.asOf = refDate!;
  if (options.regions) idOpts.regions = options.regions;
  let birth: string | undefined;
  let idFromCert: string | undefined;
  const certItem = cf.byKey.get(CERT_KEYS.cert);
  const certVal = certItem ? state.vals[certItem.index] : undefined;
  if (certItem && typeof certVal === 'string' && certVal !== '') {
    const r = parseDisabilityCertificateNo(certVal, idOpts);
    if (r.ok) {
      state.category = r.value.category;
      state.level = r.value.level;
      birth = r.value.residentId.birthDate;
      idFromCert = r.value.residentId.id;
      if (collect) for (const w of r.warnings) problems.push({ code: w.code, item: certItem.display, path: [certItem.key], severity: 'warning', message: `${certItem.title}：${w.message}` });
    } else if (collect) {
      problems.push({ code: r.error.code, item: certItem.display, path: [certItem.key], severity: 'error', message: `${certItem.title}：${r.error.message}` });
    }
  }
  const ridItem = cf.byKey.get(CERT_KEYS.rid);
  const ridVal = ridItem ? state.vals[ridItem.index] : undefined;
  let sexFromId: string | undefined;
  if (ridItem && typeof ridVal === 'string' && ridVal !== '' && ridVal === idFromCert) {
    // Already parsed as the first 18 characters of the certificate number.
    sexFromId = ridVal.charCodeAt(16) % 2 === 1 ? 'male' : 'female';
  } else if (ridItem && typeof ridVal === 'string' && ridVal !== '') {
    const r = parseResidentId(ridVal, idOpts);
    if (r.ok) {
      birth ??= r.value.birthDate;
      sexFromId = r.value.sex;
      if (collect) {
        for (const w of r.warnings) problems.push({ code: w.code, item: ridItem.display, path: [ridItem.key], severity: 'warning', message: `${ridItem.title}：${w.message}` });
        if (idFromCert !== undefined && idFromCert !== r.value.id) {
          // A warning, not an error: ID numbers are occasionally corrected without the certificate
          // being reissued (docs/guides/policy-basis.md §5, [inf]); the office verifies which one is current.
          problems.push({ code: 'FORM_IDENTITY_MISMATCH', item: ridItem.display, path: [ridItem.key], severity: 'warning', message: `公民身份号码 ${r.value.id} 与残疾人证号前18位 ${idFromCert} 不一致（身份证号更正后证件可能未换发），请核实` });
        }
      }
    } else if (collect) {
      problems.push({ code: r.error.code, item: ridItem.display, path: [ridItem.key], severity: 'error', message: `${ridItem.title}：${r.error.message}` });
    }
  } else if (idFromCert !== undefined) {
    sexFromId = idFromCert.charCodeAt(16) % 2 === 1 ? 'male' : 'female';
  }
  // Derived fields: when present they must agree with the certificate / ID number.
  const derived: [string, unknown][] = [
    [CERT_KEYS.sex, sexFromId],
    [CERT_KEYS.birth, birth],
    [CERT_KEYS.cat, state.category],
    [CERT_KEYS.lvl, state.level],
  ];
  for (const [key, expected] of derived) {
    const it = cf.byKey.get(key);
    if (!it) continue;
    const v = state.vals[it.index];
    if (missing(v)) continue;
    if (expected === undefined) {
      // No certificate to compare with: use the given value for conditions.
      if (valid[it.index] && key === CERT_KEYS.cat) state.category = v as number;
      if (valid[it.index] && key === CERT_KEYS.lvl) state.level = v as number;
      if (valid[it.index] && key === CERT_KEYS.birth) birth = v as string;
      continue;
    }
    if (collect && valid[it.index] && v !== expected) {
      problems.push({ code: 'FORM_IDENTITY_MISMATCH', item: it.display, path: [it.key], severity: 'error', message: `${it.title} ${fmtValue(v)} 与证号导出的 ${fmtValue(expected)} 不一致` });
    }
  }
  const hh = cf.byKey.get(CERT_KEYS.hhid);
  const hhVal = hh ? state.vals[hh.index] : undefined;
  if (collect && hh && typeof hhVal === 'string' && hhVal !== '' && hhVal !== idFromCert) {
    const r = parseResidentId(hhVal, idOpts);
    if (!r.ok) problems.push({ code: r.error.code, item: hh.display, path: [hh.key], severity: 'error', message: `${hh.title}：${r.error.message}` });
  }
  if (birth !== undefined && at) {
    const b = parseYmd(birth);
    if (b) state.age = ageOn(b, at);
  }
  if (collect && cf.usesAge && !at && refDate === undefined) {
    problems.push({ code: 'FORM_AS_OF_MISSING', item: 'reference_date', path: ['reference_date'], severity: 'warning', message: '没有参考日期（reference_date 或 asOf），与年龄有关的跳转无法判断' });
  }

  // Applicability, in form order (conditions refer only to earlier items).
  for (let i = 0; i < n; i++) {
    const it = cf.items[i]!;
    // Skip rules first, so that a skipped item names the rule that skipped it.
    let a: Tri = T;
    let by: number | -1 = -1;
    for (const ri of it.rules) {
      const w = ruleVal(cf, state, ri);
      if (w === T) {
        a = F;
        by = ri;
        break;
      }
      if (w === U) a = U;
    }
    if (a !== F && it.asked) {
      const q = it.asked(state);
      if (q !== T) a = q;
    }
    state.app[i] = a;
    const v = state.vals[i];
    if (missing(v)) {
      if (a === T && state.complete && it.def.optional !== true) {
        const req = it.required ? it.required(state) : T;
        if (req === T) {
          state.missingReq[i] = 1;
          if (collect) problems.push({ code: 'FORM_REQUIRED', item: it.display, path: [...it.path], severity: 'error', message: `${it.title}：应填写但未填写` });
        }
      }
      continue;
    }
    if (!collect) continue;
    if (a === F) {
      const rule = by >= 0 ? cf.rules[by]! : undefined;
      const p: FormProblem = {
        code: 'FORM_NOT_APPLICABLE',
        item: it.display,
        path: [...it.path],
        severity: 'error',
        message: `${it.title}：按跳转规则不应填写${rule ? `（${rule.note}）` : ''}`,
      };
      if (rule) p.rule = rule.id;
      problems.push(p);
    } else if (it.optionRules.length > 0 && valid[i]) {
      for (const o of it.optionRules) {
        const has = Array.isArray(v) ? v.includes(o.code) : v === o.code;
        if (has && o.fn(state) === F) {
          problems.push({ code: 'FORM_OPTION_NOT_AVAILABLE', item: it.display, path: [...it.path], severity: 'error', rule: o.id, message: `${it.title}：选项 ${o.code} 不可选（${o.note}）` });
        }
      }
    }
  }
  if (collect) {
    for (const m of cf.implications) {
      const i = m.item.index;
      const v = state.vals[i];
      if (missing(v) || state.app[i] === F || !valid[i]) continue;
      if (v !== m.value && m.when(state) === T) {
        problems.push({ code: 'FORM_IMPLIED_VALUE', item: m.item.display, path: [...m.item.path], severity: 'error', rule: m.id, message: `${m.item.title}：应为 ${m.value}（${m.note}）` });
      }
    }
  }
  return { state, problems };
}

/** Type and code-list check of one present value; reports through `push` when given. */
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
