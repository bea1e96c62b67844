/**
 * Parquet batches and extracts (what a big-data platform exports: `COPY … TO 'x.parquet'` in DuckDB,
 * Spark's `df.write.parquet`, Hive tables): read with hyparquet (pure JavaScript; snappy, gzip,
 * zstd and brotli pages), a row group at a time, into the rows every other format gives — the
 * columns by name, each cell as the flat-record readers take it (text, numbers, true/false, dates
 * as `YYYY-MM-DD`). Row numbers count as in the CSV export of the same table: the header is line 1,
 * the first record line 2.
 */
import { open } from 'node:fs/promises';
import type { Cell } from './rows.js';
import type { RowItem } from './chunks.js';
import { CliError } from './io.js';

/**
 * A Parquet value as a cell of the flat-record readers: text as is; 32-bit and floating numbers as
 * numbers; 64-bit integers as numbers where exact, else as their digits (an ID number kept as an
 * integer column); dates and timestamps as `YYYY-MM-DD`; bytes that are not text as hex; lists
 * (a multiple-choice answer) as lists of such cells, as a JSON Lines batch gives them; anything
 * else as JSON.
 *
 * @example
 * ```ts
 * parquetCellValue(430121n); //=> 430121
 * parquetCellValue(new Date(Date.UTC(2019, 5, 30))); //=> '2019-06-30'
 * parquetCellValue([1, 3]); //=> [1, 3]
 * ```
 */
export function parquetCellValue(v: unknown): Cell {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  if (v instanceof Uint8Array) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(v);
    return text.includes('\uFFFD') ? Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('') : text;
  }
  if (Array.isArray(v)) return v.map(parquetCellValue).filter((x) => x !== undefined && x !== '');
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  } catch {
    return String(v);
  }
}

function parquetError(path: string, e: unknown): CliError {
  if (e instanceof CliError) return e;
  const what = String((e as Error)?.message ?? e).slice(0, 120);
  return new CliError('PARQUET_CORRUPT', `Parquet 文件“${path}”无法读取（${what}）：请重新导出（或另存为 CSV）`);
}

/**
 * The rows of a Parquet file as items (a header of its top-level columns, then one `row` item per
 * record, rows without a value counted as `skipped`), a row group at a time; `onBytes` gets the
 * bytes read so far (progress).
 */
export async function* parquetItems(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<RowItem> {
  const { parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const handle = await open(path, 'r');
  let read = 0;
  try {
    const { size } = await handle.stat();
    const file = {
      byteLength: size,
      async slice(start: number, end?: number): Promise<ArrayBuffer> {
        const stop = Math.min(end ?? size, size);
        const length = Math.max(0, stop - start);
        const out = new Uint8Array(length);
        let at = 0;
        while (at < length) {
          const { bytesRead } = await handle.read(out, at, length - at, start + at);
          if (bytesRead === 0) break;
          at += bytesRead;
        }
        read += at;
        onBytes?.(Math.min(read, size));
        return out.buffer;
      },
    };
    let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (e) {
      throw parquetError(path, e);
    }
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    yield { kind: 'header', rowNumber: 1, columns };
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: Record<string, unknown>[];
      try {
        rows = (await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors })) as Record<string, unknown>[];
      } catch (e) {
        throw parquetError(path, e);
      }
      for (let i = 0; i < rows.length; i++) {
        const src = rows[i]!;
        const row: Record<string, Cell> = {};
        let any = false;
        for (const c of columns) {
          const v = parquetCellValue(src[c]);
          if (v === undefined || v === '') continue;
          row[c] = v;
          any = true;
        }
        const rowNumber = rowStart + i + 2;
        yield any ? { kind: 'row', rowNumber, row } : { kind: 'skipped', blank: 0, empty: 1 };
      }
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}
