/**
 * What a file is, from its first bytes, whatever its name says: a PDF, a ZIP (an XLSX, DOCX …),
 * an OLE compound file (an old .xls, or an XLSX protected by a password), an image or archive, or
 * text. A binary file given as CSV is refused with one clear message instead of being read as text
 * (its bytes would otherwise be echoed in rejected-row messages).
 */

/** The kinds told apart. */
export type FileKind = 'text' | 'zip' | 'ole' | 'pdf' | 'gzip' | 'png' | 'jpeg' | 'gif' | '7z' | 'rar' | 'binary';

const starts = (s: Uint8Array, sig: readonly number[]) => sig.every((b, i) => s[i] === b);

/** zh-CN names of the binary kinds, for messages. */
export const FILE_KIND_LABELS: Record<Exclude<FileKind, 'text'>, string> = {
  zip: 'ZIP 压缩文件（XLSX 工作簿也是这种格式）',
  ole: '旧版 Office 文件（.xls / .doc，或设了打开密码的工作簿）',
  pdf: 'PDF 文档',
  gzip: 'gzip 压缩文件',
  png: 'PNG 图片',
  jpeg: 'JPEG 图片',
  gif: 'GIF 图片',
  '7z': '7z 压缩文件',
  rar: 'RAR 压缩文件',
  binary: '二进制文件（不是文本）',
};

/**
 * The kind of a file from its first bytes (`utf16`: the sample was detected as UTF-16 text, whose
 * NUL bytes are not a sign of a binary file).
 *
 * @example
 * ```ts
 * fileKind(Buffer.from('%PDF-1.7\n')); //=> 'pdf'
 * fileKind(Buffer.from('姓名,公民身份号码\r\n')); //=> 'text'
 * ```
 */
export function fileKind(sample: Uint8Array, utf16 = false): FileKind {
  if (starts(sample, [0x50, 0x4b, 0x03, 0x04]) || starts(sample, [0x50, 0x4b, 0x05, 0x06]) || starts(sample, [0x50, 0x4b, 0x07, 0x08])) return 'zip';
  if (starts(sample, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (starts(sample, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (starts(sample, [0x1f, 0x8b])) return 'gzip';
  if (starts(sample, [0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (starts(sample, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(sample, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (starts(sample, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (starts(sample, [0x52, 0x61, 0x72, 0x21])) return 'rar';
  if (utf16) return 'text';
  // Text has no NUL and few control characters (tab, CR, LF, form feed and ESC aside).
  const n = Math.min(sample.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i]!;
    if (b === 0) return 'binary';
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  return control > n / 100 ? 'binary' : 'text';
}
