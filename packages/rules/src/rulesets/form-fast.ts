/**
 * A fast, conservative pre-check of a person record against a form definition: `true` only when
 * the record is certainly free of every problem `validatePerson` would report. Anything it is not
 * sure about (an unknown key, a warning from the ID parsers, an undetermined condition, a problem)
 * returns `false`, and the form rules then ask `validatePerson` itself for the exact problems.
 *
 * Why: most records of a batch are clean, and proving cleanliness with conditions compiled once
 * into closures over typed arrays is several times faster than building the full problem list.
 * The two can never disagree on a record with problems (those always go through
 * `validatePerson`); a property test checks that "certainly clean" implies "no problems".
 *
 * It mirrors the documented semantics of `@canji/form`'s definition: answer types and code
 * lists, exclusive options, skip rules, `askedWhen` / `requiredWhen`, option rules and
 * implications, with "an item that is not applicable counts as unanswered".
 */
import { parseDisabilityCertificateNo, parseResidentId } from '@canji/id';
import type { Condition as FormCondition, FormDefinition, ItemDef } from '@canji/form';

const F = 0;
const T = 1;
const U = 2;
type Tri = 0 | 1 | 2;

interface State {
  vals: unknown[];
  app: Uint8Array;
  age: number | undefined;
  category: number | undefined;
  level: number | undefined;
}
type Cond = (s: State) => Tri;

interface FastItem {
  def: ItemDef;
  key: string;
  index: number;
  allowed: Uint8Array | undefined;
  pattern: RegExp | undefined;
  skips: number[];
  asked: Cond | undefined;
  required: Cond | undefined;
  options: { code: number; fn: Cond }[];
}

function missing(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** `YYYY-MM-DD` that is a real calendar date → [y, m, d]. */
function ymd(s: unknown): [number, number, number] | undefined {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d > dim ? undefined : [y, m, d];
}

/** @internal Compiles the pre-check for a form definition; `undefined` when the form uses features it does not cover (extensions). */
export function compileFastFormCheck(form: FormDefinition): ((record: Readonly<Record<string, unknown>>, asOf: string | undefined) => boolean) | undefined {
  if (form.items.some((i) => i.key.includes('.'))) return undefined; // local extensions under `ext`: always the full path
  const byKey = new Map<string, number>();
  form.items.forEach((it, i) => byKey.set(it.key, i));

  const compile = (c: FormCondition): Cond => {
    if ('all' in c) {
      const fs = c.all.map(compile);
      return (s) => {
        let r: Tri = T;
        for (const f of fs) {
          const v = f(s);
          if (v === F) return F;
          if (v === U) r = U;
        }
        return r;
      };
    }
    if ('any' in c) {
      const fs = c.any.map(compile);
      return (s) => {
        let r: Tri = F;
        for (const f of fs) {
          const v = f(s);
          if (v === T) return T;
          if (v === U) r = U;
        }
        return r;
      };
    }
    if ('not' in c) {
      const f = compile(c.not);
      return (s) => {
        const v = f(s);
        return v === U ? U : v === T ? F : T;
      };
    }
    if ('age' in c) {
      const min = c.age.min ?? -Infinity;
      const max = c.age.max ?? Infinity;
      return (s) => (s.age === undefined ? U : s.age >= min && s.age <= max ? T : F);
    }
    if ('category' in c) {
      const set = c.category;
      return (s) => (s.category === undefined ? U : set.includes(s.category) ? T : F);
    }
    if ('level' in c) {
      const set = c.level;
      return (s) => (s.level === undefined ? U : set.includes(s.level) ? T : F);
    }
    const j = byKey.get(c.item);
    if (j === undefined) throw new Error(`condition refers to unknown item ${c.item}`);
    // A complete record: an unanswered or not-applicable item is "no".
    const absent = (s: State) => missing(s.vals[j]) || s.app[j] === F;
    if ('answered' in c) {
      const want = c.answered;
      return (s) => ((absent(s) ? !want : want) ? T : F);
    }
    if ('eq' in c) {
      const x = c.eq;
      return (s) => (absent(s) ? F : s.vals[j] === x ? T : F);
    }
    if ('in' in c) {
      const xs = c.in;
      return (s) => (absent(s) ? F : xs.includes(s.vals[j] as number | string) ? T : F);
    }
    if ('includes' in c) {
      const x = c.includes;
      return (s) => {
        if (absent(s)) return F;
        const v = s.vals[j];
        return Array.isArray(v) && v.includes(x) ? T : F;
      };
    }
    const xs = c.includesAny;
    return (s) => {
      if (absent(s)) return F;
      const v = s.vals[j];
      return Array.isArray(v) && v.some((e) => xs.includes(e as number)) ? T : F;
    };
  };

  const items: FastItem[] = form.items.map((def, index) => {
    const list = def.codeList !== undefined ? form.codeLists[def.codeList] : undefined;
    let allowed: Uint8Array | undefined;
    if (list) {
      const max = list.open ? (list.openMax ?? 99) : Math.max(0, ...list.entries.map((e) => e.code));
      allowed = new Uint8Array(max + 1);
      if (list.open) allowed.fill(1, 1);
      else for (const e of list.entries) allowed[e.code] = 1;
    }
    return {
      def,
      key: def.key,
      index,
      allowed,
      pattern: def.pattern !== undefined ? new RegExp(def.pattern) : undefined,
      skips: [],
      asked: def.askedWhen ? compile(def.askedWhen) : undefined,
      required: def.requiredWhen ? compile(def.requiredWhen) : undefined,
      options: (def.optionRules ?? []).map((o) => ({ code: o.code, fn: compile(o.availableWhen) })),
    };
  });
  const skipRules = form.skipRules.map((r, ri) => {
    for (const k of r.skip) {
      const i = byKey.get(k);
      if (i === undefined) throw new Error(`${r.id}: skips unknown item ${k}`);
      items[i]!.skips.push(ri);
    }
    return compile(r.when);
  });
  const implications = form.implications.map((m) => ({ when: compile(m.when), index: byKey.get(m.item)!, value: m.value }));
  const topKeys = new Set(form.items.map((i) => i.key));
  const n = items.length;
  const at = (key: string) => byKey.get(key);
  const iCert = at('certificate_no');
  const iRid = at('resident_id');
  const iSex = at('sex');
  const iBirth = at('birth_date');
  const iCat = at('disability_category');
  const iLvl = at('disability_level');
  const iHh = at('householder_id');

  // Reused between calls (the check is synchronous and not re-entrant).
  const state: State = { vals: new Array(n), app: new Uint8Array(n), age: undefined, category: undefined, level: undefined };
  const memo = new Int8Array(skipRules.length);

  const valueOk = (it: FastItem, v: unknown): boolean => {
    const def = it.def;
    switch (def.type) {
      case 'single':
      case 'yesno':
        return typeof v === 'number' && Number.isInteger(v) && it.allowed !== undefined && v >= 0 && v < it.allowed.length && it.allowed[v] === 1;
      case 'multiple': {
        if (!Array.isArray(v) || v.length === 0) return false;
        const allowed = it.allowed!;
        for (let k = 0; k < v.length; k++) {
          const c = v[k];
          if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c >= allowed.length || allowed[c] !== 1) return false;
          if (k > 0 && v.indexOf(c) < k) return false;
        }
        if (it.def.exclusive && v.length > 1) for (const x of it.def.exclusive) if (v.includes(x)) return false;
        return true;
      }
      case 'number':
        return typeof v === 'number' && Number.isFinite(v) && !(def.min !== undefined && v < def.min) && !(def.max !== undefined && v > def.max);
      case 'text':
        return typeof v === 'string' && !(def.maxLength !== undefined && v.length > def.maxLength) && !(it.pattern && !it.pattern.test(v));
      case 'date':
        return ymd(v) !== undefined;
      default:
        return def.type satisfies never;
    }
  };

  return (rec, asOfOption) => {
    for (const k in rec) if (!topKeys.has(k) && rec[k] !== undefined) return false;
    const vals = state.vals;
    for (let i = 0; i < n; i++) {
      const v = rec[items[i]!.key];
      vals[i] = v;
      if (!missing(v) && !valueOk(items[i]!, v)) return false;
    }
    // Identity, as validatePerson derives it: certificate → category, level, birth; ID → sex.
    const refDate = asOfOption ?? (typeof rec.reference_date === 'string' ? rec.reference_date : undefined);
    const atYmd = ymd(refDate);
    if (!atYmd) return false; // no or invalid reference date: the full path reports it
    const idOpts = { asOf: refDate! };
    state.category = undefined;
    state.level = undefined;
    let birth: string | undefined;
    let idFromCert: string | undefined;
    let sexFromId: string | undefined;
    const certVal = iCert === undefined ? undefined : vals[iCert];
    if (typeof certVal === 'string' && certVal !== '') {
      const r = parseDisabilityCertificateNo(certVal, idOpts);
      if (!r.ok || r.warnings.length) return false;
      state.category = r.value.category;
      state.level = r.value.level;
      birth = r.value.residentId.birthDate;
      idFromCert = r.value.residentId.id;
    }
    const ridVal = iRid === undefined ? undefined : vals[iRid];
    if (typeof ridVal === 'string' && ridVal !== '') {
      const r = parseResidentId(ridVal, idOpts);
      if (!r.ok || r.warnings.length) return false;
      birth ??= r.value.birthDate;
      sexFromId = r.value.sex;
      if (idFromCert !== undefined && idFromCert !== r.value.id) return false;
    } else if (idFromCert !== undefined) {
      sexFromId = idFromCert.charCodeAt(16) % 2 === 1 ? 'male' : 'female';
    }
    const derived: [number | undefined, unknown, 0 | 1 | 2 | 3][] = [
      [iSex, sexFromId, 0],
      [iBirth, birth, 1],
      [iCat, state.category, 2],
      [iLvl, state.level, 3],
    ];
    for (const [i, expected, what] of derived) {
      if (i === undefined) continue;
      const v = vals[i];
      if (missing(v)) continue;
      if (expected === undefined) {
        if (what === 2) state.category = v as number;
        else if (what === 3) state.level = v as number;
        else if (what === 1) birth = v as string;
        continue;
      }
      if (v !== expected) return false;
    }
    const hh = iHh === undefined ? undefined : vals[iHh];
    if (typeof hh === 'string' && hh !== '' && !parseResidentId(hh, idOpts).ok) return false;
    state.age = undefined;
    if (birth !== undefined) {
      const b = ymd(birth);
      if (b) {
        let a = atYmd[0] - b[0];
        if (atYmd[1] < b[1] || (atYmd[1] === b[1] && atYmd[2] < b[2])) a--;
        state.age = a;
      }
    }
    // Applicability in form order; any problem or undetermined condition → not certainly clean.
    memo.fill(-1);
    const app = state.app;
    for (let i = 0; i < n; i++) {
      const it = items[i]!;
      let a: Tri = T;
      for (const ri of it.skips) {
        let w = memo[ri]!;
        if (w < 0) memo[ri] = w = skipRules[ri]!(state);
        if (w === T) {
          a = F;
          break;
        }
        if (w === U) return false;
      }
      if (a === T && it.asked) {
        const q = it.asked(state);
        if (q === U) return false;
        a = q;
      }
      app[i] = a;
      const v = vals[i];
      if (missing(v)) {
        if (a === T && it.def.optional !== true) {
          const req = it.required ? it.required(state) : T;
          if (req !== F) return false;
        }
      } else if (a === F) {
        return false;
      } else {
        for (const o of it.options) {
          const has = Array.isArray(v) ? v.includes(o.code) : v === o.code;
          if (has && o.fn(state) !== T) return false;
        }
      }
    }
    for (const m of implications) {
      const v = vals[m.index];
      if (missing(v) || app[m.index] === F) continue;
      if (v !== m.value && m.when(state) !== F) return false;
    }
    return true;
  };
}
