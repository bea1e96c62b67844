/**
 * Reading a chunk of whole CSV records (see `RecordSplitter`): plain RFC 4180 text — fields
 * without quotes, or quoted fields on one line with `""` for a quote — is split by hand, which is
 * several times faster than a general parser; a chunk with anything else (a quote inside an
 * unquoted field, text after a closing quote, a line break inside quotes, an unclosed quote, a lone
 * CR) is read by csv-parse, which reports the records it cannot read.
 */
import { parse as parseCsvSync } from 'csv-parse/sync';
import type { RowError } from './rows.js';

/**
 * A record csv-parse could not read: reported at the line it starts on (the line after the last
 * good record), with the lines it swallowed — an unclosed quote runs on to the end of the file.
 */
export function malformed(e: { message?: string; lines?: number; code?: string }, lastGoodLine: number): { rowNumber: number; error: RowError } {
  const start = lastGoodLine + 1;
  const end = e.lines ?? start;
  const span = end > start ? `（第 ${start}–${end} 行）` : '';
  const what = csvParseProblem(e.code, e.message ?? '');
  return { rowNumber: start, error: { code: 'CSV_MALFORMED', message: `CSV 格式错误${span}：${what}` } };
}

const LF = 10;

/** A record of a chunk (its cells and the file line it ends on), or a record that could not be read. */
export type CsvChunkItem = { rowNumber: number; cells: string[] } | { rowNumber: number; reject: RowError };

const QUOTE = 34;
const CR = 13;

/**
 * A cell that does not hold on to its chunk: V8 makes a slice of 13 characters or more a view
 * into the parent string, so an ID kept by a batch rule (one per person: 1.5 million in a
 * county batch) would keep its whole chunk of text alive — the file's text piling up in memory.
 * Concatenating and slicing again makes a string of its own (measured: 400,000 IDs kept take
 * 65 MB of heap this way, 237 MB as slices).
 */
const detach = (s: string): string => (s + ' ').slice(0, -1);

/**
 * The cells of one plain CSV line `text[pos, end)` (no line break in it), or undefined when the
 * line needs a full parser (a quote inside an unquoted field, text after a closing quote, a quoted
 * field running past the line, a lone CR).
 */
function splitPlainLine(text: string, pos: number, end: number, d: number): string[] | undefined {
  const cells: string[] = [];
  let i = pos;
  for (;;) {
    if (text.charCodeAt(i) === QUOTE) {
      // Quoted field: up to the closing quote, `""` standing for one quote.
      let v = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0 || q >= end) return undefined;
        if (text.charCodeAt(q + 1) === QUOTE && q + 1 < end) {
          v += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        v += text.slice(from, q);
        i = q + 1;
        break;
      }
      cells.push(v.length >= 13 ? detach(v) : v);
      if (i === end) return cells;
      if (text.charCodeAt(i) !== d) return undefined;
      i++;
      if (i === end) {
        cells.push('');
        return cells;
      }
      continue;
    }
    let j = i;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === d) break;
      if (c === QUOTE || c === CR) return undefined;
      j++;
    }
    cells.push(j - i >= 13 ? detach(text.slice(i, j)) : text.slice(i, j));
    if (j === end) return cells;
    i = j + 1;
    if (i === end) {
      cells.push('');
      return cells;
    }
  }
}

/**
 * Calls `onRecord` for each plain line of `text` in order (empty lines skipped and counted) and
 * returns the offset and line number of the first line that needs a full parser (`pos` is the
 * text's length when every line was plain), with the number of empty lines before it. `firstLine`
 * is the file line number of the text's first line.
 */
function eachPlainLine(text: string, delimiter: string, firstLine: number, onRecord: (rowNumber: number, cells: string[]) => void, start = 0): { pos: number; line: number; blank: number } {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let line = firstLine;
  let pos = start;
  let blank = 0;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    if (end > pos) {
      const cells = splitPlainLine(text, pos, end, d);
      if (!cells) return { pos, line, blank };
      onRecord(line, cells);
    } else blank++;
    line++;
    pos = eol + 1;
  }
  return { pos: n, line, blank };
}

/**
 * Splits plain CSV text into records, or returns undefined when the text needs a full parser.
 * Empty lines are skipped; `firstLine` is the file line number of the text's first line.
 *
 * @example
 * ```ts
 * splitPlainCsv('a,"b ""c""",\r\n\r\nd\n', ',', 1); //=> [{ rowNumber: 1, cells: ['a', 'b "c"', ''] }, { rowNumber: 3, cells: ['d'] }]
 * splitPlainCsv('a,"b\nc"\n', ',', 1); //=> undefined (a line break inside quotes)
 * ```
 */
export function splitPlainCsv(text: string, delimiter: string, firstLine: number): CsvChunkItem[] | undefined {
  const out: CsvChunkItem[] = [];
  return eachPlainLine(text, delimiter, firstLine, (rowNumber, cells) => out.push({ rowNumber, cells })).pos < text.length ? undefined : out;
}

/** Times a chunk is read again after a broken record (see {@link eachCsvRecord}); past it, csv-parse's own recovery stands. */
const RESTARTS = 64;

/**
 * The records of a chunk of whole CSV records in file order, one call each as they are split, so
 * that nothing of a row outlives its turn: plain lines split by hand; from the first line that is
 * not plain on, csv-parse reads, which reports a record it cannot read as a `CSV_MALFORMED` reject
 * at the line it starts on. After a broken record the chunk is read again from the next line (plain
 * lines by hand again): csv-parse's own recovery can swallow the good line after a stray quote.
 * Returns the number of empty lines skipped.
 */
export function eachCsvRecord(text: string, delimiter: string, firstLine: number, onItem: (item: CsvChunkItem) => void): number {
  const emit = (rowNumber: number, cells: string[]) => onItem({ rowNumber, cells });
  let blank = 0;
  let start = 0;
  let line = firstLine;
  for (let restarts = 0; ; restarts++) {
    const rest = eachPlainLine(text, delimiter, line, emit, start);
    blank += rest.blank;
    if (rest.pos >= text.length) return blank;
    const parsed = parseCsvChunk(rest.pos === 0 ? text : text.slice(rest.pos), delimiter, rest.line, restarts < RESTARTS);
    for (const it of parsed.items) onItem(it);
    blank += parsed.blank;
    if (!parsed.restart) return blank;
    start = rest.pos + parsed.restart.offset;
    line = parsed.restart.line;
  }
}

/** What csv-parse's errors mean, for the clerk (its own messages are English and name its internals). */
function csvParseProblem(code: string | undefined, message: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return '引号不配对：从这一行起的引号没有闭合，其后的内容被当作同一个字段';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return '引号后面紧跟着其他字符（一个单元格里的英文双引号应写成两个 ""，整个单元格再用引号括起来）';
    case 'INVALID_OPENING_QUOTE':
      return '不带引号的单元格中间出现了英文双引号（应写成两个 ""，整个单元格再用引号括起来）';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH':
      return '列数与其他行不一致';
    default:
      return `无法按 CSV 读取（${code ?? message.split(':')[0] ?? '未知原因'}）`;
  }
}

/** Empty lines at the end of `text` after its last line end (csv-parse counts those before each record). */
function trailingEmptyLines(text: string): number {
  let k = text.length;
  if (text.charCodeAt(k - 1) !== LF) return 0;
  k--;
  if (text.charCodeAt(k - 1) === CR) k--;
  let n = 0;
  while (k > 0 && text.charCodeAt(k - 1) === LF) {
    n++;
    k--;
    if (text.charCodeAt(k - 1) === CR) k--;
  }
  return k === 0 ? n + 1 : n;
}

/** A chunk read by csv-parse: the records it can read, a `CSV_MALFORMED` reject for each it cannot, and the empty lines it skipped. */
function parseCsvChunk(text: string, delimiter: string, firstLine: number, mayRestart: boolean): { items: CsvChunkItem[]; blank: number; restart?: { line: number; offset: number } } {
  const out: CsvChunkItem[] = [];
  const skipped: { lines?: number; message: string; code?: string; empty_lines?: number }[] = [];
  const rows = parseCsvSync(text, {
    delimiter,
    // Line ends are LF or CRLF here (the splitter turned lone CRs outside quotes into LF); a CR inside quotes is data.
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (e) => {
      // An Error's message is not enumerable: copied by name.
      if (e) skipped.push({ message: e.message, ...(e as unknown as { lines?: number; code?: string; empty_lines?: number }) });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number; empty_lines: number } }[];
  const beforeOf = (e: (typeof skipped)[number]) => {
    // The last good record before the bad one, in chunk lines.
    let before = 0;
    for (const r of rows) if (r.info.lines < (e.lines ?? 0) && r.info.lines > before) before = r.info.lines;
    for (const x of skipped) if ((x.lines ?? 0) < (e.lines ?? 0) && (x.lines ?? 0) > before) before = x.lines ?? 0;
    return before;
  };
  const first = skipped[0];
  if (first && mayRestart) {
    // Read again from the line after the broken record (an unclosed quote: after its first line).
    const before = beforeOf(first);
    const unclosed = first.code === 'CSV_QUOTE_NOT_CLOSED';
    const endLine = unclosed ? before + 1 : Math.max(before + 1, first.lines ?? 1);
    let offset = 0;
    for (let l = 0; l < endLine && offset <= text.length; l++) {
      const i = text.indexOf('\n', offset);
      offset = i < 0 ? text.length + 1 : i + 1;
    }
    if (offset < text.length) {
      for (const { record, info } of rows) if (info.lines <= before) out.push({ rowNumber: firstLine + info.lines - 1, cells: record });
      const m = malformed({ ...first, lines: firstLine + endLine - 1 }, firstLine + before - 1);
      out.push({ rowNumber: m.rowNumber, reject: m.error });
      const kept = rows.filter((r) => r.info.lines <= before);
      return { items: out, blank: Math.max(kept[kept.length - 1]?.info.empty_lines ?? 0, first.empty_lines ?? 0), restart: { line: firstLine + endLine, offset } };
    }
  }
  for (const e of skipped) {
    const m = malformed({ ...e, lines: firstLine + (e.lines ?? 1) - 1 }, firstLine + beforeOf(e) - 1);
    out.push({ rowNumber: m.rowNumber, reject: m.error });
  }
  for (const { record, info } of rows) out.push({ rowNumber: firstLine + info.lines - 1, cells: record });
  if (skipped.length) out.sort((a, b) => a.rowNumber - b.rowNumber);
  const last = rows[rows.length - 1]?.info.empty_lines ?? 0;
  const lastSkip = skipped.reduce((m, e) => Math.max(m, e.empty_lines ?? 0), 0);
  const blank = rows.length || skipped.length ? Math.max(last, lastSkip) + trailingEmptyLines(text) : countLineEnds(text);
  return { items: out, blank };
}

const countLineEnds = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * Why a record's cells do not line up with the header, or undefined when they do. A trailing empty
 * field from a spreadsheet's extra comma is harmless; anything else shifts the columns.
 */
export function fieldCountError(cells: readonly string[], header: readonly string[]): RowError | undefined {
  if (cells.length === header.length) return undefined;
  if (cells.length > header.length && cells.slice(header.length).every((c) => c.trim() === '')) return undefined;
  return { code: 'ROW_FIELD_COUNT', message: `本行有 ${cells.length} 列，表头有 ${header.length} 列（多出或缺少逗号，列已错位）` };
}
