/**
 * Checking an XLSX file's ZIP container before the streaming reader (exceljs) reads it. That
 * reader cuts entries as they come and waits for the rest of an entry that a truncated file does
 * not have: the read never ends and the process exits 0 with no output. So the container is
 * checked first, in bounded memory:
 * 1. the end-of-central-directory record is found (a truncated file has lost it) and the central
 *    directory lies inside the file (ZIP64 too);
 * 2. every entry's data lies before the directory, and the workbook has a worksheet;
 * 3. the worksheets and the shared strings are inflated once, streaming, and their CRC-32 checked
 *    (a corrupt or partly overwritten file), and no run of text between two XML tags is longer than
 *    the bound on one cell (an absurd cell would otherwise be held whole in memory by the reader).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw, crc32 as zlibCrc32 } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { RowError } from './rows.js';

interface Entry {
  name: string;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The directory is read whole: bounded (a workbook has tens of entries; 64 MiB is ~10^6 of them). */
const MAX_DIRECTORY = 64 << 20;

const truncated = (path: string, why: string): RowError => ({
  code: 'XLSX_TRUNCATED',
  message: `工作簿“${path}”不完整（${why}）：文件可能在下载、复制或保存时中断，请重新获取完整的文件`,
});
const corrupt = (path: string, why: string): RowError => ({ code: 'XLSX_CORRUPT', message: `工作簿“${path}”已损坏（${why}），无法读取：请在 Excel/WPS 中打开并重新保存，或重新获取文件` });

async function readAt(fh: Awaited<ReturnType<typeof open>>, pos: number, len: number): Promise<Buffer> {
  const b = Buffer.alloc(len);
  const { bytesRead } = await fh.read(b, 0, len, pos);
  return b.subarray(0, bytesRead);
}

/** The entries of the central directory, or why they cannot be read. */
async function centralDirectory(path: string, size: number): Promise<{ ok: true; entries: Entry[]; directoryAt: number } | { ok: false; error: RowError }> {
  const fh = await open(path, 'r');
  try {
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fh, size - tailLen, tailLen);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
    if (at < 0) return { ok: false, error: truncated(path, '找不到 ZIP 目录，文件末尾缺失') };
    const eocdPos = size - tailLen + at;
    let count = tail.readUInt16LE(at + 10);
    let dirSize = tail.readUInt32LE(at + 12);
    let dirAt = tail.readUInt32LE(at + 16);
    if ((count === 0xffff || dirSize === 0xffffffff || dirAt === 0xffffffff) && at >= 20 && tail.readUInt32LE(at - 20) === EOCD64_LOCATOR) {
      const rec = await readAt(fh, Number(tail.readBigUInt64LE(at - 12)), 56);
      if (rec.length < 56) return { ok: false, error: truncated(path, 'ZIP64 目录缺失') };
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirAt = Number(rec.readBigUInt64LE(48));
    }
    if (dirAt + dirSize > eocdPos) return { ok: false, error: truncated(path, 'ZIP 目录超出了文件末尾') };
    if (dirSize > MAX_DIRECTORY) return { ok: false, error: corrupt(path, 'ZIP 目录过大') };
    const dir = await readAt(fh, dirAt, dirSize);
    const entries: Entry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) return { ok: false, error: corrupt(path, 'ZIP 目录项无法读取') };
      const nameLen = dir.readUInt16LE(p + 28);
      const extraLen = dir.readUInt16LE(p + 30);
      const commentLen = dir.readUInt16LE(p + 32);
      const e: Entry = {
        name: dir.toString('utf8', p + 46, p + 46 + nameLen),
        method: dir.readUInt16LE(p + 10),
        crc: dir.readUInt32LE(p + 16),
        compressed: dir.readUInt32LE(p + 20),
        size: dir.readUInt32LE(p + 24),
        offset: dir.readUInt32LE(p + 42),
      };
      zip64Extra(dir.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
      entries.push(e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    for (const e of entries) if (e.offset + 30 + e.compressed > dirAt) return { ok: false, error: truncated(path, `“${e.name}”的数据不全`) };
    return { ok: true, entries, directoryAt: dirAt };
  } finally {
    await fh.close();
  }
}

/** Sizes and offset from a ZIP64 extra field (0x0001), in the order the fields were saturated. */
function zip64Extra(extra: Buffer, e: Entry): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 1) {
      let r = q + 4;
      const next = () => {
        const v = r + 8 <= q + 4 + len ? Number(extra.readBigUInt64LE(r)) : undefined;
        r += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = next() ?? e.size;
      if (e.compressed === 0xffffffff) e.compressed = next() ?? e.compressed;
      if (e.offset === 0xffffffff) e.offset = next() ?? e.offset;
      return;
    }
    q += 4 + len;
  }
}

/** A cell run past the bound: where it is, for the message. */
interface LongRun {
  entry: string;
  /** Worksheets: the row it is in (from the last `<row r="…">` before it). */
  row?: number;
  /** Shared strings: the index of the string (0-based). */
  sharedIndex?: number;
}

/** An entry's uncompressed bytes as a stream, or why it cannot be read. */
async function entryData(path: string, e: Entry): Promise<{ ok: true; data?: Readable } | { ok: false; error: RowError }> {
  const fh = await open(path, 'r');
  let dataAt: number;
  try {
    const h = await readAt(fh, e.offset, 30);
    if (h.length < 30 || h.readUInt32LE(0) !== LOCAL) return { ok: false, error: corrupt(path, `“${e.name}”的文件头无法读取`) };
    dataAt = e.offset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (e.method !== 0 && e.method !== 8) return { ok: false, error: corrupt(path, `“${e.name}”使用了不支持的压缩方式 ${e.method}`) };
  if (e.compressed === 0) return { ok: true };
  const raw = createReadStream(path, { start: dataAt, end: dataAt + e.compressed - 1, highWaterMark: 1 << 16 });
  const data: Readable = e.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  raw.on('error', (err) => data.destroy(err));
  return { ok: true, data };
}

/** The row of the first cell of a worksheet that holds shared string `index` (only looked for to say where a long cell is). */
async function rowOfSharedString(path: string, sheet: Entry, index: number): Promise<number | undefined> {
  const d = await entryData(path, sheet);
  if (!d.ok || !d.data) return undefined;
  const cell = new RegExp(`<c r="[A-Z]+(\\d+)"[^>]*\\bt="s"[^>]*>\\s*<v>${index}</v>`);
  let tail = '';
  try {
    for await (const chunk of d.data as AsyncIterable<Buffer>) {
      const text = tail + chunk.toString('latin1');
      const m = cell.exec(text);
      if (m) return Number(m[1]);
      tail = text.slice(-256);
    }
  } catch {
    return undefined;
  } finally {
    d.data.destroy();
  }
  return undefined;
}

/** Inflates one entry, checking its CRC-32 and the longest text run; the long run found, if any. */
async function scanEntry(path: string, e: Entry, maxRun: number): Promise<{ ok: true; long?: LongRun } | { ok: false; error: RowError }> {
  const d = await entryData(path, e);
  if (!d.ok) return d;
  if (!d.data) return { ok: true };
  const data = d.data;
  let crc = 0;
  let size = 0;
  let run = 0;
  let long: LongRun | undefined;
  // Where the last tag before the run was: the row (worksheets) or the shared string's index.
  let row: number | undefined;
  let shared = -1;
  const sheet = e.name.startsWith('xl/worksheets/');
  try {
    for await (const chunk of data as AsyncIterable<Buffer>) {
      crc = zlibCrc32(chunk, crc);
      size += chunk.length;
      if (long) continue;
      const first = chunk.indexOf(0x3c);
      if (first < 0) run += chunk.length;
      else {
        run += first;
        if (run <= maxRun) run = chunk.length - chunk.lastIndexOf(0x3c) - 1;
      }
      if (run > maxRun) long = { entry: e.name, ...(sheet ? (row !== undefined ? { row } : {}) : { sharedIndex: shared }) };
      else if (sheet) {
        // Where we are is only needed to say where a long run is: the last row tag of the chunk.
        const i = chunk.lastIndexOf('<row ');
        if (i >= 0) {
          const m = /\br="(\d+)"/.exec(chunk.toString('latin1', i, Math.min(chunk.length, i + 200)));
          if (m) row = Number(m[1]);
        }
      } else {
        for (let i = chunk.indexOf('<si'); i !== -1; i = chunk.indexOf('<si', i + 3)) if (chunk[i + 3] === 0x3e || chunk[i + 3] === 0x20) shared++;
      }
    }
  } catch (err) {
    return { ok: false, error: corrupt(path, `“${e.name}”解压失败：${(err as { code?: string }).code ?? '数据错误'}`) };
  }
  if (size !== e.size || (crc >>> 0) !== e.crc >>> 0) return { ok: false, error: corrupt(path, `“${e.name}”校验和不符`) };
  return { ok: true, ...(long ? { long } : {}) };
}

/**
 * Checks an XLSX file's container (see the module comment); `maxCellBytes` bounds one cell's
 * text. Resolves to undefined when the file can be streamed, or to the error to report.
 *
 * @example
 * ```ts
 * (await checkXlsxContainer('县级导出.xlsx', size, 8 << 20))?.code; //=> 'XLSX_TRUNCATED' for a file cut short
 * ```
 */
export async function checkXlsxContainer(path: string, size: number, maxCellBytes: number): Promise<RowError | undefined> {
  const dir = await centralDirectory(path, size);
  if (!dir.ok) return dir.error;
  const sheets = dir.entries.filter((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  if (!sheets.length || !dir.entries.some((e) => e.name === 'xl/workbook.xml')) {
    return { code: 'XLSX_NO_WORKSHEET', message: `“${path}”是 ZIP 文件，但不是 Excel 工作簿（其中没有工作表）：请给出 .xlsx 工作簿，或另存为 CSV` };
  }
  for (const e of [...dir.entries.filter((x) => x.name === 'xl/sharedStrings.xml'), ...sheets]) {
    const r = await scanEntry(path, e, maxCellBytes);
    if (!r.ok) return r.error;
    if (r.long) {
      const row = r.long.row ?? (r.long.sharedIndex !== undefined ? await rowOfSharedString(path, sheets[0]!, r.long.sharedIndex) : undefined);
      const where = row !== undefined ? `第 ${row} 行` : r.long.sharedIndex !== undefined ? `共享字符串第 ${r.long.sharedIndex + 1} 项（某个单元格的文字）` : `“${r.long.entry}”中`;
      return { code: 'XLSX_CELL_TOO_LONG', message: `工作簿“${path}”${where}有一个超过 ${Math.round(maxCellBytes / (1 << 20))} MB 的单元格，超出读取上限：请检查并删除或截短这个单元格后重试` };
    }
  }
  return undefined;
}
