/**
 * Rows → person records (the flat-column vocabulary of `@canji/form`): each header is resolved
 * once (machine names `r13`, item numbers `R13`, `R13 受教育程度`, labels `受教育程度`), then each
 * row is read by `fromFlatRow`. A row with a value that cannot be read is rejected with its column.
 */
import { flatRowReader, fromFlatRow, resolveFlatHeaders, type FlatIssue, type FlatRowOptions, type FromFlatRowResult, type PersonFormVersion } from '@canji/form';
import type { Cell, RowError } from './sources.js';

export interface HeaderMapping {
  /** Header as in the file → machine key, for the columns the form knows. */
  known: Map<string, string>;
  /** Headers the form does not know (ignored), with the reason. */
  unknown: { column: string; message: string }[];
  /** Every header is already its machine key (rows can be read as they are). */
  identity: boolean;
  /** The form version the headers were resolved for, as `fromFlatRow` options (one object for every row). */
  flat: FlatRowOptions & { version: PersonFormVersion };
}

/**
 * Resolves a file's headers to machine keys of a form version (`resolveFlatHeaders` of
 * `@canji/form`; default 2017): the known columns, and the ignored ones with the reason shown to the
 * user. Rows read with the mapping are read with the same version.
 *
 * @example
 * ```ts
 * mapHeaders(['身份证号码', 'R13 受教育程度', '备注2']).known.get('R13 受教育程度'); //=> 'r13'
 * ```
 */
export function mapHeaders(columns: readonly string[], version: PersonFormVersion = '2017'): HeaderMapping {
  const flat = { version };
  const { known, ignored, identity } = resolveFlatHeaders(columns, flat);
  return { known, unknown: ignored.map(({ column, message }) => ({ column, message })), identity, flat };
}

export type RowToRecord = { ok: true; record: Record<string, unknown>; notes: number } | { ok: false; error: RowError };

/**
 * Reads one row with a header mapping (see {@link mapHeaders}). Errors (`FLAT_VALUE_INVALID`, an 18-digit ID turned into a
 * number by a spreadsheet …) reject the row; normalisations (`1.农业` → 1, full-width digits …) are
 * counted in `notes`.
 *
 * @example
 * ```ts
 * const m = mapHeaders(['身份证号码', 'R3 户口性质']);
 * rowToRecord({ 身份证号码: '11010519491231002x', 'R3 户口性质': '1.农业' }, m);
 * //=> { ok: true, record: { resident_id: '11010519491231002X', r3: 1 }, notes: 2 }
 * rowToRecord({ 'R3 户口性质': '农业户口X' }, m).ok; //=> false (FLAT_VALUE_INVALID, column 'R3 户口性质')
 * ```
 */
export function rowToRecord(row: Readonly<Record<string, Cell>>, mapping: HeaderMapping): RowToRecord {
  let flat: Record<string, Cell> = row as Record<string, Cell>;
  if (!mapping.identity) {
    flat = {};
    for (const col in row) {
      const key = mapping.known.get(col);
      if (key !== undefined) flat[key] = row[col];
    }
  }
  return rowResult(fromFlatRow(flat as Parameters<typeof fromFlatRow>[0], mapping.flat), mapping);
}

/** A row read by `fromFlatRow` or a `flatRowReader` as a {@link RowToRecord}: errors reject it (with its column as headed in the file), normalisations count as notes. */
function rowResult({ record, issues }: FromFlatRowResult, mapping: HeaderMapping): RowToRecord {
  let notes = 0;
  let bad: FlatIssue | undefined;
  for (const i of issues) {
    if (i.severity === 'error') {
      bad ??= i;
    } else notes++;
  }
  if (bad) {
    const column = [...mapping.known].find(([, k]) => k === (bad.key ?? bad.column))?.[0] ?? bad.column;
    return { ok: false, error: { code: bad.code, message: bad.message, column } };
  }
  return { ok: true, record, notes };
}

/**
 * Reads the rows of one CSV file, given as cells in the order of `header`, the way
 * {@link rowToRecord} reads their row objects. When every mapped header is a clean column of the
 * form, the cells are read by column index (`flatRowReader` of `@canji/form`, every column's key in
 * every record — `undefined` for a blank cell — so the records share one object shape and the rules
 * read them fast); otherwise each row becomes a row object first.
 *
 * @example
 * ```ts
 * const read = cellsReader(['resident_id', 'r3', '备注'], mapHeaders(['resident_id', 'r3', '备注']));
 * read(['11010519491231002X', '1', '随便写的']); //=> { ok: true, record: { resident_id: '11010519491231002X', r3: 1 }, notes: 0 }
 * ```
 */
export function cellsReader(header: readonly string[], mapping: HeaderMapping): (cells: readonly string[]) => RowToRecord {
  const fast = flatRowReader(header.map((h) => (mapping.known.has(h) ? h : null)), { ...mapping.flat, fixedShape: true });
  if (fast) return (cells) => rowResult(fast(cells), mapping);
  const build = rowBuilder(header);
  return (cells) => rowToRecord(build(cells), mapping);
}

/**
 * A function turning the cells of a CSV record into a row object `{ header: cell }` (empty cells
 * left out), written for one header: V8 keeps an object filled by named property stores in fast
 * mode, where one filled through computed keys becomes a slow dictionary after about a dozen keys
 * — and every row is walked again by `fromFlatRow`. Headers are embedded as JSON string literals.
 *
 * @example
 * ```ts
 * rowBuilder(['name', 'r3'])(['张三', '']); //=> { name: '张三' }
 * ```
 */
export function rowBuilder(header: readonly string[]): (cells: readonly string[]) => Record<string, Cell> {
  const body = header.map((h, i) => `v = c[${i}]; if (v !== undefined && v !== '') o[${JSON.stringify(h)}] = v;`).join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('c', `const o = {}; let v;\n${body}\nreturn o;`) as (cells: readonly string[]) => Record<string, Cell>;
}
