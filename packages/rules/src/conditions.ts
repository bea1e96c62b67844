/**
 * Rules say "who" with canji's one condition language (`@canji/form`'s `Condition`): compare an
 * item of the record, a derived fact (`$age`, `$category` …), a field of the partner department's
 * row or the same person's previous-round record with a value. The meaning of every comparison and
 * combinator is `@canji/form`'s (`compileBoolCondition`); this module says where a rule's values
 * come from and fuses the commonest shapes on record columns, which run on every record.
 * Conditions are compiled once into plain functions; nothing is interpreted per record.
 */
import { compileBoolCondition, isAnswered, leafRef, singleComparison, type Condition, type FactName, type Leaf, type ValueTest } from '@canji/form';
import type { PersonRecord, RecordFacts } from './model.js';

export type { Comparison, Condition, FactName } from '@canji/form';
export { isAnswered } from '@canji/form';

/** What a compiled condition reads. */
export interface Scope {
  record: PersonRecord;
  facts: RecordFacts;
  row: Readonly<Record<string, unknown>> | undefined;
  /** The record's values by position (see `compileCondition`'s `positions`), when the runner has them. */
  values?: readonly unknown[] | undefined;
  /** The same person's record of the previous round, for `{ previous: … }` leaves (`undefined`: none). */
  previous?: PersonRecord | undefined;
  /** The facts of the previous-round record (`$age` … of `{ previous: '$age' }`). */
  previousFacts?: RecordFacts | undefined;
}

export type CompiledCondition = (scope: Scope) => boolean;

/** @internal Where each fact of the language sits in {@link RecordFacts}. */
export const FACT_KEYS: Readonly<Record<FactName, keyof RecordFacts>> = {
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

function includesCode(v: unknown, code: number): boolean {
  return Array.isArray(v) ? v.includes(code) : v === code;
}

function factKey(name: string): keyof RecordFacts {
  const key = FACT_KEYS[name as FactName];
  if (!key) throw new Error(`unknown fact ${name}`);
  return key;
}

/**
 * Compiles a condition into a function (once, at rule-set compile time). `positions` maps record
 * columns to their index in the runner's dense values, for the fused fast paths.
 *
 * @example
 * ```ts
 * const under3 = compileCondition({ all: [{ item: '$category', eq: 3 }, { item: '$age', lt: 3 }] });
 * under3({ record: {}, facts: { ...recordFacts({}), category: 3, age: 2 }, row: undefined }); //=> true
 * ```
 */
export function compileCondition(c: Condition, positions?: ReadonlyMap<string, number>): CompiledCondition {
  return compileBoolCondition<Scope>(c, (leaf, test) => compileLeaf(leaf, test, positions));
}

function compileLeaf(c: Leaf, test: ValueTest, positions: ReadonlyMap<string, number> | undefined): CompiledCondition {
  const ref = leafRef(c);
  const name = ref.name;
  if (ref.source === 'dept') {
    if (name === '$matched') return (s) => test(s.row !== undefined);
    return (s) => test(s.row?.[name]);
  }
  if (ref.source === 'previous') {
    if (name === '$matched') return (s) => test(s.previous !== undefined);
    if (name.startsWith('$')) {
      const key = factKey(name);
      return (s) => test(s.previousFacts?.[key]);
    }
    return (s) => test(s.previous?.[name]);
  }
  if (name.startsWith('$')) {
    const key = factKey(name);
    return (s) => test(s.facts[key]);
  }
  // A record column: by position when the runner supplies the values densely, else by key.
  const p = positions?.get(name);
  if (p === undefined) return (s) => test(s.record[name]);
  // The commonest shapes, fused into one closure — they run on every record.
  const at = (s: Scope): unknown => (s.values ? s.values[p] : s.record[name]);
  const only = singleComparison(c);
  if (only === 'eq') {
    const x = c.eq;
    return (s) => (s.values ? s.values[p] : s.record[name]) === x;
  }
  if (only === 'in' || only === 'notIn') {
    const set = new Set<unknown>(c[only]);
    return only === 'in' ? (s) => set.has(at(s)) : (s) => !set.has(at(s));
  }
  if (only === 'present') {
    const want = c.present;
    return (s) => isAnswered(at(s)) === want;
  }
  if (only === 'includes') {
    const x = c.includes!;
    return (s) => includesCode(at(s), x);
  }
  return (s) => test(at(s));
}
