/**
 * Text encodings of CSV and JSON Lines files. Spreadsheet programs on Chinese Windows save CSV as
 * GBK (Excel's "CSV", WPS) or as UTF-8 with a byte-order mark ("CSV UTF-8"); other tools write
 * plain UTF-8. GB18030 is a superset of GBK, so GBK files are decoded as GB18030.
 */
import { open } from 'node:fs/promises';

/** How a text file is decoded: `utf8` (a BOM, if any, is skipped) or `gb18030` (also reads GBK and GB2312). */
export type TextEncoding = 'utf8' | 'gb18030';

/** What `--encoding` accepts. */
export type EncodingOption = 'auto' | 'utf8' | 'utf-8' | 'gbk' | 'gb18030' | 'gb2312';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** True when the file starts with the UTF-8 byte-order mark. */
  bom: boolean;
  /** zh-CN description for messages: `UTF-8（带 BOM）`, `GBK/GB18030`. */
  label: string;
}

const SAMPLE = 1 << 16;

/**
 * Detects the encoding from the first bytes: a UTF-8 BOM → UTF-8; bytes that are valid UTF-8 →
 * UTF-8; otherwise GB18030. (A GBK text of Chinese characters is almost never valid UTF-8: its
 * lead bytes 0x81–0xFE are followed by bytes that UTF-8 does not allow there.)
 *
 * @example
 * ```ts
 * detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41])).label; //=> 'UTF-8（带 BOM）'
 * detectEncoding(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb])).encoding; //=> 'gb18030' ("姓名" in GBK)
 * ```
 */
export function detectEncoding(sample: Uint8Array): DetectedEncoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
    return { encoding: 'utf8', bom: true, label: 'UTF-8（带 BOM）' };
  }
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
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE, 0);
    return detectEncoding(buf.subarray(0, bytesRead));
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
  return 'invalid';
}
