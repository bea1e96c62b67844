/**
 * A small exact linear-programming solver for the release audit: the range of a linear objective
 * over `{ x ≥ 0 : A x = b }` with integer `A` and `b`, in exact rational arithmetic (two-phase
 * tableau simplex with Bland's rule, so it never cycles). The tables we publish give small systems
 * (one indicator's hidden rows: tens of variables), so a dense tableau is enough. Arithmetic runs on
 * JavaScript integers while every numerator and denominator stays a safe integer and is redone in
 * `bigint` otherwise, so the answer is exact either way.
 */

/** One equation `Σ coef·x[var] = rhs` of a {@link LinearSystem}. */
export interface LinearEquation {
  /** `[variable index, integer coefficient]` pairs. */
  readonly terms: readonly (readonly [number, number])[];
  readonly rhs: number;
}

/**
 * Equations over non-negative variables `x[0..variables-1]`.
 *
 * @example
 * const s: LinearSystem = { variables: 2, equations: [{ terms: [[0, 1], [1, 1]], rhs: 7 }] }; // x0 + x1 = 7
 */
export interface LinearSystem {
  readonly variables: number;
  readonly equations: readonly LinearEquation[];
}

/**
 * The exact range of an objective over the system: `min` and `max` as rationals reduced to
 * numbers (`-Infinity` / `Infinity` when unbounded); `feasible: false` when no `x ≥ 0` solves it.
 *
 * @example
 * linearRanges({ variables: 2, equations: [{ terms: [[0, 1], [1, 1]], rhs: 7 }] }, [[[0, 1]]])
 * //=> { feasible: true, ranges: [{ min: 0, max: 7 }] }
 */
export interface LinearRanges {
  readonly feasible: boolean;
  readonly ranges: readonly { readonly min: number; readonly max: number }[];
}

class Overflow extends Error {}

interface Ops<T> {
  zero: T;
  one: T;
  of(n: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  quot(a: T, b: T): T;
  rem(a: T, b: T): T;
  neg(a: T): T;
  sign(a: T): number;
  toNumber(a: T): number;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const chk = (x: number): number => {
  if (!(x <= SAFE && x >= -SAFE)) throw new Overflow();
  return x;
};
const numberOps: Ops<number> = {
  zero: 0,
  one: 1,
  of: (n) => n,
  add: (a, b) => chk(a + b),
  sub: (a, b) => chk(a - b),
  mul: (a, b) => chk(a * b),
  quot: (a, b) => Math.trunc(a / b),
  rem: (a, b) => a % b,
  neg: (a) => -a,
  sign: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0),
  toNumber: (a) => a,
};
const bigOps: Ops<bigint> = {
  zero: 0n,
  one: 1n,
  of: (n) => BigInt(n),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  quot: (a, b) => a / b,
  rem: (a, b) => a % b,
  neg: (a) => -a,
  sign: (a) => (a > 0n ? 1 : a < 0n ? -1 : 0),
  toNumber: (a) => Number(a),
};

/** Rationals `[numerator, denominator > 0]`, reduced. */
type Q<T> = readonly [T, T];

function rationals<T>(o: Ops<T>) {
  const gcd = (a: T, b: T): T => {
    let x = o.sign(a) < 0 ? o.neg(a) : a;
    let y = o.sign(b) < 0 ? o.neg(b) : b;
    while (o.sign(y) !== 0) [x, y] = [y, o.rem(x, y)];
    return x;
  };
  const make = (n: T, d: T): Q<T> => {
    if (o.sign(n) === 0) return [o.zero, o.one];
    if (o.sign(d) < 0) [n, d] = [o.neg(n), o.neg(d)];
    const g = gcd(n, d);
    return g === o.one ? [n, d] : [o.quot(n, g), o.quot(d, g)];
  };
  const ZERO: Q<T> = [o.zero, o.one];
  return {
    ZERO,
    int: (n: number): Q<T> => [o.of(n), o.one],
    add: (a: Q<T>, b: Q<T>): Q<T> => (a[1] === b[1] && o.sign(a[1]) > 0 && o.toNumber(a[1]) === 1 ? [o.add(a[0], b[0]), o.one] : make(o.add(o.mul(a[0], b[1]), o.mul(b[0], a[1])), o.mul(a[1], b[1]))),
    sub: (a: Q<T>, b: Q<T>): Q<T> => make(o.sub(o.mul(a[0], b[1]), o.mul(b[0], a[1])), o.mul(a[1], b[1])),
    mul: (a: Q<T>, b: Q<T>): Q<T> => (o.sign(a[0]) === 0 || o.sign(b[0]) === 0 ? ZERO : make(o.mul(a[0], b[0]), o.mul(a[1], b[1]))),
    div: (a: Q<T>, b: Q<T>): Q<T> => make(o.mul(a[0], b[1]), o.mul(a[1], b[0])),
    sign: (a: Q<T>): number => o.sign(a[0]),
    cmp: (a: Q<T>, b: Q<T>): number => o.sign(o.sub(o.mul(a[0], b[1]), o.mul(b[0], a[1]))),
    toNumber: (a: Q<T>): number => o.toNumber(a[0]) / o.toNumber(a[1]),
  };
}

function solve<T>(o: Ops<T>, system: LinearSystem, objectives: readonly (readonly (readonly [number, number])[])[]): LinearRanges {
  const q = rationals(o);
  const n = system.variables;
  const m = system.equations.length;
  let width = n + m + 1; // variables, artificials, right-hand side
  let rhs = width - 1;
  let rows: Q<T>[][] = system.equations.map((e, i) => {
    const flip = e.rhs < 0 ? -1 : 1;
    const row: Q<T>[] = new Array(width).fill(q.ZERO);
    for (const [j, c] of e.terms) row[j] = q.add(row[j]!, q.int(c * flip));
    row[n + i] = q.int(1);
    row[rhs] = q.int(e.rhs * flip);
    return row;
  });
  let basis = rows.map((_, i) => n + i);

  const pivot = (r: number, c: number, obj: Q<T>[]) => {
    const pr = rows[r]!;
    const pv = pr[c]!;
    for (let j = 0; j < pr.length; j++) if (q.sign(pr[j]!) !== 0) pr[j] = q.div(pr[j]!, pv);
    const elim = (row: Q<T>[]) => {
      const f = row[c]!;
      if (q.sign(f) === 0) return;
      for (let j = 0; j < row.length; j++) if (q.sign(pr[j]!) !== 0) row[j] = q.sub(row[j]!, q.mul(f, pr[j]!));
    };
    for (let i = 0; i < rows.length; i++) if (i !== r) elim(rows[i]!);
    elim(obj);
    basis[r] = c;
  };
  /** Minimises the reduced-cost row `obj` over the columns `< cols`; false when unbounded. */
  const simplex = (obj: Q<T>[], cols: number): boolean => {
    for (;;) {
      let enter = -1;
      for (let j = 0; j < cols; j++) if (q.sign(obj[j]!) < 0) { enter = j; break; } // Bland: lowest index
      if (enter < 0) return true;
      let leave = -1;
      let best: Q<T> | undefined;
      for (let i = 0; i < rows.length; i++) {
        const a = rows[i]![enter]!;
        if (q.sign(a) <= 0) continue;
        const ratio = q.div(rows[i]![rhs]!, a);
        const c = best === undefined ? -1 : q.cmp(ratio, best);
        if (c < 0 || (c === 0 && basis[i]! < basis[leave]!)) { best = ratio; leave = i; }
      }
      if (leave < 0) return false;
      pivot(leave, enter, obj);
    }
  };

  // Phase 1: minimise the sum of the artificials.
  const phase1: Q<T>[] = new Array(width).fill(q.ZERO);
  for (const row of rows) for (let j = 0; j < width; j++) if (j < n || j === rhs) phase1[j] = q.sub(phase1[j]!, row[j]!);
  simplex(phase1, n + m);
  if (q.sign(phase1[rhs]!) !== 0) return { feasible: false, ranges: objectives.map(() => ({ min: NaN, max: NaN })) };
  // Drive the artificials out of the basis; a row with no original column left is redundant.
  for (let i = rows.length - 1; i >= 0; i--) {
    if (basis[i]! < n) continue;
    const j = rows[i]!.findIndex((v, k) => k < n && q.sign(v) !== 0);
    if (j >= 0) pivot(i, j, new Array(width).fill(q.ZERO));
    else {
      rows.splice(i, 1);
      basis.splice(i, 1);
    }
  }
  // The artificials are out of the basis: drop their columns.
  rows = rows.map((r) => [...r.slice(0, n), r[rhs]!]);
  width = n + 1;
  rhs = n;

  // Each objective starts from the basis the previous one ended in (any basic feasible solution is
  // a valid start): consecutive objectives are close, so few pivots are needed.
  const optimum = (c: readonly (readonly [number, number])[], sense: 1 | -1): number => {
    const cost: Q<T>[] = new Array(n).fill(q.ZERO);
    for (const [j, v] of c) cost[j] = q.add(cost[j]!, q.int(v * sense));
    // Reduced costs r_j = c_j − Σ c_B(i)·T[i][j]; the rhs cell holds −(objective value).
    const obj: Q<T>[] = new Array(width).fill(q.ZERO);
    for (let j = 0; j < n; j++) obj[j] = cost[j]!;
    rows.forEach((row, i) => {
      const cb = cost[basis[i]!]!;
      if (q.sign(cb) === 0) return;
      for (let j = 0; j < width; j++) if (j < n || j === rhs) obj[j] = q.sub(obj[j]!, q.mul(cb, row[j]!));
    });
    if (!simplex(obj, n)) return sense === 1 ? -Infinity : Infinity;
    const v = -q.toNumber(obj[rhs]!) * sense;
    return v === 0 ? 0 : v; // no −0
  };
  return { feasible: true, ranges: objectives.map((c) => ({ min: optimum(c, 1), max: optimum(c, -1) })) };
}

/**
 * The exact minimum and maximum of each objective (`[variable, coefficient]` pairs) over the
 * non-negative solutions of the system.
 *
 * @example
 * // x0 + x1 = 7, x1 + x2 = 3: x0 ∈ [4, 7]
 * linearRanges({ variables: 3, equations: [{ terms: [[0, 1], [1, 1]], rhs: 7 }, { terms: [[1, 1], [2, 1]], rhs: 3 }] }, [[[0, 1]]]).ranges
 * //=> [{ min: 4, max: 7 }]
 */
export function linearRanges(system: LinearSystem, objectives: readonly (readonly (readonly [number, number])[])[]): LinearRanges {
  try {
    return solve(numberOps, system, objectives);
  } catch (e) {
    if (!(e instanceof Overflow)) throw e;
    return solve(bigOps, system, objectives);
  }
}
