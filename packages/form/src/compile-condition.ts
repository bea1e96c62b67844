/**
 * The one compiler of the condition language ({@link Condition}, see `condition.ts`): what each
 * comparison means on a value is defined once here, and the same condition compiles either
 * - two-valued ({@link compileBoolCondition}) — a complete record, a department row, a previous
 *   round: an unanswered value is simply absent (`eq` false, `ne` true …); used by `@canji/rules`;
 * - three-valued ({@link compileTriCondition}) — the form's skip logic over a record that may be
 *   partial: a value an evaluator cannot decide yet leaves the leaf undetermined (strong Kleene
 *   `all` / `any` / `not`; `xor` is undetermined when either side is).
 *
 * Who supplies the values is the evaluator's business (a record's items, derived facts, a
 * department row, the previous round), so each compiler takes a resolver for the leaves; the
 * combinators and the comparisons are shared. Conditions are compiled once into closures:
 * nothing is interpreted per record. The older form shapes are normalised first
 * ({@link normalizeCondition}).
 */
import { isAnswered } from './answered.js';
import { normalizeCondition, type Comparison, type Condition, type DeptLeaf, type ItemLeaf, type PreviousLeaf } from './condition.js';

/** No. */
export const F = 0;
/** Yes. */
export const T = 1;
/** Not determined (a value it depends on is missing or invalid on a partial record). */
export const U = 2;
/** A three-valued result: {@link F}, {@link T} or {@link U}. */
export type Tri = 0 | 1 | 2;

/** A leaf of the language after normalisation: an item (or fact), a department field, a previous-round value. */
export type Leaf = ItemLeaf | DeptLeaf | PreviousLeaf;

/** Where a leaf reads its value. */
export interface LeafRef {
  readonly source: 'item' | 'dept' | 'previous';
  /** The item key, fact name (`$age` …) or department field (`$matched` …). */
  readonly name: string;
}

/** A test of one value: every comparison of a leaf must hold. */
export type ValueTest = (v: unknown) => boolean;

/** Thrown by the compilers for a condition they cannot compile; `code` is stable. */
export class ConditionError extends Error {
  readonly code: 'CONDITION_EMPTY' | 'CONDITION_SHAPE' | 'CONDITION_REFERENCE';
  constructor(code: ConditionError['code'], message: string) {
    super(message);
    this.name = 'ConditionError';
    this.code = code;
  }
}

/** Where a normalised leaf reads its value. */
export function leafRef(c: Leaf): LeafRef {
  if ('dept' in c) return { source: 'dept', name: c.dept };
  if ('previous' in c) return { source: 'previous', name: c.previous };
  return { source: 'item', name: c.item };
}

/** A multiple-choice answer contains `code`; a single answer equal to it counts too. */
function includesCode(v: unknown, code: number): boolean {
  return Array.isArray(v) ? v.includes(code) : v === code;
}

function setTest(xs: readonly unknown[]): ValueTest {
  if (xs.length <= 4) return (v) => xs.includes(v);
  const set = new Set<unknown>(xs);
  return (v) => set.has(v);
}

/** The comparisons a leaf gives, in a fixed order, each as a test of the value. */
function comparisonTests(c: Comparison): { key: keyof Comparison; test: ValueTest }[] {
  const out: { key: keyof Comparison; test: ValueTest }[] = [];
  if (c.eq !== undefined) {
    const x = c.eq;
    out.push({ key: 'eq', test: (v) => v === x });
  }
  if (c.ne !== undefined) {
    const x = c.ne;
    out.push({ key: 'ne', test: (v) => v !== x });
  }
  if (c.in !== undefined) out.push({ key: 'in', test: setTest(c.in) });
  if (c.notIn !== undefined) {
    const t = setTest(c.notIn);
    out.push({ key: 'notIn', test: (v) => !t(v) });
  }
  if (c.lt !== undefined) {
    const x = c.lt;
    out.push({ key: 'lt', test: (v) => typeof v === 'number' && v < x });
  }
  if (c.lte !== undefined) {
    const x = c.lte;
    out.push({ key: 'lte', test: (v) => typeof v === 'number' && v <= x });
  }
  if (c.gt !== undefined) {
    const x = c.gt;
    out.push({ key: 'gt', test: (v) => typeof v === 'number' && v > x });
  }
  if (c.gte !== undefined) {
    const x = c.gte;
    out.push({ key: 'gte', test: (v) => typeof v === 'number' && v >= x });
  }
  if (c.present !== undefined) {
    const want = c.present;
    out.push({ key: 'present', test: (v) => isAnswered(v) === want });
  }
  if (c.includes !== undefined) {
    const x = c.includes;
    out.push({ key: 'includes', test: (v) => includesCode(v, x) });
  }
  if (c.includesAny !== undefined) {
    const xs = c.includesAny;
    out.push({ key: 'includesAny', test: (v) => xs.some((x) => includesCode(v, x)) });
  }
  if (c.includesNone !== undefined) {
    const xs = c.includesNone;
    out.push({ key: 'includesNone', test: (v) => !xs.some((x) => includesCode(v, x)) });
  }
  return out;
}

function where(c: Leaf): string {
  const r = leafRef(c);
  return r.source === 'item' ? r.name : `${r.source}.${r.name}`;
}

/**
 * The test of a leaf's value: all of its comparisons must hold (one closure, fused when there is
 * one comparison). Throws {@link ConditionError} `CONDITION_EMPTY` for a leaf without comparisons.
 *
 * @example
 * ```ts
 * const t = valueTest({ item: '$age', gte: 16, lte: 59 });
 * t(30); //=> true
 * t(undefined); //=> false
 * ```
 */
export function valueTest(c: Leaf): ValueTest {
  const tests = comparisonTests(c);
  if (tests.length === 0) throw new ConditionError('CONDITION_EMPTY', `条件“${where(c)}”没有任何比较（eq、in、present …）`);
  if (tests.length === 1) return tests[0]!.test;
  if (tests.length === 2) {
    const a = tests[0]!.test;
    const b = tests[1]!.test;
    return (v) => a(v) && b(v);
  }
  const ts = tests.map((t) => t.test);
  return (v) => {
    for (let i = 0; i < ts.length; i++) if (!ts[i]!(v)) return false;
    return true;
  };
}

/** The leaf's only comparison, when it has exactly one (for evaluators that fuse the common shapes). */
export function singleComparison(c: Leaf): keyof Comparison | undefined {
  const tests = comparisonTests(c);
  return tests.length === 1 ? tests[0]!.key : undefined;
}

function shape(c: Condition): Condition {
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new ConditionError('CONDITION_SHAPE', `条件应为对象，实为 ${JSON.stringify(c)}`);
  return normalizeCondition(c);
}

/**
 * Compiles a condition into a two-valued function over an evaluator's scope `S`. `leaf` compiles
 * one leaf (it resolves where the value comes from and may fuse the common shapes; it is given the
 * leaf's {@link valueTest}); the combinators are compiled here.
 *
 * @example
 * ```ts
 * const f = compileBoolCondition<Record<string, unknown>>(
 *   { all: [{ item: 'r3', eq: 1 }, { not: { item: 'r5', present: true } }] },
 *   (leaf, test) => { const k = leafRef(leaf).name; return (s) => test(s[k]); },
 * );
 * f({ r3: 1 }); //=> true
 * f({ r3: 1, r5: 2 }); //=> false
 * ```
 */
export function compileBoolCondition<S>(c: Condition, leaf: (c: Leaf, test: ValueTest) => (s: S) => boolean): (s: S) => boolean {
  const compile = (raw: Condition): ((s: S) => boolean) => {
    const c = shape(raw);
    if ('all' in c) {
      const parts = c.all.map(compile);
      const n = parts.length;
      if (n === 1) return parts[0]!;
      if (n === 2) {
        const [a, b] = parts as [(s: S) => boolean, (s: S) => boolean];
        return (s) => a(s) && b(s);
      }
      if (n === 3) {
        const [a, b, d] = parts as [(s: S) => boolean, (s: S) => boolean, (s: S) => boolean];
        return (s) => a(s) && b(s) && d(s);
      }
      return (s) => {
        for (let i = 0; i < n; i++) if (!parts[i]!(s)) return false;
        return true;
      };
    }
    if ('any' in c) {
      const parts = c.any.map(compile);
      const n = parts.length;
      if (n === 2) {
        const [a, b] = parts as [(s: S) => boolean, (s: S) => boolean];
        return (s) => a(s) || b(s);
      }
      return (s) => {
        for (let i = 0; i < n; i++) if (parts[i]!(s)) return true;
        return false;
      };
    }
    if ('not' in c) {
      const inner = compile(c.not);
      return (s) => !inner(s);
    }
    if ('xor' in c) {
      const a = compile(c.xor[0]);
      const b = compile(c.xor[1]);
      return (s) => a(s) !== b(s);
    }
    const l = c as Leaf;
    if (!('item' in l) && !('dept' in l) && !('previous' in l)) throw new ConditionError('CONDITION_SHAPE', `无法识别的条件：${JSON.stringify(raw)}`);
    return leaf(l, valueTest(l));
  };
  return compile(c);
}

/**
 * How a three-valued evaluator sees a leaf's value on one record:
 * - {@link VALUE_KNOWN} — a value that passed its checks: the comparisons decide;
 * - {@link VALUE_ABSENT} — certainly no value (unanswered on a complete record, not applicable):
 *   the comparisons decide on "no value" (`eq` no, `ne` yes, `present: false` yes);
 * - {@link VALUE_PENDING} — not known yet (unanswered on a partial record): undetermined;
 * - {@link VALUE_INVALID} — a value that failed its checks: it decides `present` and nothing else.
 */
export const VALUE_KNOWN = 0;
/** See {@link VALUE_KNOWN}. */
export const VALUE_ABSENT = 1;
/** See {@link VALUE_KNOWN}. */
export const VALUE_PENDING = 2;
/** See {@link VALUE_KNOWN}. */
export const VALUE_INVALID = 3;

/** A leaf's value as a three-valued evaluator resolves it: its status, then (when known) the value. */
export interface TriValue<S> {
  status: (s: S) => number;
  value: (s: S) => unknown;
}

/** What a three-valued leaf compiler is given: the value test and the results for an absent and an invalid value. */
export interface TriLeafKit {
  /** All comparisons of the leaf, on a known value. */
  test: ValueTest;
  /** The leaf's result when the value is certainly absent ({@link VALUE_ABSENT}). */
  whenAbsent: Tri;
  /** The leaf's result when the value failed its checks ({@link VALUE_INVALID}): it decides `present` only. */
  whenInvalid: Tri;
}

/** A three-valued leaf from a {@link TriValue} resolution (evaluators with hot leaves fuse their own). */
export function triLeaf<S>(kit: TriLeafKit, { status, value }: TriValue<S>): (s: S) => Tri {
  const { test, whenAbsent, whenInvalid } = kit;
  return (s) => {
    const st = status(s);
    if (st === VALUE_KNOWN) return test(value(s)) ? T : F;
    if (st === VALUE_ABSENT) return whenAbsent;
    return st === VALUE_PENDING ? U : whenInvalid;
  };
}

/**
 * Compiles a condition into a three-valued function over an evaluator's state `S`: `all` is the
 * strong-Kleene conjunction (F wins, then U), `any` the disjunction (T wins, then U), `not` keeps U,
 * `xor` is U when either side is. `leaf` compiles one leaf from its {@link TriLeafKit} (usually with
 * {@link triLeaf}: where the value comes from and how sure it is); it throws for a leaf the
 * evaluator cannot read (e.g. a department field in a form's skip logic).
 *
 * @example
 * ```ts
 * type S = { age?: number; r3?: number };
 * const f = compileTriCondition<S>({ all: [{ age: { min: 16 } }, { item: 'r3', eq: 1 }] }, (leaf, kit) => {
 *   const k = leafRef(leaf).name === '$age' ? 'age' : 'r3';
 *   return triLeaf(kit, { status: (s) => (s[k] === undefined ? VALUE_PENDING : VALUE_KNOWN), value: (s) => s[k] });
 * });
 * f({ age: 30, r3: 1 }); //=> T (1)
 * f({ age: 12 }); //=> F (0): the age decides
 * f({ age: 30 }); //=> U (2): r3 not known yet
 * ```
 */
export function compileTriCondition<S>(c: Condition, leaf: (c: Leaf, kit: TriLeafKit) => (s: S) => Tri): (s: S) => Tri {
  const compile = (raw: Condition): ((s: S) => Tri) => {
    const c = shape(raw);
    if ('all' in c) {
      const fs = c.all.map(compile);
      return (s) => {
        let r: Tri = T;
        for (let i = 0; i < fs.length; i++) {
          const v = fs[i]!(s);
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
        for (let i = 0; i < fs.length; i++) {
          const v = fs[i]!(s);
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
    if ('xor' in c) {
      const a = compile(c.xor[0]);
      const b = compile(c.xor[1]);
      return (s) => {
        const x = a(s);
        if (x === U) return U;
        const y = b(s);
        if (y === U) return U;
        return x !== y ? T : F;
      };
    }
    const l = c as Leaf;
    if (!('item' in l) && !('dept' in l) && !('previous' in l)) throw new ConditionError('CONDITION_SHAPE', `无法识别的条件：${JSON.stringify(raw)}`);
    const test = valueTest(l);
    // An invalid value is still a value: it decides `present` (and nothing else).
    const hasPresent = l.present !== undefined;
    const others = comparisonTests(l).length - (hasPresent ? 1 : 0);
    const whenInvalid: Tri = hasPresent && l.present === false ? F : others > 0 ? U : T;
    return leaf(l, { test, whenAbsent: test(undefined) ? T : F, whenInvalid });
  };
  return compile(c);
}
