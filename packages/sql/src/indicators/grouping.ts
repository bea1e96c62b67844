/**
 * The one construct the indicator query adds to what `dialect.ts` says: the roll-up as
 * `GROUP BY GROUPING SETS (…)` with `GROUPING(col)` telling a rolled-up column (1) from a group
 * whose value is unknown (0 and NULL, 未知). The three dialects write it alike, so it is said here
 * rather than in every dialect:
 *
 * - **DuckDB** (0.8+): `GROUPING SETS`, `ROLLUP`, `CUBE`, `GROUPING(col, …)` (also `GROUPING_ID`).
 * - **PostgreSQL 15** (9.5+): the same, standard SQL:2011; `GROUPING()` returns an integer.
 * - **Spark SQL 3.4+**: the same `GROUP BY GROUPING SETS ((a, b), (a), ())`, `grouping(col)`
 *   (one column) and `grouping_id(…)`; Spark does not accept the older `GROUP BY a WITH ROLLUP`
 *   together with grouping sets, which is not used.
 *
 * `ROLLUP` would say the region hierarchy in fewer words (`ROLLUP (province, prefecture, county)`),
 * but the sets `computeIndicators` outputs are the cube over dimensions of the roll-up of each —
 * a product no single `ROLLUP` / `CUBE` clause writes in all three engines (`GROUP BY ROLLUP (…),
 * CUBE (…)`, the concatenation of grouping sets, is not in Spark 3.4's grammar) — so the sets are
 * listed explicitly, which every engine reads the same way.
 */
import type { SqlDialect } from '../dialect.js';

/**
 * `GROUP BY GROUPING SETS (…)` of the sets given (each a list of SQL column expressions; `[]` is
 * the grand total `()`).
 *
 * @example
 * ```ts
 * groupBySets(sqlDialect('duckdb'), [[], ['"k0_0"'], ['"k0_0"', '"k1_0"']]);
 * //=> 'GROUP BY GROUPING SETS ((), ("k0_0"), ("k0_0", "k1_0"))'
 * ```
 */
export function groupBySets(_d: SqlDialect, sets: readonly (readonly string[])[]): string {
  return `GROUP BY GROUPING SETS (${sets.map((s) => `(${s.join(', ')})`).join(', ')})`;
}
