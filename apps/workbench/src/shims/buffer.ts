/** `node:buffer` for the workbench: the `buffer` package's Buffer and the two checks the row reader uses. */
import { Buffer } from 'buffer';

export { Buffer };
const ascii = (b: Uint8Array): boolean => {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return false;
  return true;
};
const utf8 = new TextDecoder('utf-8', { fatal: true });
export const isAscii = ascii;
export function isUtf8(b: Uint8Array): boolean {
  try {
    utf8.decode(b);
    return true;
  } catch {
    return false;
  }
}
export const constants = { MAX_LENGTH: 2 ** 31 - 1, MAX_STRING_LENGTH: 2 ** 29 - 24 };
export default { Buffer, isAscii, isUtf8, constants };
