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
import { isCalendarDate, parseDisabilityCertificateNo, parseResidentId, QUICK_ID_PROBLEM, quickResidentIdAge } from '@canji/id';
import { compileTriCondition, TRI_NO as F, TRI_YES as T, TRI_UNKNOWN as U, type Condition as FormCondition, type FormDefinition, type ItemCondition, type ItemDef, type Tri } from '@canji/form';
import type { RecordColumns } from '../model.js';

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
  /** The type and code-list check of a present value, specialised for the item. */
  ok: (v: unknown) => boolean;
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
  // ASCII digits in the number places: read them directly; anything else gets @canji/form's own
  // reading (Number on the slices), so the verdict is the same.
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || m < 0 || d < 0) return ymdSlow(s);
  return isCalendarDate(y, m, d) ? [y, m, d] : undefined;
}

/** The number written by `len` ASCII digits at `from`, or -1. */
function digits(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** `@canji/form`'s reading, for strings with other characters in the number places. */
function ymdSlow(s: string): [number, number, number] | undefined {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  return isCalendarDate(y, m, d) ? [y, m, d] : undefined;
}

/** Age computed by the last {@link plainId} call that returned 1. */
let plainAge = 0;

/**
 * `@canji/id`'s fast identity read ({@link quickResidentIdAge}) as 1 (ok, no warnings; the age is
 * left in `plainAge`), 0 (not ok, or with warnings) or -1 (ask the parser).
 */
function plainId(s: string, at: [number, number, number]): 1 | 0 | -1 {
  const q = quickResidentIdAge(s, at);
  if (q === QUICK_ID_PROBLEM) return 0;
  if (q < 0) return -1;
  plainAge = q;
  return 1;
}

/** `text` is exactly the birth date carried by the ID number `id`, written `YYYY-MM-DD`. */
function sameBirth(text: unknown, id: string): boolean {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  for (let i = 0; i < 4; i++) if (text.charCodeAt(i) !== id.charCodeAt(6 + i)) return false;
  return (
    text.charCodeAt(5) === id.charCodeAt(10) &&
    text.charCodeAt(6) === id.charCodeAt(11) &&
    text.charCodeAt(8) === id.charCodeAt(12) &&
    text.charCodeAt(9) === id.charCodeAt(13)
  );
}

/** The type and code-list check of `validatePerson` for one item, as a specialised function. */
function valueCheck(it: FastItem): (v: unknown) => boolean {
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
      const allowed = it.allowed!;
      const len = allowed.length;
      const exclusive = def.exclusive && def.exclusive.length ? def.exclusive : undefined;
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
      return (v) => ymd(v) !== undefined;
    default:
      return def.type satisfies never;
  }
}

/** @internal Compiles the pre-check for a form definition; `undefined` when the form uses features it does not cover (extensions). */
export function compileFastFormCheck(
  form: FormDefinition,
): ((record: Readonly<Record<string, unknown>>, asOf: string | undefined, columns?: RecordColumns) => boolean) | undefined {
  if (form.items.some((i) => i.key.includes('.'))) return undefined; // local extensions under `ext`: always the full path
  const byKey = new Map<string, number>();
  form.items.forEach((it, i) => byKey.set(it.key, i));

  const compile = (c: FormCondition): Cond => compileTriCondition<State>(c, itemTest);
  // A complete record: an unanswered or not-applicable item is "no".
  const itemTest = (c: ItemCondition): Cond => {
    const j = byKey.get(c.item);
    if (j === undefined) throw new Error(`condition refers to unknown item ${c.item}`);
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
    const fi: FastItem = {
      def,
      ok: () => true,
      key: def.key,
      index,
      allowed,
      pattern: def.pattern !== undefined ? new RegExp(def.pattern) : undefined,
      skips: [],
      asked: def.askedWhen ? compile(def.askedWhen) : undefined,
      required: def.requiredWhen ? compile(def.requiredWhen) : undefined,
      options: (def.optionRules ?? []).map((o) => ({ code: o.code, fn: compile(o.availableWhen) })),
    };
    fi.ok = valueCheck(fi);
    return fi;
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

  // For a record view (fixed keys), only the view's keys outside the form can hold unknown fields.
  const extraOf = new WeakMap<readonly string[], { extraAt: Int32Array; at: Int32Array }>();
  return (rec, asOfOption, columns) => {
    const vals = state.vals;
    if (columns) {
      if (columns.unknownKeys) return false; // unknown columns: FORM_UNKNOWN_FIELD is validatePerson's to report
      const vk = columns.keys;
      let m = extraOf.get(vk);
      if (!m) {
        const pos = new Map(vk.map((k, i) => [k, i]));
        m = { extraAt: Int32Array.from(vk.flatMap((k, i) => (topKeys.has(k) ? [] : [i]))), at: Int32Array.from(items, (it) => pos.get(it.key) ?? -1) };
        extraOf.set(vk, m);
      }
      const dense = columns.values;
      for (let i = 0; i < m.extraAt.length; i++) if (dense[m.extraAt[i]!] !== undefined) return false;
      const at = m.at;
      for (let i = 0; i < n; i++) {
        const p = at[i]!;
        const v = p < 0 ? undefined : dense[p];
        vals[i] = v;
        if (v !== undefined && v !== null && v !== '' && !items[i]!.ok(v)) return false;
      }
    } else {
      for (const k in rec) if (!topKeys.has(k) && rec[k] !== undefined) return false;
      for (let i = 0; i < n; i++) {
        const v = rec[items[i]!.key];
        vals[i] = v;
        if (v !== undefined && v !== null && v !== '' && !items[i]!.ok(v)) return false;
      }
    }
    // Identity, as validatePerson derives it: certificate → category, level, birth; ID → sex.
    const refDate = asOfOption ?? (typeof rec.reference_date === 'string' ? rec.reference_date : undefined);
    const atYmd = ymd(refDate);
    if (!atYmd) return false; // no or invalid reference date: the full path reports it
    const idOpts = { asOf: refDate! };
    state.category = undefined;
    state.level = undefined;
    // The birth date is carried either by an ID number (`birthId`, characters 7–14) or as text.
    let birthId: string | undefined;
    let birthText: string | undefined;
    let age: number | undefined;
    let idFromCert: string | undefined;
    let sexFromId: string | undefined;
    const ridVal = iRid === undefined ? undefined : vals[iRid];
    const ridGiven = typeof ridVal === 'string' && ridVal !== '';
    const ridFast = ridGiven ? plainId(ridVal, atYmd) : -1;
    if (ridFast === 0) return false;
    const ridAge = plainAge;
    const certVal = iCert === undefined ? undefined : vals[iCert];
    if (typeof certVal === 'string' && certVal !== '') {
      const cc = certVal.charCodeAt(18) - 48;
      const lc = certVal.charCodeAt(19) - 48;
      let fast = false;
      if (certVal.length === 20 && cc >= 1 && cc <= 7 && lc >= 1 && lc <= 4) {
        if (ridFast === 1 && certVal.startsWith(ridVal as string)) {
          // the certificate carries the (valid) resident ID itself
          idFromCert = ridVal as string;
          birthId = idFromCert;
          age = ridAge;
          fast = true;
        } else {
          const part = certVal.slice(0, 18);
          const f = plainId(part, atYmd);
          if (f === 0) return false;
          if (f === 1) {
            idFromCert = part;
            birthId = part;
            age = plainAge;
            fast = true;
          }
        }
      }
      if (fast) {
        state.category = cc;
        state.level = lc;
      } else {
        const r = parseDisabilityCertificateNo(certVal, idOpts);
        if (!r.ok || r.warnings.length) return false;
        state.category = r.value.category;
        state.level = r.value.level;
        birthText = r.value.residentId.birthDate;
        idFromCert = r.value.residentId.id;
      }
    }
    if (ridGiven) {
      let id: string;
      if (ridFast === 1) {
        if (birthId === undefined && birthText === undefined) {
          birthId = ridVal as string;
          age = ridAge;
        }
        sexFromId = ((ridVal as string).charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
        id = ridVal as string;
      } else {
        const r = parseResidentId(ridVal as string, idOpts);
        if (!r.ok || r.warnings.length) return false;
        if (birthId === undefined && birthText === undefined) birthText = r.value.birthDate;
        sexFromId = r.value.sex;
        id = r.value.id;
      }
      if (idFromCert !== undefined && idFromCert !== id) return false;
    } else if (idFromCert !== undefined) {
      sexFromId = idFromCert.charCodeAt(16) % 2 === 1 ? 'male' : 'female';
    }
    // Derived fields, when present, must agree; without a certificate they feed the conditions.
    if (iSex !== undefined) {
      const v = vals[iSex];
      if (!missing(v) && sexFromId !== undefined && v !== sexFromId) return false;
    }
    if (iBirth !== undefined) {
      const v = vals[iBirth];
      if (!missing(v)) {
        if (birthId !== undefined) {
          if (!sameBirth(v, birthId)) return false;
        } else if (birthText !== undefined) {
          if (v !== birthText) return false;
        } else birthText = v as string;
      }
    }
    if (iCat !== undefined) {
      const v = vals[iCat];
      if (!missing(v)) {
        if (state.category === undefined) state.category = v as number;
        else if (v !== state.category) return false;
      }
    }
    if (iLvl !== undefined) {
      const v = vals[iLvl];
      if (!missing(v)) {
        if (state.level === undefined) state.level = v as number;
        else if (v !== state.level) return false;
      }
    }
    const hh = iHh === undefined ? undefined : vals[iHh];
    // validatePerson reports only errors of the householder's number (not its warnings).
    if (typeof hh === 'string' && hh !== '' && hh !== ridVal && plainId(hh, atYmd) !== 1 && !parseResidentId(hh, idOpts).ok) return false;
    if (birthId === undefined && birthText !== undefined) {
      const b = ymd(birthText);
      if (b) {
        let a = atYmd[0] - b[0];
        if (atYmd[1] < b[1] || (atYmd[1] === b[1] && atYmd[2] < b[2])) a--;
        age = a;
      }
    }
    state.age = age;
    // Applicability in form order; any problem or undetermined condition → not certainly clean.
    memo.fill(-1);
    const app = state.app;
    for (let i = 0; i < n; i++) {
      const it = items[i]!;
      let a: Tri = T;
      const skips = it.skips;
      for (let q = 0; q < skips.length; q++) {
        const ri = skips[q]!;
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
        for (let q = 0; q < it.options.length; q++) {
          const o = it.options[q]!;
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
