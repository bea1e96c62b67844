/**
 * Text encodings of CSV and JSON Lines files. Spreadsheet programs on Chinese Windows save CSV as
 * GBK (Excel's "CSV", WPS) or as UTF-8 with a byte-order mark ("CSV UTF-8"); other tools write
 * plain UTF-8. GB18030 is a superset of GBK, so GBK files are decoded as GB18030.
 */
import { open } from 'node:fs/promises';

/**
 * How a text file is decoded: `utf8` (a BOM, if any, is skipped), `gb18030` (also reads GBK and
 * GB2312), or UTF-16 (`utf16le`: what Excel and WPS save as “Unicode 文本”; `utf16be`).
 */
export type TextEncoding = 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

/** What `--encoding` accepts. */
export type EncodingOption = 'auto' | 'utf8' | 'utf-8' | 'gbk' | 'gb18030' | 'gb2312' | 'utf16le' | 'utf-16le' | 'utf16be' | 'utf-16be' | 'unicode';

/** zh-CN names of the encodings, for messages. */
export const ENCODING_LABELS: Record<TextEncoding, string> = { utf8: 'UTF-8', gb18030: 'GBK/GB18030', utf16le: 'UTF-16LE', utf16be: 'UTF-16BE' };

/** Whether NUL bytes sit at every other position, as in UTF-16 text of mostly ASCII and CJK (`le`: odd positions). */
function utf16WithoutBom(sample: Uint8Array): 'le' | 'be' | undefined {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 8) return undefined;
  let odd = 0;
  let even = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.3 && even < pairs * 0.02) return 'le';
  if (even > pairs * 0.3 && odd < pairs * 0.02) return 'be';
  return undefined;
}

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** True when the file starts with the UTF-8 byte-order mark. */
  bom: boolean;
  /** zh-CN description for messages: `UTF-8（带 BOM）`, `GBK/GB18030`. */
  label: string;
}

const SAMPLE = 1 << 16;

/**
 * Detects the encoding from the first bytes: a UTF-8 BOM → UTF-8; a UTF-16 BOM, or NUL bytes at
 * every other position → UTF-16 (Excel's “Unicode 文本”); bytes that are valid UTF-8 → UTF-8;
 * otherwise GB18030. (A GBK text of Chinese characters is almost never valid UTF-8: its lead bytes
 * 0x81–0xFE are followed by bytes that UTF-8 does not allow there.)
 *
 * @example
 * ```ts
 * detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41])).label; //=> 'UTF-8（带 BOM）'
 * detectEncoding(Buffer.from([0xff, 0xfe, 0x13, 0x59, 0x0d, 0x54])).encoding; //=> 'utf16le' ("姓名" with a BOM)
 * detectEncoding(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb])).encoding; //=> 'gb18030' ("姓名" in GBK)
 * ```
 */
export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return { encoding: 'utf8', bom: true, label: 'UTF-8（带 BOM）' };
  }
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf16le', bom: true, label: 'UTF-16LE（带 BOM，Excel/WPS“Unicode 文本”）' };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf16be', bom: true, label: 'UTF-16BE（带 BOM）' };
  const u16 = utf16WithoutBom(sample);
  if (u16) return u16 === 'le' ? { encoding: 'utf16le', bom: false, label: 'UTF-16LE' } : { encoding: 'utf16be', bom: false, label: 'UTF-16BE' };
  try {
    // stream: true — a multi-byte character cut at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf8', bom: false, label: 'UTF-8' };
  } catch {
    return { encoding: 'gb18030', bom: false, label: 'GBK/GB18030' };
  }
}

/**
 * Reads the first 64 KiB of a file and detects its encoding (see {@link detectEncoding}).
 *
 * @example
 * ```ts
 * (await detectFileEncoding('长沙县.csv')).label; //=> 'GBK/GB18030' for a CSV saved by Excel on Chinese Windows
 * ```
 */
export async function detectFileEncoding(path: string): Promise<DetectedEncoding> {
  return detectEncoding(await readSample(path));
}

/** The first 64 KiB of a file: what encoding detection and delimiter sniffing look at. */
export async function readSample(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The encoding `--encoding` names, or undefined for `auto` / an unknown name. */
export function encodingFromOption(opt: string | undefined): TextEncoding | undefined | 'invalid' {
  if (opt === undefined || opt === 'auto') return undefined;
  const o = opt.toLowerCase().replace(/_/g, '-');
  if (o === 'utf8' || o === 'utf-8' || o === 'utf8-bom') return 'utf8';
  if (o === 'gbk' || o === 'gb18030' || o === 'gb2312' || o === 'cp936') return 'gb18030';
  if (o === 'utf16le' || o === 'utf-16le' || o === 'utf16' || o === 'utf-16' || o === 'unicode' || o === 'ucs-2') return 'utf16le';
  if (o === 'utf16be' || o === 'utf-16be') return 'utf16be';
  return 'invalid';
}
