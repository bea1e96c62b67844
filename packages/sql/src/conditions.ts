/**
 * canji's one condition language (`@canji/form`'s `Condition`) compiled to a SQL boolean
 * expression that is TRUE exactly when the JavaScript engine's compiled condition
 * (`compileCondition` of `@canji/rules`, two-valued) is true, and FALSE otherwise — never NULL.
 *
 * The JavaScript meaning, leaf by leaf (`@canji/form`'s `compile-condition.ts`):
 * - `eq x` is `v === x`: a number equals only a number, a text only a text, a multiple-choice
 *   answer (an array) nothing; `ne` / `notIn` are the negations, so an unanswered value is `ne`;
 * - ordering comparisons need a number (`typeof v === 'number'`);
 * - `present` is `isAnswered` (not undefined / null / blank text / empty array);
 * - `includes c` is `Array.isArray(v) ? v.includes(c) : v === c`.
 *
 * SQL's three-valued logic would make any comparison with NULL (an unanswered cell, a person
 * not found in a department's extract) NULL, and `NOT NULL` is NULL too, where JavaScript's
 * `undefined === 1` is plainly false and its negation true. So every comparison is wrapped
 * `COALESCE(…, FALSE)`: each leaf is TRUE or FALSE, and `AND` / `OR` / `NOT` / `<>` (xor) over
 * them keep two values.
 */
import { COMPARISON_KEYS, normalizeCondition, type Comparison, type Condition, type Scalar } from '@canji/form';
import type { SqlDialect } from './dialect.js';

/**
 * How a value a leaf reads looks in SQL:
 * - `number` — an item answered with a code or a number, a numeric fact (`$age`) or department
 *   field: `expr` is numeric, NULL when unanswered or not a number;
 * - `text` — free text, dates, `$id`, `$idSex` …: `expr` is text, NULL when absent;
 * - `list` — a multiple-choice answer written as its codes joined by `,` (`1,3`), the flat layout's
 *   one column per item (`toFlatRow` of `@canji/form`); civil affairs' merged `benefits` too;
 * - `boolean` — `$matched`: `expr` is TRUE or FALSE, never NULL;
 * - `absent` — a value that cannot be there (a department field outside a cross-check rule):
 *   every comparison decides as on an unanswered value.
 *
 * `present` is a SQL boolean, never NULL: whether the value counts as answered (`isAnswered`).
 */
export interface SqlValue {
  kind: 'number' | 'text' | 'list' | 'boolean' | 'absent';
  expr: string;
  present: string;
}

/** Where a compiled condition reads its values: the record's items and facts, the department's row. */
export interface SqlConditionScope {
  dialect: SqlDialect;
  /** An item of the record (`r13`) or a fact (`$age`). Throws {@link SqlCompileError} when it cannot be read. */
  item(name: string): SqlValue;
  /** A field of the department's matched row, or `$matched`. Throws {@link SqlCompileError} when it cannot be read. */
  dept(name: string): SqlValue;
  /** An item of the previous round's record; `undefined`: year-on-year leaves are not compiled here. */
  previous?(name: string): SqlValue;
}

/** Stable codes of {@link SqlCompileError}. */
export type SqlCompileErrorCode = 'SQL_CONDITION_SHAPE' | 'SQL_CONDITION_EMPTY' | 'SQL_CONDITION_REFERENCE' | 'SQL_CONDITION_PREVIOUS';

/** A condition the SQL compiler cannot compile; `code` is stable, `message` zh-CN. */
export class SqlCompileError extends Error {
  readonly code: SqlCompileErrorCode;
  constructor(code: SqlCompileErrorCode, message: string) {
    super(message);
    this.name = 'SqlCompileError';
    this.code = code;
  }
}

/** A value that is never there (see {@link SqlValue}). */
export const ABSENT: SqlValue = { kind: 'absent', expr: 'NULL', present: 'FALSE' };

function orAll(parts: readonly string[], d: SqlDialect): string {
  if (parts.length === 0) return d.bool(false);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

function andAll(parts: readonly string[], d: SqlDialect): string {
  if (parts.length === 0) return d.bool(true);
  return parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`;
}

function not(e: string): string {
  return `(NOT ${e})`;
}

/** `COALESCE(e, FALSE)`: a comparison with an absent value is false, as in JavaScript. */
function sure(e: string, d: SqlDialect): string {
  return `COALESCE(${e}, ${d.bool(false)})`;
}

/** `v === x` in SQL. */
function equals(v: SqlValue, x: Scalar, d: SqlDialect): string {
  switch (v.kind) {
    case 'number':
      return typeof x === 'number' ? sure(`${v.expr} = ${d.num(x)}`, d) : d.bool(false);
    case 'text':
      return typeof x === 'string' ? sure(`${v.expr} = ${d.text(x)}`, d) : d.bool(false);
    case 'boolean':
      return typeof x === 'boolean' ? (x ? v.expr : not(v.expr)) : d.bool(false);
    case 'list':
    case 'absent':
      return d.bool(false);
    default:
      return v.kind satisfies never;
  }
}

/** `xs.includes(v)` in SQL. */
function isIn(v: SqlValue, xs: readonly Scalar[], d: SqlDialect): string {
  if (v.kind === 'number') {
    const nums = [...new Set(xs.filter((x): x is number => typeof x === 'number'))];
    if (nums.length === 0) return d.bool(false);
    if (nums.length === 1) return equals(v, nums[0]!, d);
    return sure(d.inList(v.expr, nums.map((n) => d.num(n))), d);
  }
  if (v.kind === 'text') {
    const texts = [...new Set(xs.filter((x): x is string => typeof x === 'string'))];
    if (texts.length === 0) return d.bool(false);
    if (texts.length === 1) return equals(v, texts[0]!, d);
    return sure(d.inList(v.expr, texts.map((t) => d.text(t))), d);
  }
  return orAll([...new Set(xs)].map((x) => equals(v, x, d)), d);
}

/** `typeof v === 'number' && v <op> x` in SQL. */
function ordered(v: SqlValue, op: '<' | '<=' | '>' | '>=', x: number, d: SqlDialect): string {
  return v.kind === 'number' ? sure(`${v.expr} ${op} ${d.num(x)}`, d) : d.bool(false);
}

/** `Array.isArray(v) ? v.includes(code) : v === code` in SQL. */
function includes(v: SqlValue, code: number, d: SqlDialect): string {
  if (v.kind === 'list') return sure(d.listContains(v.expr, code), d);
  return equals(v, code, d);
}

/** The SQL of each comparison a leaf gives, in the order of `COMPARISON_KEYS`. */
function comparisons(c: Comparison, v: SqlValue, d: SqlDialect): string[] {
  const out: string[] = [];
  for (const key of COMPARISON_KEYS) {
    const x = c[key];
    if (x === undefined) continue;
    switch (key) {
      case 'eq':
        out.push(equals(v, x as Scalar, d));
        break;
      case 'ne':
        out.push(not(equals(v, x as Scalar, d)));
        break;
      case 'in':
        out.push(isIn(v, x as readonly Scalar[], d));
        break;
      case 'notIn':
        out.push(not(isIn(v, x as readonly Scalar[], d)));
        break;
      case 'lt':
        out.push(ordered(v, '<', x as number, d));
        break;
      case 'lte':
        out.push(ordered(v, '<=', x as number, d));
        break;
      case 'gt':
        out.push(ordered(v, '>', x as number, d));
        break;
      case 'gte':
        out.push(ordered(v, '>=', x as number, d));
        break;
      case 'present':
        out.push(x ? v.present : not(v.present));
        break;
      case 'includes':
        out.push(includes(v, x as number, d));
        break;
      case 'includesAny':
        out.push(orAll((x as readonly number[]).map((code) => includes(v, code, d)), d));
        break;
      case 'includesNone':
        out.push(not(orAll((x as readonly number[]).map((code) => includes(v, code, d)), d)));
        break;
      default:
        key satisfies never;
    }
  }
  return out;
}

/**
 * Compiles a condition to a SQL boolean expression over `scope` (the record's items and facts,
 * the department's row): TRUE exactly where `compileCondition` of `@canji/rules` gives true,
 * FALSE elsewhere, never NULL. The older form shapes (`{ age: … }`, `{ item, answered }` …) are
 * normalised first. Throws {@link SqlCompileError} for a condition it cannot compile (a malformed
 * one, a leaf without comparisons, a `previous` leaf when the scope has no previous round).
 *
 * @example
 * ```ts
 * const d = sqlDialect('duckdb');
 * const scope: SqlConditionScope = {
 *   dialect: d,
 *   item: (k) => ({ kind: 'number', expr: d.ident(k), present: `(${d.ident(k)} IS NOT NULL)` }),
 *   dept: () => ABSENT,
 * };
 * compileConditionToSql({ item: 'r13', eq: 5 }, scope); //=> `COALESCE("r13" = 5, FALSE)`
 * compileConditionToSql({ item: 'r13', ne: 5 }, scope); //=> `(NOT COALESCE("r13" = 5, FALSE))`
 * ```
 */
export function compileConditionToSql(condition: Condition, scope: SqlConditionScope): string {
  const d = scope.dialect;
  const compile = (raw: Condition): string => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new SqlCompileError('SQL_CONDITION_SHAPE', `条件应为对象，实为 ${JSON.stringify(raw)}`);
    const c = normalizeCondition(raw);
    if ('all' in c) return andAll(c.all.map(compile), d);
    if ('any' in c) return orAll(c.any.map(compile), d);
    if ('not' in c) return not(compile(c.not));
    if ('xor' in c) return `(${compile(c.xor[0])} <> ${compile(c.xor[1])})`;
    let v: SqlValue;
    let where: string;
    if ('item' in c) {
      v = scope.item(c.item);
      where = c.item;
    } else if ('dept' in c) {
      v = scope.dept(c.dept);
      where = `dept.${c.dept}`;
    } else if ('previous' in c) {
      if (!scope.previous) throw new SqlCompileError('SQL_CONDITION_PREVIOUS', `条件读取上一轮记录（previous.${c.previous}），SQL 引擎尚不支持年度比对`);
      v = scope.previous(c.previous);
      where = `previous.${c.previous}`;
    } else throw new SqlCompileError('SQL_CONDITION_SHAPE', `无法识别的条件：${JSON.stringify(raw)}`);
    const parts = comparisons(c as Comparison, v, d);
    if (parts.length === 0) throw new SqlCompileError('SQL_CONDITION_EMPTY', `条件“${where}”没有任何比较（eq、in、present …）`);
    return andAll(parts, d);
  };
  return compile(condition);
}
