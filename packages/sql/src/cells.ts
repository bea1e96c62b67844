/**
 * How a record and an extract row become the text cells of a table, for every engine that writes
 * them (DuckDB's appender, PostgreSQL's batched inserts): the same cells as `toFlatRow` writes, so
 * the compiled queries read the same values whichever database holds them.
 */
import type { FormDefinition } from '@canji/form';

/** The record columns a writer writes: the form's items, or the `columns` given; `unknown` names the first that is not an item of the form. */
export function recordColumns(form: FormDefinition, columns?: readonly string[]): { keys: string[]; paths: string[][]; unknown?: string } {
  const known = new Set(form.items.map((i) => i.key));
  const keys = columns ? [...new Set(columns)] : form.items.map((i) => i.key);
  const unknown = keys.find((k) => !known.has(k));
  // An extension item (`ext.<id>.<key>`) is read where `toFlatRow` reads it.
  return { keys, paths: keys.map((k) => k.split('.')), ...(unknown !== undefined ? { unknown } : {}) };
}

/**
 * A record's value at a column path (see {@link recordColumns}) as a flat cell — `toFlatRow`'s
 * writing: a list joined by `,`; undefined when unanswered.
 *
 * @example
 * ```ts
 * recordCell({ r20: [1, 3] }, ['r20']); //=> '1,3'
 * ```
 */
export function recordCell(record: Readonly<Record<string, unknown>>, path: readonly string[]): string | undefined {
  const v = path.length === 1 ? record[path[0]!] : (record.ext as Record<string, Record<string, unknown>> | undefined)?.[path[1]!]?.[path[2]!];
  if (v === undefined || v === null || v === '') return undefined;
  return Array.isArray(v) ? v.map(String).join(',') : String(v);
}

/** An extract row's value as a text cell (a list joined by `,`, an object as JSON); undefined when empty. */
export function extractCell(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.length ? v.map(String).join(',') : undefined;
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s === '' ? undefined : s;
}
