/**
 * Values of the register: an event's flat cell (`'1,3'`, `2`, `null`) read into the record's typed
 * value exactly as a CSV cell is read (`fromFlatRow` of @canji/form), values compared as the flat
 * layout writes them, and records edited without touching the previous version.
 */
import { fromFlatRow, resolveFlatHeaders, type PersonFormVersion } from '@canji/form';
import type { PersonRecord } from '@canji/rules';
import type { EventValue } from '../events.js';

/** The flat cell text of a typed value: what `toFlatRow` writes (`''` for unanswered). @internal */
export function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(String).join(',');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A typed value as an event value (multiple choices joined, unanswered `null`). @internal */
export function toEventValue(v: unknown): EventValue {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return cellText(v);
}

/** The value at a record key (`r16`, or `ext.<id>.<key>` for extension items). @internal */
export function valueAt(record: PersonRecord, key: string): unknown {
  if (!key.startsWith('ext.')) return record[key];
  const [, id, k] = key.split('.');
  const ext = record.ext as Record<string, Record<string, unknown> | undefined> | undefined;
  return ext?.[id!]?.[k!];
}

/** A copy of `record` with `key` set to `value` (`undefined` clears it); `record` is not changed. @internal */
export function withValue(record: PersonRecord, key: string, value: unknown): PersonRecord {
  const out: Record<string, unknown> = { ...record };
  if (!key.startsWith('ext.')) {
    if (value === undefined) delete out[key];
    else out[key] = value;
    return out;
  }
  const [, id, k] = key.split('.');
  const ext: Record<string, Record<string, unknown>> = { ...((record.ext as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  const inner = { ...(ext[id!] ?? {}) };
  if (value === undefined) delete inner[k!];
  else inner[k!] = value;
  ext[id!] = inner;
  out.ext = ext;
  return out;
}

/** Reads event values and records for one form version; item lookups are cached. @internal */
export class ValueReader {
  private readonly items = new Map<string, string | null>();
  constructor(readonly version: PersonFormVersion) {}

  /** The record key of a flat column (`r16`, `R16`, `R16 就业状况`), or `undefined` when the form has none. */
  itemKey(item: string): string | undefined {
    let k = this.items.get(item);
    if (k === undefined) {
      k = resolveFlatHeaders([item], { version: this.version }).known.get(item) ?? null;
      this.items.set(item, k);
    }
    return k ?? undefined;
  }

  /** The typed value of an event value for the item at `key` (`undefined` for `null` / blank); unreadable values are kept as written. */
  value(key: string, v: EventValue): unknown {
    if (v === null) return undefined;
    if (typeof v === 'string' && v.trim() === '') return undefined;
    const { record } = fromFlatRow({ [key]: v }, { version: this.version });
    return valueAt(record, key);
  }

  /** A record as a flat row is read (normalised, unreadable cells kept), with how many cells could not be read. */
  record(row: Readonly<Record<string, unknown>>): { record: PersonRecord; unreadable: number } {
    const { record, issues } = fromFlatRow(row as Record<string, never>, { version: this.version });
    let unreadable = 0;
    for (const i of issues) if (i.severity === 'error') unreadable++;
    return { record, unreadable };
  }
}
