import type { IdChange } from './types.js';

/**
 * Normalises typing and spreadsheet noise out of an identifier, reporting every change:
 * surrounding whitespace, inner spaces (incl. U+3000 and NBSP), zero-width characters, hyphens,
 * full-width digits/letters (U+FF10–FF5A), lower-case `x`/`b`, and the text markers spreadsheets
 * add to keep long numbers as text (`'4301…`, `="4301…"`).
 *
 * @internal
 */
export function normalizeIdentifier(input: string, lowercaseLetters: string): { text: string; changes: IdChange[] } {
  const changes: IdChange[] = [];
  let s = input;
  const trimmed = s.trim();
  if (trimmed !== s) {
    changes.push({ code: 'TRIMMED', message: '去除了首尾空白' });
    s = trimmed;
  }
  // Spreadsheet text markers: ="…" (CSV exports) and a leading apostrophe (typed in Excel/WPS).
  // Full-width ＝ ＂ ＇ (typed with a Chinese input method) are the same markers.
  const m = /^[=＝]["＂](.*)["＂]$/.exec(s);
  if (m) {
    s = m[1]!.trim();
    changes.push({ code: 'SPREADSHEET_TEXT_MARKER_REMOVED', message: '去除了电子表格文本标记 ="…"' });
  } else if (s.startsWith("'") || s.startsWith('‘') || s.startsWith('’') || s.startsWith('＇')) {
    s = s.slice(1).trim();
    changes.push({ code: 'SPREADSHEET_TEXT_MARKER_REMOVED', message: '去除了电子表格文本前缀单引号' });
  }
  let out = '';
  let fullwidth = false;
  let space = false;
  let invisible = false;
  let hyphen = false;
  const lowered = new Set<string>();
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      // Full-width ASCII block: same order as ASCII, offset 0xFEE0.
      c -= 0xfee0;
      fullwidth = true;
    }
    if (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x3000 || c === 0x0a || c === 0x0d) {
      space = true;
      continue;
    }
    if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfeff || c === 0x2060) {
      invisible = true;
      continue;
    }
    if (c === 0x2d || c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2013 || c === 0x2014 || c === 0x2212) {
      hyphen = true;
      continue;
    }
    let ch = String.fromCharCode(c);
    if (lowercaseLetters.includes(ch)) {
      lowered.add(ch);
      ch = ch.toUpperCase();
    }
    out += ch;
  }
  if (space) changes.push({ code: 'WHITESPACE_REMOVED', message: '去除了号码中间的空格' });
  if (invisible) changes.push({ code: 'INVISIBLE_REMOVED', message: '去除了不可见字符（零宽字符或字节顺序标记）' });
  if (hyphen) changes.push({ code: 'HYPHENS_REMOVED', message: '去除了号码中间的连字符' });
  if (fullwidth) changes.push({ code: 'FULLWIDTH_TO_ASCII', message: '全角字符已转换为半角' });
  if (lowered.has('x')) changes.push({ code: 'LOWERCASE_X', message: '小写 x 已转换为大写 X' });
  if (lowered.has('b')) changes.push({ code: 'LOWERCASE_B', message: '小写 b 已转换为大写 B' });
  return { text: out, changes };
}
