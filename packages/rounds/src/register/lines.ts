/**
 * Checksummed JSON Lines, the file store's format: every line is `{"c":"<crc32>","e":<json>}`,
 * where `<crc32>` is the CRC-32 (IEEE 802.3, as zlib and gzip compute it) of the UTF-8 bytes of
 * `<json>` in 8 hex digits. A line cut off by a killed process, or changed on disk, fails the check.
 */

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

const encoder = new TextEncoder();

/** CRC-32 of a string's UTF-8 bytes, 8 lowercase hex digits. @internal */
export function crc32Hex(text: string): string {
  const bytes = encoder.encode(text);
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ((c ^ -1) >>> 0).toString(16).padStart(8, '0');
}

const HEAD = '{"c":"';
const MID = '","e":';
const BODY_AT = HEAD.length + 8 + MID.length;

/** One line (without its newline) holding `value`. @internal */
export function encodeLine(value: unknown): string {
  const json = JSON.stringify(value);
  return `${HEAD}${crc32Hex(json)}${MID}${json}}`;
}

/** The value of a line, or `undefined` when the line is not a whole, unchanged line. @internal */
export function decodeLine(line: string): { value: unknown } | undefined {
  if (line.length <= BODY_AT || !line.startsWith(HEAD) || line.slice(HEAD.length + 8, BODY_AT) !== MID || !line.endsWith('}')) return undefined;
  const json = line.slice(BODY_AT, -1);
  if (crc32Hex(json) !== line.slice(HEAD.length, HEAD.length + 8)) return undefined;
  try {
    return { value: JSON.parse(json) };
  } catch {
    return undefined;
  }
}
