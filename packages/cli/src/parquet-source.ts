/**
 * Parquet batches and extracts (what a big-data platform exports: `COPY … TO 'x.parquet'` in DuckDB,
 * Spark's `df.write.parquet`, Hive tables): read with hyparquet (pure JavaScript; snappy, gzip,
 * zstd and brotli pages), a row group at a time, each row as the cells of the same table's CSV
 * export (see {@link parquetCellText}) — so a Parquet batch gives the report its CSV gives. Row
 * numbers count as in that CSV: the header is line 1, the first record line 2.
 */
import { open } from 'node:fs/promises';
import type { RowItem } from './chunks.js';
import { CliError } from './io.js';

/**
 * A Parquet value as the text of the same cell in the table's CSV export, which the flat-record
 * readers then read as they read a CSV (so a typed column — numbers, dates — gives the records its
 * CSV gives): text as is; numbers and 64-bit integers by their digits (an ID number kept in an
 * integer column stays exact); dates and timestamps as `YYYY-MM-DD`; bytes that are not UTF-8 as
 * hex; a list (a multiple-choice answer) as its items joined by `,`, as the CSV writes `"1,3"`;
 * anything else as JSON; no value as the empty cell.
 *
 * @example
 * ```ts
 * parquetCellText(430121198001010012n); //=> '430121198001010012'
 * parquetCellText(new Date(Date.UTC(2019, 5, 30))); //=> '2019-06-30'
 * parquetCellText([1, 3]); //=> '1,3'
 * ```
 */
export function parquetCellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (v instanceof Uint8Array) {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(v);
    return text.includes('\uFFFD') ? Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('') : text;
  }
  if (Array.isArray(v)) return v.map(parquetCellText).filter((x) => x !== '').join(',');
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) ?? '';
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
 * The rows of a Parquet file as items (a header of its top-level columns, then one `cells` item per
 * record, rows without a value counted as `skipped`), a row group at a time; `onBytes` gets the
 * bytes read so far (progress).
 */
export async function* parquetItems(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<RowItem> {
  const { parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
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
      let rows: unknown[][];
      try {
        rows = await new Promise<unknown[][]>((resolve, reject) => {
          parquetRead({ file, metadata, rowStart, rowEnd, compressors, rowFormat: 'array', onComplete: (r) => resolve(r as unknown[][]) }).catch(reject);
        });
      } catch (e) {
        throw parquetError(path, e);
      }
      const n = columns.length;
      for (let i = 0; i < rows.length; i++) {
        const src = rows[i]!;
        // Let go of the row as it is taken: a row group's rows are not all held until its end.
        (rows as (unknown[] | undefined)[])[i] = undefined;
        // The row as the cells of its CSV line (the readers' short path, by column index).
        const cells = new Array<string>(n);
        let any = false;
        for (let c = 0; c < n; c++) {
          const v = src[c];
          const text = typeof v === 'string' ? v : parquetCellText(v);
          cells[c] = text;
          if (text !== '') any = true;
        }
        const rowNumber = rowStart + i + 2;
        yield any ? { kind: 'cells', rowNumber, cells } : { kind: 'skipped', blank: 0, empty: 1 };
      }
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}
