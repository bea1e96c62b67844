/**
 * A small condition language so most rules are data a reviewer can read (and a local office can
 * write in JSON): compare an item of the record, a derived fact (`$age`, `$category` …) or a field
 * of the partner department's row with a value. Conditions are compiled once into plain functions;
 * nothing is interpreted per record.
 */
import { isAnswered } from '@canji/form';
import type { PersonRecord, RecordFacts } from './model.js';

/** Derived facts a condition can read (see {@link RecordFacts}). */
export type FactName = '$age' | '$category' | '$level' | '$birthDate' | '$idSex' | '$idBirthDate' | '$certCategory' | '$certLevel' | '$id' | '$certId';

type Scalar = string | number | boolean;

/** Comparisons; all given ones must hold. Ordering comparisons are false for a missing or non-number value. */
export interface Comparison {
  eq?: Scalar;
  ne?: Scalar;
  in?: readonly Scalar[];
  notIn?: readonly Scalar[];
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /** `true`: answered (`@canji/form`'s `isAnswered`: not undefined / null / a blank string / [] / NaN); `false`: unanswered. */
  present?: boolean;
  /** Multiple-choice answer contains this code (a single-choice answer equal to it counts too). */
  includes?: number;
  includesAny?: readonly number[];
  includesNone?: readonly number[];
}

export type Condition =
  | { all: readonly Condition[] }
  | { any: readonly Condition[] }
  | { not: Condition }
  /** An item of the record (machine column name) or a derived fact. */
  | ({ item: string | FactName } & Comparison)
  /** A field of the partner department's row (cross-check rules only); `$matched` is whether a row was found. */
  | ({ dept: string } & Comparison)
  /** Exactly one of the two holds (e.g. "recorded 低保" vs "on the 低保 roster"). */
  | { xor: readonly [Condition, Condition] };

/** What a compiled condition reads. */
export interface Scope {
  record: PersonRecord;
  facts: RecordFacts;
  row: Readonly<Record<string, unknown>> | undefined;
  /** The record's values by position (see `compileCondition`'s `positions`), when the runner has them. */
  values?: readonly unknown[] | undefined;
}

export type CompiledCondition = (scope: Scope) => boolean;

const FACT_KEYS: Record<FactName, keyof RecordFacts> = {
  $age: 'age',
  $category: 'category',
  $level: 'level',
  $birthDate: 'birthDate',
  $idSex: 'idSex',
  $idBirthDate: 'idBirthDate',
  $certCategory: 'certCategory',
  $certLevel: 'certLevel',
  $id: 'id',
  $certId: 'certId',
};

function includes(v: unknown, code: number): boolean {
  if (Array.isArray(v)) return v.includes(code);
  return v === code;
}

function compileComparison(get: (s: Scope) => unknown, c: Comparison): CompiledCondition {
  const tests: ((v: unknown) => boolean)[] = [];
  if (c.eq !== undefined) {
    const x = c.eq;
    tests.push((v) => v === x);
  }
  if (c.ne !== undefined) {
    const x = c.ne;
    tests.push((v) => v !== x);
  }
  if (c.in) {
    const set = new Set<unknown>(c.in);
    tests.push((v) => set.has(v));
  }
  if (c.notIn) {
    const set = new Set<unknown>(c.notIn);
    tests.push((v) => !set.has(v));
  }
  if (c.lt !== undefined) {
    const x = c.lt;
    tests.push((v) => typeof v === 'number' && v < x);
  }
  if (c.lte !== undefined) {
    const x = c.lte;
    tests.push((v) => typeof v === 'number' && v <= x);
  }
  if (c.gt !== undefined) {
    const x = c.gt;
    tests.push((v) => typeof v === 'number' && v > x);
  }
  if (c.gte !== undefined) {
    const x = c.gte;
    tests.push((v) => typeof v === 'number' && v >= x);
  }
  if (c.present !== undefined) {
    const want = c.present;
    tests.push((v) => isAnswered(v) === want);
  }
  if (c.includes !== undefined) {
    const x = c.includes;
    tests.push((v) => includes(v, x));
  }
  if (c.includesAny) {
    const xs = c.includesAny;
    tests.push((v) => xs.some((x) => includes(v, x)));
  }
  if (c.includesNone) {
    const xs = c.includesNone;
    tests.push((v) => !xs.some((x) => includes(v, x)));
  }
  if (tests.length === 0) throw new Error('condition has no comparison');
  if (tests.length === 1) {
    const t = tests[0]!;
    return (s) => t(get(s));
  }
  return (s) => {
    const v = get(s);
    for (const t of tests) if (!t(v)) return false;
    return true;
  };
}

/**
 * Compiles a condition into a function (once, at rule-set compile time).
 *
 * @example
 * ```ts
 * const under3 = compileCondition({ all: [{ item: '$category', eq: 3 }, { item: '$age', lt: 3 }] });
 * under3({ record: {}, facts: { ...recordFacts({}), category: 3, age: 2 }, row: undefined }); //=> true
 * ```
 */
export function compileCondition(c: Condition, positions?: ReadonlyMap<string, number>): CompiledCondition {
  const rec = (c: Condition) => compileCondition(c, positions);
  if ('all' in c) {
    const parts = c.all.map(rec);
    const n = parts.length;
    if (n === 2) {
      const [a, b] = parts as [CompiledCondition, CompiledCondition];
      return (s) => a(s) && b(s);
    }
    if (n === 3) {
      const [a, b, d] = parts as [CompiledCondition, CompiledCondition, CompiledCondition];
      return (s) => a(s) && b(s) && d(s);
    }
    return (s) => {
      for (let i = 0; i < n; i++) if (!parts[i]!(s)) return false;
      return true;
    };
  }
  if ('any' in c) {
    const parts = c.any.map(rec);
    const n = parts.length;
    return (s) => {
      for (let i = 0; i < n; i++) if (parts[i]!(s)) return true;
      return false;
    };
  }
  if ('not' in c) {
    const inner = rec(c.not);
    return (s) => !inner(s);
  }
  if ('xor' in c) {
    const a = rec(c.xor[0]);
    const b = rec(c.xor[1]);
    return (s) => a(s) !== b(s);
  }
  if ('dept' in c) {
    const field = c.dept;
    const get = field === '$matched' ? (s: Scope) => s.row !== undefined : (s: Scope) => s.row?.[field];
    return compileComparison(get, c);
  }
  const item = c.item;
  if (item.startsWith('$')) {
    const key = FACT_KEYS[item as FactName];
    if (!key) throw new Error(`unknown fact ${item}`);
    return compileComparison((s) => s.facts[key], c);
  }
  // A record column: by position when the runner supplies the values densely, else by key.
  const p = positions?.get(item);
  const get: (s: Scope) => unknown = p === undefined ? (s) => s.record[item] : (s) => (s.values ? s.values[p] : s.record[item]);
  // The commonest shapes, fused into one closure — they run on every record.
  const only = Object.keys(c).filter((k) => k !== 'item' && (c as unknown as Record<string, unknown>)[k] !== undefined);
  if (only.length === 1 && p !== undefined) {
    const k = only[0] as keyof Comparison;
    const at = (s: Scope): unknown => (s.values ? s.values[p] : s.record[item]);
    if (k === 'eq') {
      const x = c.eq;
      return (s) => (s.values ? s.values[p] : s.record[item]) === x;
    }
    if (k === 'in' || k === 'notIn') {
      const set = new Set<unknown>(c[k]);
      return k === 'in' ? (s) => set.has(at(s)) : (s) => !set.has(at(s));
    }
    if (k === 'present') {
      const want = c.present;
      return (s) => isAnswered(at(s)) === want;
    }
    if (k === 'includes') {
      const x = c.includes!;
      return (s) => includes(at(s), x);
    }
  }
  return compileComparison(get, c);
}
