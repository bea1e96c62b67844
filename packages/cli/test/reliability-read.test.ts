/**
 * Reliability of the reading layer (issue 15): each defect measured on bad files, as a test that
 * failed before and passes now — truncated and corrupt XLSX files, files that are not what their
 * name says, unclosed quotes and absurd lines in bounded memory, mixed encodings, every kind of
 * line end with and without workers, lines of only commas and blank lines — and the fuzz of the
 * reader (10^5 inputs here; 10^6 in `bench/read-fuzz.bench.ts`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatColumns, toFlatRow } from '@canji/form';
import { synthesizePersons, writePersonsCsv } from '@canji/synth';
import { openRowSource, type SourceItem } from '@canji/cli';
import { createChunkReader, type RowItem } from '../src/chunks.js';
import { RecordSplitter } from '../src/record-splitter.js';
import { canji, removeTempDirs, tempDir } from './helpers.js';
import { fuzzRead } from './read-fuzz.js';

afterAll(removeTempDirs);

const dir = tempDir();
const ROWS = 3000;
/** The synthetic batch as CSV text with LF line ends (its header line first). */
let lines: string[];

/** Reads a file through the row source: its rows (row number and values) and rejects, in order. */
async function itemsOf(file: string, opts: Parameters<typeof openRowSource>[1] = {}): Promise<{ items: SourceItem[]; skipped: { blank: number; empty: number } }> {
  const src = await openRowSource(join(dir, file), opts);
  if (!src.ok) throw new Error(src.error.code);
  const items: SourceItem[] = [];
  for await (const it of src.value.items()) items.push(it);
  return { items, skipped: src.value.skippedLines() };
}

/** `读取 N 行 = 处理 P 行 + 拒收 R 行` of a run, as numbers. */
function counts(stderr: string): { read: number; processed: number; rejected: number } {
  const m = /读取 (\d+) 行 = 处理 (\d+) 行 \+ 拒收 (\d+) 行/.exec(stderr);
  if (!m) throw new Error(`no read summary in: ${stderr}`);
  return { read: Number(m[1]), processed: Number(m[2]), rejected: Number(m[3]) };
}

/** A ZIP of stored (uncompressed) entries, written by hand. */
function storedZip(entries: { name: string; data: string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = Buffer.from(e.data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const dirBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

const check = (file: string, ...extra: string[]) => canji(dir, 'check', file, '-q', '--as-of', '2019-06-30', '--fail-on', 'never', ...extra);

async function xlsxOf(rows: number, file: string, cell?: { row: number; text: string }): Promise<void> {
  const persons = [...synthesizePersons({ seed: 3, count: rows, region: '430121' })];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('动态1表');
  const keys = flatColumns();
  ws.addRow(flatColumns({ headers: 'label' }));
  persons.forEach((p, i) => {
    const flat = toFlatRow(p);
    const values = keys.map((k) => flat[k] ?? null);
    if (cell && i + 2 === cell.row) values[keys.indexOf('name')] = cell.text;
    ws.addRow(values);
  });
  await wb.xlsx.writeFile(join(dir, file));
}

beforeAll(async () => {
  await writePersonsCsv(synthesizePersons({ seed: 1, count: ROWS, region: '430121' }), join(dir, 'persons.csv'));
  lines = readFileSync(join(dir, 'persons.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
  writeFileSync(join(dir, 'lf.csv'), lines.join('\n') + '\n');
  await xlsxOf(1500, 'big.xlsx');
}, 120_000);

describe('15.1 a truncated XLSX is an input error, never exit 0 with nothing', () => {
  it('check, indicators and deid exit 2 with XLSX_TRUNCATED at any cut (before: the read never ended and the process exited 0 silently)', async () => {
    const whole = readFileSync(join(dir, 'big.xlsx'));
    const cuts = [0.05, 0.3, 0.6, 0.95, 0.9999].map((f) => Math.floor(whole.length * f));
    for (const [i, cut] of cuts.entries()) writeFileSync(join(dir, `cut${i}.xlsx`), whole.subarray(0, cut));
    for (const [i] of cuts.entries()) {
      const file = `cut${i}.xlsx`;
      for (const r of [
        await check(file),
        await canji(dir, 'indicators', file, '-q', '--as-of', '2019-06-30'),
        await canji(dir, 'deid', file, '-q', '--out', `deid${i}.csv`),
      ]) {
        expect(r.code, `${file}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toContain('错误 [XLSX_TRUNCATED]：');
        expect(r.stderr).toContain('不完整');
        expect(r.stderr).not.toContain('INTERNAL');
      }
    }
  }, 120_000);

  it('the whole file still reads', async () => {
    const r = await check('big.xlsx');
    expect(counts(r.stderr)).toEqual({ read: 1500, processed: 1500, rejected: 0 });
  }, 60_000);
});

describe('15.14 files that are not what their name says: one clear coded error, nothing echoed', () => {
  it('a PDF, an XLSX, an old .xls and a PNG renamed .csv are refused by their signature (INPUT_BINARY), without their bytes', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80])]);
    writeFileSync(join(dir, 'report.csv'), pdf);
    writeFileSync(join(dir, 'book.csv'), readFileSync(join(dir, 'big.xlsx')));
    writeFileSync(join(dir, 'old.csv'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    writeFileSync(join(dir, 'image.jsonl'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    for (const [file, kind] of [['report.csv', 'PDF 文档'], ['book.csv', 'ZIP'], ['old.csv', '旧版 Office'], ['image.jsonl', 'PNG']] as const) {
      const r = await check(file);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('错误 [INPUT_BINARY]：');
      expect(r.stderr).toContain(kind);
      expect(r.stderr).not.toMatch(/obj|Catalog|\uFFFD|[\u0000-\u0008]/);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('a CSV renamed .xlsx, a corrupt zip, a ZIP that is no workbook and a directory give coded errors, not INTERNAL', async () => {
    writeFileSync(join(dir, 'text.xlsx'), lines.slice(0, 20).join('\n'));
    const corrupt = Buffer.from(readFileSync(join(dir, 'big.xlsx')));
    // Overwrite the middle of the file (compressed worksheet data), leaving the ZIP directory intact.
    for (let i = Math.floor(corrupt.length * 0.4); i < corrupt.length * 0.4 + 4000; i++) corrupt[i] = (i * 131) & 0xff;
    writeFileSync(join(dir, 'corrupt.xlsx'), corrupt);
    // A ZIP without a worksheet (as a .docx is).
    writeFileSync(join(dir, 'notbook.xlsx'), storedZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: '<w:document/>' }]));
    mkdirSync(join(dir, 'folder.csv'), { recursive: true });
    writeFileSync(join(dir, 'locked.xlsx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
    for (const [file, code] of [['locked.xlsx', 'XLSX_OLD_OR_ENCRYPTED'], ['text.xlsx', 'INPUT_NOT_XLSX'], ['corrupt.xlsx', 'XLSX_CORRUPT'], ['notbook.xlsx', 'XLSX_NO_WORKSHEET'], ['folder.csv', 'INPUT_NOT_A_FILE']] as const) {
      const r = await check(file);
      expect(r.code, `${file}: ${r.stderr}`).toBe(2);
      expect(r.stderr, file).toContain(`错误 [${code}]：`);
      expect(r.stderr).not.toContain('INTERNAL');
    }
  }, 60_000);
});

describe('15.7 bounded memory: an unclosed quote or an absurd line is reported at its row, within a bounded look-ahead', () => {
  it('one unclosed quote at row 5 rejects row 5 only, in a file far larger than the bound (before: everything after it was one field, read to the end of the file)', async () => {
    const bad = [...lines];
    bad[4] = bad[4]!.replace(',', ',"');
    writeFileSync(join(dir, 'quote5.csv'), bad.join('\r\n') + '\r\n');
    // A bound of 64 KiB: the file is ~20 times that.
    const { items } = await itemsOf('quote5.csv', { maxRecordBytes: 64 << 10 });
    const rejects = items.filter((i) => i.kind === 'reject');
    expect(rejects).toHaveLength(1);
    expect(rejects[0]).toMatchObject({ rowNumber: 5, error: { code: 'CSV_QUOTE_UNCLOSED' } });
    expect(items.filter((i) => i.kind === 'row')).toHaveLength(ROWS - 1);
    for (const extra of [[], ['--workers', '2']]) {
      const r = await check('quote5.csv', ...extra);
      expect(counts(r.stderr)).toEqual({ read: ROWS, processed: ROWS - 1, rejected: 1 });
      expect(r.stderr).toContain('第 5 行 CSV_QUOTE_UNCLOSED：这一行的引号没有闭合');
      expect(r.stderr).not.toContain('undefined');
    }
  }, 60_000);

  it('a quote in the wrong place says what is wrong (before: `CSV 格式错误：undefined`)', async () => {
    writeFileSync(join(dir, 'stray.csv'), [lines[0], lines[1], lines[2]!.replace(/,([^,]*),/, ',"$1"x,'), lines[3]].join('\n') + '\n');
    const r = await check('stray.csv');
    expect(r.stderr).toMatch(/第 3 行 CSV_MALFORMED：CSV 格式错误：引号后面紧跟着其他字符/);
    expect(r.stderr).not.toContain('undefined');
    expect(counts(r.stderr)).toEqual({ read: 3, processed: 2, rejected: 1 });
  });

  it('a line with no line end within the bound is skipped and reported, and the rows after it read', async () => {
    const long = [...lines];
    long[9] = long[9]!.replace(',', `,${'长'.repeat(400_000)}`);
    writeFileSync(join(dir, 'long.csv'), long.join('\n') + '\n');
    const { items } = await itemsOf('long.csv', { maxRecordBytes: 1 << 20 });
    expect(items.filter((i) => i.kind === 'reject')).toEqual([expect.objectContaining({ rowNumber: 10, error: expect.objectContaining({ code: 'CSV_RECORD_TOO_LONG' }) })]);
    expect(items.filter((i) => i.kind === 'row')).toHaveLength(ROWS - 1);
    // The rows after it keep their row numbers.
    expect(items.find((i) => i.kind === 'row' && i.rowNumber === 11)).toBeDefined();
  });

  it('the splitter never holds more than the bound, whatever it is fed (64 MiB without a line end, or inside an unclosed quote)', () => {
    const expected: Record<string, string[]> = {
      // A line without a line end: reported at line 2, skipped to its end; x,y is line 3.
      'a,b\n': ['2:CSV_RECORD_TOO_LONG'],
      // A quote opened on line 1 and never closed: line 1 rejected, then line 2 is too long.
      'a,"b\n': ['1:CSV_QUOTE_UNCLOSED', '2:CSV_RECORD_TOO_LONG'],
      // A quote opened on line 1 whose line never ends.
      'a,"b': ['1:CSV_QUOTE_UNCLOSED'],
    };
    for (const [start, want] of Object.entries(expected)) {
      const s = new RecordSplitter('csv', { maxRecordBytes: 1 << 20 });
      const piece = Buffer.alloc(1 << 16, 0x41);
      let held = 0;
      const rejects: string[] = [];
      const records: string[] = [];
      const reader = createChunkReader({ format: 'csv', encoding: 'utf8', header: { columns: ['a', 'b'], throughLine: 0 } });
      const take = (cs: ReturnType<RecordSplitter['push']>) => {
        for (const c of cs) {
          if (c.broken) rejects.push(`${c.firstLine}:${c.broken.code}`);
          else reader.read(c.bytes, c.firstLine, (it) => void (it.kind === 'cells' && records.push(`${it.rowNumber}:${it.cells.join(',')}`)));
        }
      };
      take(s.push(Buffer.from(start)));
      for (let i = 0; i < 1024; i++) {
        take(s.push(piece));
        held = Math.max(held, (s as unknown as { pendingBytes: number }).pendingBytes);
      }
      take(s.push(Buffer.from('\nx,y\n')));
      take(s.end());
      expect(held).toBeLessThanOrEqual((1 << 20) + (1 << 16));
      expect(rejects, JSON.stringify(start)).toEqual(want);
      expect(records.at(-1)).toEqual(`${want.length === 1 && start === 'a,"b' ? 2 : 3}:x,y`);
    }
  });

  it('an XLSX with one cell past the bound is refused with where it is, before the streaming reader holds it', async () => {
    await xlsxOf(20, 'hugecell.xlsx', { row: 6, text: '名'.repeat(1_000_000) });
    const r = await openRowSource(join(dir, 'hugecell.xlsx'), { maxRecordBytes: 1 << 20 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('XLSX_CELL_TOO_LONG');
      expect(r.error.message).toContain('第 6 行有一个超过 1 MB 的单元格');
    }
    process.env.CANJI_MAX_RECORD_MB = '1';
    try {
      const c = await check('hugecell.xlsx');
      expect(c.code).toBe(2);
      expect(c.stderr).toContain('错误 [XLSX_CELL_TOO_LONG]：');
    } finally {
      delete process.env.CANJI_MAX_RECORD_MB;
    }
    // Within the default bound (8 MiB) the same file reads.
    expect(counts((await check('hugecell.xlsx')).stderr).read).toBe(20);
  }, 60_000);
});

describe('15.9 mixed encodings: a row that does not decode cleanly is rejected with the reason, never read garbled', () => {
  it('a GBK file with some UTF-8 rows: those rows are ENCODING_MIXED, the rest read, with and without workers', async () => {
    const parts = lines.map((l, i) => (i > 0 && i % 500 === 0 ? Buffer.from(l + '\r\n', 'utf8') : iconv.encode(l + '\r\n', 'gbk')));
    writeFileSync(join(dir, 'gbk-mixed.csv'), Buffer.concat(parts));
    const utf8Rows = lines.map((_, i) => i).filter((i) => i > 0 && i % 500 === 0).map((i) => i + 1);
    for (const extra of [[], ['--workers', '2']]) {
      const r = await check('gbk-mixed.csv', ...extra);
      expect(counts(r.stderr)).toEqual({ read: ROWS, processed: ROWS - utf8Rows.length, rejected: utf8Rows.length });
      for (const row of utf8Rows) expect(r.stderr).toContain(`第 ${row} 行 ENCODING_MIXED：这一行是 UTF-8 编码`);
    }
  }, 60_000);

  it('a UTF-8 file with GBK rows after the first 64 KiB: those rows are ENCODING_INVALID', async () => {
    const gbkRows = [1000, 2500];
    const parts = lines.map((l, i) => (gbkRows.includes(i + 1) ? iconv.encode(l + '\n', 'gbk') : Buffer.from(l + '\n', 'utf8')));
    const bytes = Buffer.concat(parts);
    expect(bytes.indexOf(iconv.encode(lines[999]!, 'gbk'))).toBeGreaterThan(1 << 16);
    writeFileSync(join(dir, 'utf8-mixed.csv'), bytes);
    for (const extra of [[], ['--workers', '2']]) {
      const r = await check('utf8-mixed.csv', ...extra);
      expect(counts(r.stderr)).toEqual({ read: ROWS, processed: ROWS - 2, rejected: 2 });
      for (const row of gbkRows) expect(r.stderr).toContain(`第 ${row} 行 ENCODING_INVALID：这一行有不能按 UTF-8 解码的字节`);
      expect(r.stderr).not.toContain('\uFFFD');
    }
  }, 60_000);
});

describe('15.10 line ends: LF, CRLF, CR and mixtures read the same records, with and without workers', () => {
  const variants: Record<string, (ls: string[]) => string> = {
    crlf: (ls) => ls.join('\r\n') + '\r\n',
    cr: (ls) => ls.join('\r') + '\r',
    mixed: (ls) => ls.map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join(''),
    'cr-cr-lf': (ls) => ls.join('\r\r\n') + '\r\r\n',
    'no-final-end': (ls) => ls.join('\r'),
  };

  it('every variant gives the LF file\'s rows, row numbers included (before: mixed 3,000 rows → 2,046 records; CR CR LF phantom rejects)', async () => {
    const want = (await itemsOf('lf.csv')).items;
    expect(want.filter((i) => i.kind === 'row')).toHaveLength(ROWS);
    for (const [name, make] of Object.entries(variants)) {
      writeFileSync(join(dir, `${name}.csv`), make(lines));
      const got = (await itemsOf(`${name}.csv`)).items;
      expect(got, name).toEqual(want);
    }
  }, 60_000);

  it('canji check reads 3,000 of 3,000 rows for each, with one thread and with --workers 2 (before: CR-only with workers read the header again as data)', async () => {
    for (const name of Object.keys(variants)) {
      for (const extra of [[], ['--workers', '2']]) {
        const r = await check(`${name}.csv`, ...extra);
        expect(counts(r.stderr), `${name} ${extra.join(' ')}`).toEqual({ read: ROWS, processed: ROWS, rejected: 0 });
      }
    }
  }, 180_000);

  it('a CR-only file is cut into chunks as it streams (before: no line feed, so the whole file was one pending chunk — a V8 out-of-memory crash at scale)', () => {
    const s = new RecordSplitter('csv');
    const line = Buffer.from('430121,张三,11010519491231002X,1\r');
    const piece = Buffer.concat(Array.from({ length: Math.ceil((1 << 16) / line.length) }, () => line)).subarray(0, 1 << 16);
    let biggest = 0;
    let lines = 0;
    for (let i = 0; i < 256; i++) {
      for (const c of s.push(piece)) {
        biggest = Math.max(biggest, c.bytes.length);
        lines += c.bytes.filter((b) => b === 0x0a).length;
      }
    }
    for (const c of s.end()) lines += c.bytes.filter((b) => b === 0x0a).length;
    expect(biggest).toBeLessThanOrEqual((1 << 16) + line.length);
    expect(lines).toBe(Buffer.concat(Array.from({ length: 256 }, () => piece)).filter((b) => b === 0x0d).length);
  });

  it('a CR, or a CRLF cut between two pushes, is one line end wherever the cut falls', () => {
    const text = 'h1,h2\r\na,1\rb,2\r\r\nc,3\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const s = new RecordSplitter('csv');
      const bytes = Buffer.from(text);
      const chunks = [...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut)), ...s.end()];
      const items: RowItem[] = [];
      const r = createChunkReader({ format: 'csv', encoding: 'utf8' });
      for (const c of chunks) r.read(c.bytes, c.firstLine, (it) => items.push(it), c.broken);
      expect(items.filter((i) => i.kind === 'cells').map((i) => i.kind === 'cells' && `${i.rowNumber}:${i.cells.join('|')}`), `cut at ${cut}`).toEqual(['2:a|1', '3:b|2', '4:c|3']);
    }
  });
});

describe('15.11 lines of only commas are skipped and counted; blank lines are counted', () => {
  it('Excel\'s comma lines below the table and blank lines are not records, and the read summary says how many (with and without workers)', async () => {
    const commas = ','.repeat(lines[0]!.split(',').length - 1);
    const body = [...lines.slice(0, 1000), '', '   ', ...lines.slice(1000), ...Array.from({ length: 40 }, () => commas), '', ''];
    writeFileSync(join(dir, 'commas.csv'), body.join('\r\n') + '\r\n');
    const { items, skipped } = await itemsOf('commas.csv');
    expect(items.filter((i) => i.kind === 'row')).toHaveLength(ROWS);
    expect(items.filter((i) => i.kind === 'reject')).toHaveLength(0);
    expect(skipped).toEqual({ blank: 4, empty: 40 });
    for (const extra of [[], ['--workers', '2']]) {
      const r = await check('commas.csv', ...extra);
      expect(counts(r.stderr)).toEqual({ read: ROWS, processed: ROWS, rejected: 0 });
      expect(r.stderr).toContain('另跳过不是记录的行：空行 4 行，只有分隔符（逗号）的行 40 行（不计入读取）');
    }
  }, 60_000);
});

describe('the reading layer under fuzzing', () => {
  it('10^5 random and mutated inputs: no throw but coded errors, row numbers inside the file, chunk lines consecutive', () => {
    expect(() => fuzzRead(100_000, 15)).not.toThrow();
  }, 120_000);
});
