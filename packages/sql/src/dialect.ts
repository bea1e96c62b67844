/**
 * The SQL dialects canji compiles to, and everything that differs between them, in one place:
 * identifier quoting, string and boolean literals, regular-expression matching, character
 * translation and trimming, integer division, the age at a date, the GB 11643 MOD 11-2 check
 * character, multiple-choice membership and the few aggregates and set-returning functions the
 * findings query needs. The compilers (`conditions.ts`, `identity.ts`, `findings.ts`) build SQL
 * only through these methods, so a construct that differs is decided here and nowhere else.
 *
 * - **DuckDB** (`duckdb`): the embedded default (`@duckdb/node-api`, no server).
 * - **PostgreSQL 15** (`postgres`): what a provincial platform runs.
 * - **Spark SQL 3.4+** (`spark`): the distributed engine of the provincial big-data platforms
 *   (大数据平台), most of which keep their tables in Hive and query them with Spark; see the
 *   package README for why Spark rather than Trino.
 *
 * Regular expressions are written in the subset the three engines read alike (RE2, PostgreSQL's
 * ARE, Java): ASCII only, `[0-9]` rather than `\d`, no backslash at all (Spark string literals
 * would eat it).
 */

/** The dialects {@link sqlDialect} knows. */
export const SQL_DIALECT_NAMES = ['duckdb', 'postgres', 'spark'] as const;

/** A dialect's name: `duckdb`, `postgres` or `spark`. */
export type SqlDialectName = (typeof SQL_DIALECT_NAMES)[number];

/**
 * How one SQL engine writes the constructs canji's compiled definitions use. Every method
 * returns SQL text; arguments named `expr`, `a`, `b` … are SQL expressions, `value`, `chars`,
 * `pattern` are JavaScript values the method writes as literals.
 */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** What the generated SQL's header says it is for, e.g. `PostgreSQL 15`. */
  readonly title: string;
  /** The engine's text type (`VARCHAR`, `TEXT`, `STRING`). */
  readonly textType: string;
  /** A quoted identifier (`"r13"`, `` `r13` ``); a dotted name `schema.table` is quoted part by part with {@link tableName}. */
  ident(name: string): string;
  /** A table name, `schema.table` allowed, each part quoted. */
  tableName(name: string): string;
  /** A string literal holding exactly `value` (control and invisible characters escaped the engine's way). */
  text(value: string): string;
  /** `TRUE` / `FALSE`. */
  bool(value: boolean): string;
  /** A numeric literal. */
  num(value: number): string;
  /** `expr` as text (`CAST(expr AS VARCHAR)`): a text column stays as it is, an integer column becomes its digits. */
  toText(expr: string): string;
  /** `expr`, text already known to be a plain decimal number (`12`, `3.5`, `-1`), as a number. */
  toNumber(expr: string): string;
  /** Whether `expr` matches `pattern` (ASCII, no backslashes); NULL when `expr` is NULL. */
  regexMatch(expr: string, pattern: string): string;
  /** Each character of `from` replaced by the one at the same place in `to`; those past the end of `to` deleted. */
  translate(expr: string, from: string, to: string): string;
  /** `expr` without the characters of `chars` at either end. */
  trimChars(expr: string, chars: string): string;
  /** Characters `start` (1-based) … `start + length − 1`. */
  substr(expr: string, start: number | string, length?: number | string): string;
  /** Length in characters. */
  length(expr: string): string;
  /** The last character of `expr` (empty text when `expr` is empty). */
  lastChar(expr: string): string;
  /** The code point of the first character of `expr`. */
  codePoint(expr: string): string;
  /** Text concatenation. */
  concat(parts: readonly string[]): string;
  /** Integer division of two non-negative integers. */
  intDiv(a: string, b: string): string;
  /** Remainder of two non-negative integers. */
  mod(a: string, b: string): string;
  /** The value of the ASCII digit at `position` (1-based) of `expr`. */
  digitAt(expr: string, position: number): string;
  /** `expr`, text of ASCII digits only (at most 18), as a 64-bit integer. */
  toBigInt(expr: string): string;
  /**
   * The digits `from` … `from + count − 1` (1-based, counted from the left) of a 17-digit number
   * held as a 64-bit integer `n17`, as an integer: arithmetic, no text function.
   */
  digitsOf17(n17: string, from: number, count: number): string;
  /**
   * The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the 17-digit number `n17` (a 64-bit
   * integer, see {@link SqlDialect.toBigInt}): weights 2^(i−1) mod 11 for positions 18…2, the sum
   * mod 11 mapped through `10X98765432`.
   */
  checkCharacter(n17: string): string;
  /**
   * Whether `y`, `m`, `d` (integer expressions) name a calendar date (proleptic Gregorian, as
   * `isCalendarDate` of `@canji/id`).
   */
  isCalendarDate(y: string, m: string, d: string): string;
  /**
   * The `yyyymmdd` integer written by a date text of the forms `dateNumber` of `@canji/id` reads
   * (`YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MMDD`, `YYYYMM-DD`, surrounding white space allowed), not yet
   * checked against the calendar; NULL when the text has another form. See {@link SqlDialect.calendarDate}.
   */
  dateCandidate(expr: string): string;
  /** `n` (a `yyyymmdd` integer, best a column) when it is a calendar date, else NULL. */
  calendarDate(n: string): string;
  /** {@link SqlDialect.calendarDate} of {@link SqlDialect.dateCandidate}: `dateNumber` of `@canji/id` in one expression. */
  dateNumber(expr: string): string;
  /**
   * Full years (周岁) from `birth` to `ref`, both `yyyymmdd` integers with `birth <= ref`: the
   * difference over 10 000 rounded down (`ageAt` of `@canji/id`: the birthday itself counts, a
   * 29 February birthday is reached on 1 March in common years).
   */
  ageInYears(birth: string, ref: string): string;
  /** Whether a multiple-choice answer written as codes joined by `,` (`1,3`) contains `code`. */
  listContains(list: string, code: number): string;
  /** Aggregate: the distinct non-NULL values of `expr` (text of integer codes), ascending, joined by `,`; NULL when none. */
  listAgg(expr: string): string;
  /** Aggregate: the non-NULL value of `expr` on the row with the greatest `order`; NULL when none. */
  lastNonNull(expr: string, order: string): string;
  /** A select-list expression giving one row per non-NULL element of `elements` (none: no row). */
  unnestNonNull(elements: readonly string[]): string;
  /** `expr` ordered by code units (for `period` text) rather than by the database's collation. */
  binaryText(expr: string): string;
  /** Whether `expr` is one of `values` (SQL literals): `expr IN (…)`, NULL when `expr` is NULL and none matches. */
  inList(expr: string, values: readonly string[]): string;
  /**
   * Whether `expr`, never NULL here, is one of `values` (SQL literals), for a test inside a CASE
   * branch that few rows reach: written so that the engine evaluates it only on those rows.
   */
  oneOf(expr: string, values: readonly string[]): string;
  /**
   * What ends a stage of computed columns (`SELECT *, … FROM prev<fence>`) so that the planner
   * does not merge it into the next stage, which would copy its expressions into every place that
   * reads them (PostgreSQL flattens such subqueries: ` OFFSET 0` keeps each stage computed once).
   */
  readonly stageFence: string;
}

/** Characters `String.prototype.trim` removes (JavaScript WhiteSpace and LineTerminator). */
export const JS_WHITESPACE = '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** Characters a literal writes through an escape (control, space-like and invisible ones). */
const ESCAPED = /[\u0000-\u001f\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

function hex4(c: number): string {
  return c.toString(16).padStart(4, '0');
}

/** What the three dialects share; each overrides what its engine writes differently. */
abstract class BaseDialect implements SqlDialect {
  abstract readonly name: SqlDialectName;
  abstract readonly title: string;
  abstract readonly textType: string;
  readonly stageFence: string = '';
  abstract ident(name: string): string;
  abstract text(value: string): string;
  abstract regexMatch(expr: string, pattern: string): string;
  abstract intDiv(a: string, b: string): string;
  abstract listContains(list: string, code: number): string;
  abstract listAgg(expr: string): string;
  abstract lastNonNull(expr: string, order: string): string;
  abstract unnestNonNull(elements: readonly string[]): string;

  tableName(name: string): string {
    return name
      .split('.')
      .map((p) => this.ident(p))
      .join('.');
  }
  bool(value: boolean): string {
    return value ? 'TRUE' : 'FALSE';
  }
  num(value: number): string {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    return String(value);
  }
  toText(expr: string): string {
    return `CAST(${expr} AS ${this.textType})`;
  }
  toNumber(expr: string): string {
    return `CAST(${expr} AS DOUBLE)`;
  }
  translate(expr: string, from: string, to: string): string {
    return `translate(${expr}, ${this.text(from)}, ${this.text(to)})`;
  }
  trimChars(expr: string, chars: string): string {
    return `trim(BOTH ${this.text(chars)} FROM ${expr})`;
  }
  substr(expr: string, start: number | string, length?: number | string): string {
    return length === undefined ? `substr(${expr}, ${start})` : `substr(${expr}, ${start}, ${length})`;
  }
  length(expr: string): string {
    return `length(${expr})`;
  }
  lastChar(expr: string): string {
    return `right(${expr}, 1)`;
  }
  codePoint(expr: string): string {
    return `ascii(${expr})`;
  }
  concat(parts: readonly string[]): string {
    return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
  }
  mod(a: string, b: string): string {
    return `(${a} % ${b})`;
  }
  digitAt(expr: string, position: number): string {
    return `(${this.codePoint(this.substr(expr, position, 1))} - 48)`;
  }
  toBigInt(expr: string): string {
    return `CAST(${expr} AS BIGINT)`;
  }
  digitsOf17(n17: string, from: number, count: number): string {
    const below = 17 - (from + count - 1);
    const shifted = below > 0 ? this.intDiv(n17, `CAST(${10 ** below} AS BIGINT)`) : n17;
    return from === 1 ? `(${shifted})` : this.mod(shifted, String(10 ** count));
  }
  checkCharacter(n17: string): string {
    const sum = WEIGHTS.map((w, i) => `${this.digitsOf17(n17, i + 1, 1)} * ${w}`).join(' + ');
    return this.substr(this.text('10X98765432'), `CAST(${this.mod(`(${sum})`, '11')} AS INTEGER) + 1`, 1);
  }
  isCalendarDate(y: string, m: string, d: string): string {
    const leap = `((${this.mod(y, '4')} = 0 AND ${this.mod(y, '100')} <> 0) OR ${this.mod(y, '400')} = 0)`;
    const days = `CASE WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END WHEN ${this.inList(m, ['4', '6', '9', '11'])} THEN 30 ELSE 31 END`;
    return `(${m} BETWEEN 1 AND 12 AND ${d} >= 1 AND ${d} <= ${days})`;
  }
  dateCandidate(expr: string): string {
    const pattern = '^[0-9]{4}-?[0-9]{2}-?[0-9]{2}$';
    const digits = (x: string) => `CAST(replace(${x}, ${this.text('-')}, ${this.text('')}) AS INTEGER)`;
    const t = this.trimChars(expr, JS_WHITESPACE);
    return `CASE WHEN ${this.regexMatch(expr, pattern)} THEN ${digits(expr)} WHEN ${this.regexMatch(t, pattern)} THEN ${digits(t)} END`;
  }
  calendarDate(n: string): string {
    return `CASE WHEN ${this.isCalendarDate(this.intDiv(n, '10000'), this.mod(this.intDiv(n, '100'), '100'), this.mod(n, '100'))} THEN ${n} END`;
  }
  dateNumber(expr: string): string {
    return this.calendarDate(`(${this.dateCandidate(expr)})`);
  }
  ageInYears(birth: string, ref: string): string {
    return this.intDiv(`(${ref} - ${birth})`, '10000');
  }
  binaryText(expr: string): string {
    return expr;
  }
  inList(expr: string, values: readonly string[]): string {
    return values.length === 1 ? `${expr} = ${values[0]}` : `${expr} IN (${values.join(', ')})`;
  }
  oneOf(expr: string, values: readonly string[]): string {
    return this.inList(expr, values);
  }
  /** Splits `value` into runs of plain characters and single escaped ones. */
  protected pieces(value: string): { plain: boolean; text: string }[] {
    const out: { plain: boolean; text: string }[] = [];
    for (const ch of value) {
      const plain = !ESCAPED.test(ch);
      const last = out[out.length - 1];
      if (plain && last?.plain) last.text += ch;
      else out.push({ plain, text: ch });
    }
    return out;
  }
}

/** DuckDB: `"x"` identifiers, `//` integer division, `list_filter` / `unnest`, control characters through `chr()`. */
class DuckDbDialect extends BaseDialect {
  readonly name = 'duckdb' as const;
  readonly title = 'DuckDB';
  readonly textType = 'VARCHAR';
  ident(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }
  text(value: string): string {
    // DuckDB's E'' strings have no \u escape: characters a reader could not see are chr(n).
    const parts = this.pieces(value).map((p) => (p.plain ? `'${p.text.replace(/'/g, "''")}'` : `chr(${p.text.codePointAt(0)})`));
    return parts.length === 0 ? "''" : parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
  }
  override trimChars(expr: string, chars: string): string {
    return `trim(${expr}, ${this.text(chars)})`;
  }
  override lastChar(expr: string): string {
    // A negative start counts from the end: no length to count first (twice as fast as right()).
    return `substr(${expr}, -1, 1)`;
  }
  regexMatch(expr: string, pattern: string): string {
    return `regexp_matches(${expr}, ${this.text(pattern)})`;
  }
  intDiv(a: string, b: string): string {
    return `(${a} // ${b})`;
  }
  listContains(list: string, code: number): string {
    return `contains(',' || ${list} || ',', ${this.text(`,${code},`)})`;
  }
  override inList(expr: string, values: readonly string[]): string {
    // DuckDB plans an IN list of five or more constants as a join, which computes `expr` for every
    // row, even where a CASE would not have (an expensive trim): equalities stay in the CASE.
    return values.length <= 4 ? super.inList(expr, values) : `(${values.map((v) => `${expr} = ${v}`).join(' OR ')})`;
  }
  override oneOf(expr: string, values: readonly string[]): string {
    // A function call: neither the OR chain of inList (which costs every row even in a CASE branch
    // no row reaches: 0.35 CPU-s per 5 × 10^6 cells) nor an IN list the planner may make a join.
    return values.length === 1 ? `${expr} = ${values[0]}` : `list_contains([${values.join(', ')}], ${expr})`;
  }
  listAgg(expr: string): string {
    // A list, deduplicated and sorted once per group (NULLs dropped by list_distinct): about twice
    // as fast as string_agg(DISTINCT … ORDER BY …), the same text.
    return `nullif(array_to_string(list_sort(list_distinct(list(${expr}))), ','), '')`;
  }
  lastNonNull(expr: string, order: string): string {
    return `arg_max(${expr}, ${order}) FILTER (WHERE ${expr} IS NOT NULL)`;
  }
  unnestNonNull(elements: readonly string[]): string {
    return `unnest(list_filter([${elements.join(', ')}], lambda canji_x: canji_x IS NOT NULL))`;
  }
}

/** PostgreSQL 15: `"x"` identifiers, `~` regular expressions, U&'' escapes, integer `/`, arrays. */
class PostgresDialect extends BaseDialect {
  readonly name = 'postgres' as const;
  readonly title = 'PostgreSQL 15';
  readonly textType = 'TEXT';
  // PostgreSQL pulls a CTE read once up into its reader and substitutes its expressions there:
  // over a dozen stages of ID normalisation that grows without bound. OFFSET 0 is the usual fence.
  override readonly stageFence = ' OFFSET 0';
  ident(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
  }
  text(value: string): string {
    const pieces = this.pieces(value);
    if (pieces.every((p) => p.plain)) return `'${value.replace(/'/g, "''")}'`;
    // A Unicode escape string (standard SQL, PostgreSQL 9.1+ with standard_conforming_strings on,
    // the default): \XXXX is a code point, a backslash is doubled.
    const body = pieces.map((p) => (p.plain ? p.text.replace(/\\/g, '\\\\').replace(/'/g, "''") : `\\${hex4(p.text.codePointAt(0)!)}`)).join('');
    return `U&'${body}'`;
  }
  override toNumber(expr: string): string {
    return `CAST(${expr} AS DOUBLE PRECISION)`;
  }
  regexMatch(expr: string, pattern: string): string {
    return `(${expr} ~ ${this.text(pattern)})`;
  }
  intDiv(a: string, b: string): string {
    // Both are integers here: PostgreSQL's `/` on integers truncates, which is floor for non-negative values.
    return `(${a} / ${b})`;
  }
  listContains(list: string, code: number): string {
    return `(${this.text(String(code))} = ANY (string_to_array(${list}, ',')))`;
  }
  listAgg(expr: string): string {
    return `string_agg(DISTINCT ${expr}, ',' ORDER BY ${expr})`;
  }
  lastNonNull(expr: string, order: string): string {
    return `(array_agg(${expr} ORDER BY ${order} DESC) FILTER (WHERE ${expr} IS NOT NULL))[1]`;
  }
  unnestNonNull(elements: readonly string[]): string {
    return `unnest(array_remove(ARRAY[${elements.join(', ')}], NULL))`;
  }
  override binaryText(expr: string): string {
    return `(${expr} COLLATE "C")`;
  }
}

/** Spark SQL 3.4+: `` `x` `` identifiers, `RLIKE` (Java regular expressions), `\uXXXX` and `\'` in literals, `DIV`, `explode`. */
class SparkDialect extends BaseDialect {
  readonly name = 'spark' as const;
  readonly title = 'Spark SQL 3.4+';
  readonly textType = 'STRING';
  ident(name: string): string {
    return `\`${name.replace(/`/g, '``')}\``;
  }
  text(value: string): string {
    // Spark reads backslash escapes in every literal, and two adjacent literals are concatenated
    // (so '' is not an escaped quote): quotes and backslashes are escaped with a backslash.
    const body = this.pieces(value)
      .map((p) => (p.plain ? p.text.replace(/\\/g, '\\\\').replace(/'/g, "\\'") : `\\u${hex4(p.text.codePointAt(0)!)}`))
      .join('');
    return `'${body}'`;
  }
  regexMatch(expr: string, pattern: string): string {
    return `(${expr} RLIKE ${this.text(pattern)})`;
  }
  intDiv(a: string, b: string): string {
    return `(${a} DIV ${b})`;
  }
  listContains(list: string, code: number): string {
    return `array_contains(split(${list}, ','), ${this.text(String(code))})`;
  }
  listAgg(expr: string): string {
    return `nullif(concat_ws(',', array_sort(collect_set(${expr}))), '')`;
  }
  lastNonNull(expr: string, order: string): string {
    return `max_by(${expr}, ${order}) FILTER (WHERE ${expr} IS NOT NULL)`;
  }
  unnestNonNull(elements: readonly string[]): string {
    return `explode(filter(array(${elements.join(', ')}), canji_x -> canji_x IS NOT NULL))`;
  }
}

const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = {
  duckdb: new DuckDbDialect(),
  postgres: new PostgresDialect(),
  spark: new SparkDialect(),
};

/**
 * The dialect of an engine.
 *
 * @example
 * ```ts
 * sqlDialect('postgres').regexMatch('"r13"', '^[0-9]+$'); //=> `("r13" ~ '^[0-9]+$')`
 * sqlDialect('spark').ident('r13'); //=> '`r13`'
 * sqlDialect('duckdb').text('a\u3000b'); //=> `('a' || chr(12288) || 'b')`
 * ```
 */
export function sqlDialect(name: SqlDialectName): SqlDialect {
  return DIALECTS[name];
}

/**
 * Whether `value` names a dialect (narrows the type).
 *
 * @example
 * ```ts
 * isSqlDialectName('spark'); //=> true
 * isSqlDialectName('mysql'); //=> false
 * ```
 */
export function isSqlDialectName(value: unknown): value is SqlDialectName {
  return typeof value === 'string' && (SQL_DIALECT_NAMES as readonly string[]).includes(value);
}
