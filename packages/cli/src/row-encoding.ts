/**
 * Rows that do not decode cleanly in the file's encoding. The encoding is detected once, from the
 * first 64 KiB (see `detectEncoding`); a file put together from several sources can change
 * encoding further down: a GBK file with rows pasted from a UTF-8 one, a UTF-8 file with GBK rows
 * appended. Such a row is rejected with the reason, never read garbled:
 * - in a UTF-8 file, a row with bytes that are not UTF-8 (decoded as U+FFFD) — `ENCODING_INVALID`;
 * - in a GBK/GB18030 file, a row whose non-ASCII bytes are valid UTF-8 — `ENCODING_MIXED` (a
 *   line of GBK Chinese text is almost never valid UTF-8: its lead bytes 0x81–0xFE are followed by
 *   bytes UTF-8 does not allow there, so valid UTF-8 means the row was written as UTF-8), and a row
 *   with bytes GB18030 cannot decode — `ENCODING_INVALID`.
 * A chunk without any of this costs one search of its text (UTF-8) or one check per line (GBK).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { ENCODING_LABELS, type TextEncoding } from './encoding.js';
import type { RowError } from './rows.js';

const LF = 0x0a;

/** Why a row is rejected, given its row number and its cells; undefined when it decoded cleanly. */
export type UndecodedRow = (rowNumber: number, cells: readonly string[]) => RowError | undefined;

const invalid = (encoding: TextEncoding): RowError => ({
  code: 'ENCODING_INVALID',
  message: `这一行有不能按 ${ENCODING_LABELS[encoding]} 解码的字节（整个文件按 ${ENCODING_LABELS[encoding]} 读取；这一行可能是从另一种编码的文件复制来的）：已拒收，以免读出乱码；请把文件统一另存为一种编码（如 UTF-8）后重试`,
});

const MIXED: RowError = {
  code: 'ENCODING_MIXED',
  message: '这一行是 UTF-8 编码，文件其余部分按 GBK/GB18030 读取：已拒收，以免读出乱码；请把文件统一另存为一种编码后重试（若整个文件都是 UTF-8，请用 --encoding utf8）',
};

/**
 * The check of a decoded chunk's rows (see the module comment), or undefined when every row of it
 * decoded cleanly. `firstLine` is the file line of the chunk's first line.
 *
 * @example
 * ```ts
 * const bytes = Buffer.concat([iconv.encode('张三,1\n', 'gbk'), Buffer.from('李四,2\n')]);
 * rowsNotDecoded(bytes, iconv.decode(bytes, 'gb18030'), 10, 'gb18030')?.(11, ['鏉庡洓', '2'])?.code; //=> 'ENCODING_MIXED'
 * ```
 */
export function rowsNotDecoded(bytes: Uint8Array, text: string, firstLine: number, encoding: TextEncoding): UndecodedRow | undefined {
  const replaced = text.indexOf('\uFFFD') !== -1;
  const mixed = encoding === 'gb18030' ? utf8Lines(bytes, firstLine) : undefined;
  if (!replaced && !mixed) return undefined;
  const bad = invalid(encoding);
  return (rowNumber, cells) => {
    if (mixed?.has(rowNumber)) return MIXED;
    if (replaced) for (const c of cells) if (c.indexOf('\uFFFD') !== -1) return bad;
    return undefined;
  };
}

/** The file lines of a GB18030 chunk whose bytes are valid UTF-8 with some non-ASCII, or undefined when none is. */
function utf8Lines(bytes: Uint8Array, firstLine: number): Set<number> | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(b)) return undefined;
  let out: Set<number> | undefined;
  let line = firstLine;
  for (let pos = 0; pos < b.length; line++) {
    let eol = b.indexOf(LF, pos);
    if (eol < 0) eol = b.length;
    const l = b.subarray(pos, eol);
    if (!isAscii(l) && isUtf8(l)) (out ??= new Set()).add(line);
    pos = eol + 1;
  }
  return out;
}
