/**
 * Fuzzing the CSV / JSON Lines reading layer: random and mutated inputs through the record
 * splitter (random push sizes, a random bound on one record) and the chunk reader (random
 * encoding, delimiter, with and without a known header). The law: nothing throws except a coded
 * `CliError`, every item has a row number inside the file, and the chunks' line numbers follow
 * each other. Shared by the CI test (10^5 inputs, `reliability-read.test.ts`) and the bench
 * (`bench/read-fuzz.bench.ts`, 10^6: `pnpm bench cli`, or `CANJI_FUZZ_RUNS=… pnpm bench cli`).
 */
import iconv from 'iconv-lite';
import { createChunkReader, type RowItem } from '../src/chunks.js';
import { CliError } from '../src/io.js';
import { countLines, RecordSplitter, type TextChunk } from '../src/record-splitter.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['"', ',', '\r', '\n', '\r\n', '\r\r\n', 'a', '1', ' ', '\t', '""', ',,,,', '张三', '11010519491231002X', '{"a":1}', '\uFEFF', '\uFFFD'];
const SEED_CSV = 'resident_id,name,r3\r\n11010519491231002X,张三,1\r\n"11010519491231002X","李""四",2\r\n,,\r\n';

/** One input: random pieces, random bytes, or a valid CSV with a few bytes changed. */
function input(rand: () => number): Buffer {
  const kind = rand();
  if (kind < 0.4) {
    const parts: Buffer[] = [];
    const n = Math.floor(rand() * 40);
    for (let i = 0; i < n; i++) parts.push(Buffer.from(PIECES[Math.floor(rand() * PIECES.length)]!));
    return Buffer.concat(parts);
  }
  if (kind < 0.55) {
    const b = Buffer.alloc(Math.floor(rand() * 120));
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(rand() * 256);
    return b;
  }
  const base = rand() < 0.5 ? Buffer.from(SEED_CSV) : iconv.encode(SEED_CSV, 'gbk');
  const b = [...base];
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * (b.length + 1));
    const r = rand();
    const byte = rand() < 0.5 ? [0x22, 0x2c, 0x0d, 0x0a][Math.floor(rand() * 4)]! : Math.floor(rand() * 256);
    if (r < 0.33) b.splice(at, 0, byte);
    else if (r < 0.66) b.splice(at, 1);
    else b[at] = byte;
  }
  return Buffer.from(b);
}

/** Reads one input as the CLI does (splitter, then chunk reader); throws when the law is broken. */
function readOnce(bytes: Buffer, rand: () => number): void {
  const format = rand() < 0.85 ? 'csv' : 'jsonl';
  const splitter = new RecordSplitter(format, { maxRecordBytes: 1 + Math.floor(rand() * 64) });
  const chunks: TextChunk[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = 1 + Math.floor(rand() * 32);
    chunks.push(...splitter.push(bytes.subarray(at, at + n)));
    at += n;
  }
  chunks.push(...splitter.end());
  const known = rand() < 0.3 ? { columns: ['resident_id', 'name', 'r3'], throughLine: Math.floor(rand() * 3) } : undefined;
  const reader = createChunkReader({ format, encoding: rand() < 0.7 ? 'utf8' : 'gb18030', ...(rand() < 0.2 ? { delimiter: '\t' } : {}), ...(known ? { header: known } : {}) });
  // Lines of the file: every line end (a CR run before LF is one) plus the last line.
  const maxLine = bytes.length + 2;
  let line = 1;
  const check = (it: RowItem) => {
    if (it.kind === 'skipped') {
      if (it.blank < 0 || it.empty < 0) throw new Error('negative count');
      return;
    }
    if (!(it.rowNumber >= 0 && it.rowNumber <= maxLine)) throw new Error(`row number ${it.rowNumber} outside the file`);
  };
  for (const c of chunks) {
    if (c.firstLine !== line) throw new Error(`chunk starts on line ${c.firstLine}, expected ${line}`);
    line += c.broken ? 1 : countLines(c.bytes);
    reader.read(c.bytes, c.firstLine, check, c.broken);
  }
  reader.end(check);
}

/**
 * Runs `runs` inputs from `seed`; resolves to the number of coded errors seen, or throws with the
 * seed and input of the first input that breaks the law.
 */
export function fuzzRead(runs: number, seed = 1): { coded: number } {
  const rand = prng(seed);
  let coded = 0;
  // csv-parse reports each broken record with an Error; their stack traces (with source maps
  // under tsx and vitest) would be most of the time spent.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { coded: fuzzLoop(runs, seed, rand, coded) };
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function fuzzLoop(runs: number, seed: number, rand: () => number, coded: number): number {
  for (let i = 0; i < runs; i++) {
    const bytes = input(rand);
    try {
      readOnce(bytes, rand);
    } catch (e) {
      if (e instanceof CliError) {
        coded++;
        continue;
      }
      throw new Error(`fuzz input ${i} (seed ${seed}) broke the reader: ${(e as Error).message}; input (hex) ${bytes.toString('hex')}`);
    }
  }
  return coded;
}
