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
 * calculator calls: nothing is interpreted per record.
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

/** What a compiled condition reads: the record (in the indicator's numbering) and, for persons, its facts. */
interface ItemScope {
  r: Readonly<Record<string, unknown>>;
}
interface PersonScope extends ItemScope {
  r: PersonRecordLike;
  c: RecordContext;
}

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

/** A leaf's value test, with an age band fused into one closure (for the derived facts). */
function factTest(leaf: Leaf, test: ValueTest): ValueTest {
  const range = closedRange(leaf);
  if (range === undefined) return test;
  const [lo, hi] = range;
  return (v) => typeof v === 'number' && v >= lo && v <= hi;
}

/**
 * A leaf on an item of the record, with the commonest shapes fused into one closure (they run on
 * every record for every indicator). Each fused shape means exactly what `@canji/form`'s
 * `valueTest` means: strict equality for `eq` / `ne`, SameValueZero for the lists (the two agree
 * when no constant is NaN, which is checked).
 */
function itemLeaf(leaf: Leaf, test: ValueTest, name: string): (s: ItemScope) => boolean {
  switch (singleComparison(leaf)) {
    case 'eq': {
      const x = leaf.eq;
      return (s) => s.r[name] === x;
    }
    case 'ne': {
      const x = leaf.ne;
      return (s) => s.r[name] !== x;
    }
    case 'in': {
      const xs = leaf.in!;
      if (xs.length !== 2 || !noNaN(xs)) break;
      const [a, b] = xs;
      return (s) => {
        const v = s.r[name];
        return v === a || v === b;
      };
    }
    case 'present': {
      const want = leaf.present;
      return (s) => isAnswered(s.r[name]) === want;
    }
    case 'includes': {
      const x = leaf.includes!;
      return (s) => {
        const v = s.r[name];
        return Array.isArray(v) ? v.includes(x) : v === x;
      };
    }
    case 'includesAny':
    case 'includesNone': {
      const xs = (leaf.includesAny ?? leaf.includesNone)!;
      if (!noNaN(xs)) break;
      const set = new Set<unknown>(xs);
      const any = (v: unknown): boolean => {
        if (!Array.isArray(v)) return set.has(v);
        for (let i = 0; i < v.length; i++) if (set.has(v[i])) return true;
        return false;
      };
      return leaf.includesAny !== undefined ? (s) => any(s.r[name]) : (s) => !any(s.r[name]);
    }
  }
  const range = closedRange(leaf);
  if (range !== undefined) {
    const [lo, hi] = range;
    return (s) => {
      const v = s.r[name];
      return typeof v === 'number' && v >= lo && v <= hi;
    };
  }
  return (s) => test(s.r[name]);
}

function personLeaf(leaf: Leaf, test: ValueTest): (s: PersonScope) => boolean {
  const ref = leafRef(leaf);
  if (ref.source !== 'item') {
    throw new ConditionError('CONDITION_REFERENCE', `指标条件只能读记录的题目和派生事实（${INDICATOR_FACTS.join('、')}），不能读 ${ref.source}.${ref.name}`);
  }
  const name = ref.name;
  if (!name.startsWith('$')) return itemLeaf(leaf, test, name);
  const fact = PERSON_FACTS[name as keyof typeof PERSON_FACTS];
  if (fact === undefined) throw new ConditionError('CONDITION_REFERENCE', `指标条件中的派生事实“${name}”不可用：可用 ${INDICATOR_FACTS.join('、')}`);
  const t = factTest(leaf, test);
  return (s) => t(s.c[fact]);
}

function villageLeaf(leaf: Leaf, test: ValueTest): (s: ItemScope) => boolean {
  const ref = leafRef(leaf);
  if (ref.source !== 'item' || ref.name.startsWith('$')) {
    throw new ConditionError('CONDITION_REFERENCE', `村（社区）指标条件只能读记录的题目，不能读 ${ref.source === 'item' ? ref.name : `${ref.source}.${ref.name}`}`);
  }
  return itemLeaf(leaf, test, ref.name);
}

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
  const f = compileBoolCondition<PersonScope>(condition, personLeaf);
  // One scope per compiled predicate, refilled on each call: no allocation per record.
  const scope: PersonScope = { r: EMPTY, c: EMPTY_CONTEXT };
  return (r, c) => {
    scope.r = r;
    scope.c = c;
    return f(scope);
  };
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
  const f = compileBoolCondition<ItemScope>(condition, villageLeaf);
  const scope: ItemScope = { r: EMPTY };
  return (v) => {
    scope.r = v;
    return f(scope);
  };
}

const EMPTY: PersonRecordLike = Object.freeze({});
const EMPTY_CONTEXT: RecordContext = Object.freeze({ asOf: '', personStatus: undefined, age: undefined, sex: undefined, category: undefined, level: undefined });
