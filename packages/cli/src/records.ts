/**
 * Rows → person records (the flat-column vocabulary of `@canji/form`): each header is resolved
 * once (`resolveFlatHeaders`: machine names `r13`, item numbers `R13`, `R13 受教育程度`, labels
 * `受教育程度`), then each row is read by `fromFlatRow` (row objects) or by a `flatRowReader`
 * written for the header (CSV cells). A row with a value that cannot be read is rejected with its
 * column.
 */
import { flatRowReader, fromFlatRow, resolveFlatHeaders, type FlatIssue, type FlatRowOptions, type FromFlatRowResult, type PersonFormVersion } from '@canji/form';
import type { RowItem } from './chunks.js';
import type { Cell, RowError } from './rows.js';
import { rowObject } from './sources.js';

export interface HeaderMapping {
  /** Header as in the file → machine key, for the columns the form knows. */
  known: Map<string, string>;
  /** Headers the form does not know (ignored), with the reason. */
  unknown: { column: string; message: string }[];
  /** Every header is already its machine key (rows can be read as they are). */
  identity: boolean;
  /** The form version the headers were resolved for (default `'2017'`); rows are read for it too. */
  formVersion?: string;
}

/** Options of {@link mapHeaders}. */
export interface MapHeadersOptions {
  /** Form version of the file (default `'2017'`). */
  formVersion?: string;
}

const NO_OPTIONS: FlatRowOptions = {};
const OPTIONS_BY_VERSION = new Map<string, FlatRowOptions>();
/** The options of `fromFlatRow` for a form version: one object per version (rows are read by the million). */
function flatOptions(formVersion: string | undefined): FlatRowOptions {
  if (!formVersion) return NO_OPTIONS;
  let o = OPTIONS_BY_VERSION.get(formVersion);
  if (!o) OPTIONS_BY_VERSION.set(formVersion, (o = { version: formVersion as PersonFormVersion }));
  return o;
}

/**
 * Resolves a file's headers to machine keys (`resolveFlatHeaders` of `@canji/form`): the known
 * columns, and the ignored ones with the reason shown to the user.
 *
 * @example
 * ```ts
 * mapHeaders(['身份证号码', 'R13 受教育程度', '备注2']).known.get('R13 受教育程度'); //=> 'r13'
 * ```
 */
export function mapHeaders(columns: readonly string[], opts: MapHeadersOptions = {}): HeaderMapping {
  const { known, ignored, identity } = resolveFlatHeaders(columns, flatOptions(opts.formVersion));
  return { known, unknown: ignored.map(({ column, message }) => ({ column, message })), identity, ...(opts.formVersion ? { formVersion: opts.formVersion } : {}) };
}

export type RowToRecord = { ok: true; record: Record<string, unknown>; notes: number; normalised?: readonly FlatIssue[] } | { ok: false; error: RowError };

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
  return rowResult(fromFlatRow(flat as Parameters<typeof fromFlatRow>[0], flatOptions(mapping.formVersion)), mapping);
}

/** The column of an issue as headed in the file. */
const headedColumn = (mapping: HeaderMapping, i: FlatIssue): string => [...mapping.known].find(([, k]) => k === (i.key ?? i.column))?.[0] ?? i.column;

/** A row read by `fromFlatRow` or a `flatRowReader` as a {@link RowToRecord}: errors reject it (with its column as headed in the file), normalisations count as notes. */
function rowResult({ record, issues }: FromFlatRowResult, mapping: HeaderMapping): RowToRecord {
  let notes = 0;
  let bad: FlatIssue | undefined;
  for (const i of issues) {
    if (i.severity === 'error') {
      bad ??= i;
    } else notes++;
  }
  if (bad) return { ok: false, error: { code: bad.code, message: bad.message, column: headedColumn(mapping, bad) } };
  if (notes === 0) return { ok: true, record, notes };
  // The changes made to the row's values, with the column as headed in the file (counted in the report).
  return { ok: true, record, notes, normalised: issues.filter((i) => i.severity !== 'error').map((i) => ({ ...i, column: headedColumn(mapping, i) })) };
}

/**
 * Reads the rows of one CSV file, given as cells in the order of `header`, the way
 * {@link rowToRecord} reads their row objects: by column index (`flatRowReader` of `@canji/form`
 * over the machine keys the headers map to), every column's key in every record — `undefined` for
 * a blank cell — so the records share one object shape and the rules read them fast.
 *
 * @example
 * ```ts
 * const read = cellsReader(['resident_id', 'r3', '备注'], mapHeaders(['resident_id', 'r3', '备注']));
 * read(['11010519491231002X', '1', '随便写的']); //=> { ok: true, record: { resident_id: '11010519491231002X', r3: 1 }, notes: 0 }
 * ```
 */
export function cellsReader(header: readonly string[], mapping: HeaderMapping): (cells: readonly string[]) => RowToRecord {
  // Each mapped column once (the mapping keeps the first of two headers naming one item).
  const fast = flatRowReader(
    header.map((h) => mapping.known.get(h) ?? null),
    { fixedShape: true, ...flatOptions(mapping.formVersion) },
  );
  if (fast) return (cells) => rowResult(fast(cells), mapping);
  return (cells) => rowToRecord(rowObject(header, cells), mapping);
}

/** The person-record reader of one file (see {@link personRowReader}). */
export interface PersonRowReader {
  mapping: HeaderMapping;
  /** Reads a row item (CSV cells or a row object) into a person record. */
  read(item: Extract<RowItem, { kind: 'cells' | 'row' }>): RowToRecord;
}

/**
 * The reader of a file's rows into person records, for its header: the header resolved once,
 * CSV cells read by {@link cellsReader}, row objects (XLSX, JSON Lines) by {@link rowToRecord}.
 * The same reader runs in the main thread and in the check workers.
 *
 * @example
 * ```ts
 * const reader = personRowReader(['resident_id', 'r3'], { formVersion: '2017' });
 * reader.read({ kind: 'cells', rowNumber: 2, cells: ['11010519491231002X', '1'] }).ok; //=> true
 * ```
 */
export function personRowReader(columns: readonly string[], opts: MapHeadersOptions = {}): PersonRowReader {
  const mapping = mapHeaders(columns, opts);
  const readCells = cellsReader(columns, mapping);
  return { mapping, read: (item) => (item.kind === 'cells' ? readCells(item.cells) : rowToRecord(item.row, mapping)) };
}
