/**
 * Indicator populations in canji's one condition language (`@canji/form`'s `Condition`): who is in
 * the denominator, who has answered, who is in the numerator — as data a reviewer, a data
 * dictionary or a SQL compiler can read. The meaning of every comparison and combinator is
 * `@canji/form`'s (`compileBoolCondition`); this module says where an indicator's values come from
 * — an item of the record (`{ item: 'r16' }`, read from the record the indicator sees, i.e. in
 * 2017 keys on 2021 data), or a fact the calculator derives once per record (`$age`, `$category`,
 * `$level`, from {@link RecordContext}) — and fuses the commonest leaf shapes, which run on every
 * record for every indicator.
 *
 * Each condition is compiled once, when the indicator is defined, into the plain function the
 * calculator calls: nothing is interpreted per record. Why the compiled code looks as it does
 * (facts set once per record, fused leaves, 核查状态 from the context): docs/internals/indicator-conditions.md.
 */
import { COMPARISON_KEYS, compileBoolCondition, ConditionError, isAnswered, leafRef, singleComparison, type Condition, type Leaf, type ValueTest } from '@canji/form';
import type { PersonRecordLike, RecordContext, VillageRecordLike } from './record.js';

/**
 * A person indicator's predicate written as a function (where a condition cannot say it).
 *
 * @example
 * ```ts
 * import type { PersonPredicate } from '@canji/indicators';
 * const adult: PersonPredicate = (_r, c) => c.age !== undefined && c.age >= 18;
 * ```
 */
export type PersonPredicate = (record: PersonRecordLike, ctx: RecordContext) => boolean;

/**
 * A village indicator's predicate written as a function.
 *
 * @example
 * ```ts
 * import type { VillagePredicate } from '@canji/indicators';
 * const hasShop: VillagePredicate = (v) => v.v4 === 1;
 * ```
 */
export type VillagePredicate = (record: VillageRecordLike) => boolean;

/**
 * The facts a person indicator's condition can read besides the record's items, and where the
 * calculator keeps them. `person_status`, `sex`, `r3` … are items: read them from the record.
 */
const PERSON_FACTS = { $age: 'age', $category: 'category', $level: 'level' } as const satisfies Record<string, keyof RecordContext>;

/**
 * The derived facts an indicator condition can read (`{ item: '$age', gte: 16 }`): age in whole
 * years at the reference date, disability category and level (recorded, else from the certificate
 * number) — see {@link RecordContext}.
 *
 * @example
 * ```ts
 * import { INDICATOR_FACTS } from '@canji/indicators';
 * INDICATOR_FACTS; //=> ['$age', '$category', '$level']
 * ```
 */
export const INDICATOR_FACTS: readonly (keyof typeof PERSON_FACTS)[] = Object.freeze(Object.keys(PERSON_FACTS) as (keyof typeof PERSON_FACTS)[]);

/** What a compiled condition reads: the record, in the indicator's numbering (its facts are in {@link facts}). */
type Scope = Readonly<Record<string, unknown>>;
type Compiled = (r: Scope) => boolean;

/**
 * The facts of the record being counted. The calculator sets them once per record
 * ({@link setRecordFacts}) and calls the compiled conditions directly; a predicate called from
 * outside the calculator sets them for the call (and restores them).
 */
let facts: RecordContext = Object.freeze({ asOf: '', personStatus: undefined, age: undefined, sex: undefined, category: undefined, level: undefined });

/** True when no constant is NaN, so `===` and SameValueZero (`includes`, `Set`) agree on them. */
const noNaN = (xs: readonly unknown[]): boolean => xs.every((x) => x === x);

/**
 * `[gte, lte]` when a leaf's comparisons are `gte` and/or `lte` only (an age band), else undefined.
 * A missing bound is infinite, which every number but NaN passes, as the comparison it stands for.
 */
function closedRange(leaf: Leaf): [number, number] | undefined {
  if (leaf.gte === undefined && leaf.lte === undefined) return undefined;
  for (const k of COMPARISON_KEYS) if (k !== 'gte' && k !== 'lte' && leaf[k] !== undefined) return undefined;
  return [leaf.gte ?? -Infinity, leaf.lte ?? Infinity];
}

/**
 * A leaf on an item of the record, with the commonest shapes fused into one closure (they run on
 * every record for every indicator). Each fused shape means exactly what `@canji/form`'s
 * `valueTest` means: strict equality for `eq` / `ne`, SameValueZero for the lists (the two agree
 * when no constant is NaN, which is checked).
 */
function itemLeaf(leaf: Leaf, test: ValueTest, name: string): Compiled {
  switch (singleComparison(leaf)) {
    case 'eq': {
      const x = leaf.eq;
      return (r) => r[name] === x;
    }
    case 'ne': {
      const x = leaf.ne;
      return (r) => r[name] !== x;
    }
    case 'in': {
      const xs = leaf.in!;
      if (xs.length !== 2 || !noNaN(xs)) break;
      const [a, b] = xs;
      return (r) => {
        const v = r[name];
        return v === a || v === b;
      };
    }
    case 'present': {
      const want = leaf.present;
      return (r) => isAnswered(r[name]) === want;
    }
    case 'includes': {
      const x = leaf.includes!;
      return (r) => {
        const v = r[name];
        return Array.isArray(v) ? v.includes(x) : v === x;
      };
    }
    case 'includesAny':
    case 'includesNone': {
      const xs = (leaf.includesAny ?? leaf.includesNone)!;
      if (!noNaN(xs)) break;
      const set = new Set<unknown>(xs);
      const want = leaf.includesAny !== undefined;
      return (r) => {
        const v = r[name];
        if (!Array.isArray(v)) return set.has(v) === want;
        for (let i = 0; i < v.length; i++) if (set.has(v[i])) return want;
        return !want;
      };
    }
  }
  const range = closedRange(leaf);
  if (range !== undefined) {
    const [lo, hi] = range;
    return (r) => {
      const v = r[name];
      return typeof v === 'number' && v >= lo && v <= hi;
    };
  }
  return (r) => test(r[name]);
}

/** A leaf on a derived fact, the age band and `eq` fused. */
function factLeaf(leaf: Leaf, test: ValueTest, key: (typeof PERSON_FACTS)[keyof typeof PERSON_FACTS]): Compiled {
  const range = closedRange(leaf);
  if (range !== undefined) {
    const [lo, hi] = range;
    return () => {
      const v = facts[key];
      return typeof v === 'number' && v >= lo && v <= hi;
    };
  }
  if (singleComparison(leaf) === 'eq') {
    const x = leaf.eq;
    return () => facts[key] === x;
  }
  return () => test(facts[key]);
}

/** Set by the leaf compiler when a condition reads a derived fact (compilation is synchronous). */
let readsFacts = false;
/** True while compiling the calculator's version of a condition (see {@link personStatusLeaf}). */
let forCalculator = false;

/**
 * In the calculator, a leaf comparing `person_status` with numbers reads the calculator's copy of
 * it (`RecordContext.personStatus`, filled from the same record by `fillContext`: the value when
 * it is a number, else undefined; a 2021 record's 2017 view keeps `person_status`), which is the
 * same for these comparisons: a value equal to a number is that number. It is the commonest leaf of the built-ins (核查状态正常), and a property of
 * the context is cheaper to read than one of records of many shapes.
 */
function personStatusLeaf(leaf: Leaf): Compiled | undefined {
  const only = singleComparison(leaf);
  const number = (x: unknown): x is number => typeof x === 'number' && x === x;
  if (only === 'eq' && number(leaf.eq)) {
    const x = leaf.eq;
    return () => facts.personStatus === x;
  }
  if (only === 'ne' && number(leaf.ne)) {
    const x = leaf.ne;
    return () => facts.personStatus !== x;
  }
  return undefined;
}

function personLeaf(leaf: Leaf, test: ValueTest): Compiled {
  const ref = leafRef(leaf);
  if (ref.source !== 'item') {
    throw new ConditionError('CONDITION_REFERENCE', `指标条件只能读记录的题目和派生事实（${INDICATOR_FACTS.join('、')}），不能读 ${ref.source}.${ref.name}`);
  }
  const name = ref.name;
  if (!name.startsWith('$')) {
    const status = forCalculator && name === 'person_status' ? personStatusLeaf(leaf) : undefined;
    if (status === undefined) return itemLeaf(leaf, test, name);
    readsFacts = true;
    return status;
  }
  const key = PERSON_FACTS[name as keyof typeof PERSON_FACTS];
  if (key === undefined) throw new ConditionError('CONDITION_REFERENCE', `指标条件中的派生事实“${name}”不可用：可用 ${INDICATOR_FACTS.join('、')}`);
  readsFacts = true;
  return factLeaf(leaf, test, key);
}

function villageLeaf(leaf: Leaf, test: ValueTest): Compiled {
  const ref = leafRef(leaf);
  if (ref.source !== 'item' || ref.name.startsWith('$')) {
    throw new ConditionError('CONDITION_REFERENCE', `村（社区）指标条件只能读记录的题目，不能读 ${ref.source === 'item' ? ref.name : `${ref.source}.${ref.name}`}`);
  }
  return itemLeaf(leaf, test, ref.name);
}

/** The compiled condition behind each predicate that reads facts, for the calculator (see {@link calculatorPredicate}). */
const DIRECT = new WeakMap<PersonPredicate, Compiled>();

/**
 * Compiles a person indicator's condition into the predicate the calculator calls (once; throws
 * `ConditionError` for a condition it cannot compile: `CONDITION_SHAPE`, `CONDITION_EMPTY`, or
 * `CONDITION_REFERENCE` for a department, previous-round or unknown fact leaf).
 *
 * @example
 * ```ts
 * import { compilePersonCondition } from '@canji/indicators';
 * const workingAge = compilePersonCondition({ all: [{ item: 'person_status', eq: 6 }, { item: '$age', gte: 16, lte: 59 }] });
 * workingAge({ person_status: 6 }, { asOf: '2019-07-01', personStatus: 6, age: 30, sex: undefined, category: undefined, level: undefined }); //=> true
 * ```
 */
export function compilePersonCondition(condition: Condition): PersonPredicate {
  const own = compilePerson(condition, false);
  const calculator = compilePerson(condition, true);
  // A condition on items only is its own predicate (the context argument is not read).
  const predicate: PersonPredicate = own.readsFacts ? withFacts(own.f) : own.f;
  if (calculator.readsFacts) DIRECT.set(predicate, calculator.f);
  return predicate;
}

/** Compiles a condition as a predicate of its own or for the calculator, and says whether it reads {@link facts}. */
function compilePerson(condition: Condition, calculator: boolean): { f: Compiled; readsFacts: boolean } {
  readsFacts = false;
  forCalculator = calculator;
  try {
    const f = compileBoolCondition<Scope>(condition, personLeaf);
    return { f, readsFacts };
  } finally {
    forCalculator = false;
  }
}

/** The predicate of a compiled condition that reads facts: they are the context it is given. */
function withFacts(f: Compiled): PersonPredicate {
  return (r, c) => {
    const outer = facts;
    facts = c;
    try {
      return f(r);
    } finally {
      facts = outer;
    }
  };
}

/**
 * @internal The function the calculator calls for a predicate: a compiled condition reads the
 * facts the calculator set with {@link setRecordFacts} (one store per record instead of one per
 * call); anything else is called as it is.
 */
export function calculatorPredicate(p: PersonPredicate): PersonPredicate {
  return DIRECT.get(p) ?? p;
}

/** @internal Sets the facts of the record the calculator is counting (before its predicates run). */
export function setRecordFacts(c: RecordContext): void {
  facts = c;
}

/**
 * Compiles a village indicator's condition (items only, no derived facts).
 *
 * @example
 * ```ts
 * import { compileVillageCondition } from '@canji/indicators';
 * const answered = compileVillageCondition({ item: 'v7', in: [1, 2] });
 * [answered({ v7: 2 }), answered({})]; //=> [true, false]
 * ```
 */
export function compileVillageCondition(condition: Condition): VillagePredicate {
  return compileBoolCondition<Scope>(condition, villageLeaf);
}
