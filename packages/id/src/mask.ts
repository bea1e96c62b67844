/**
 * Display masks for a person's name, resident ID number and disability certificate number
 * (GB/T 35273-2020 §3.14 / GB/T 37964-2019 "屏蔽"): a masked value is for showing a record to
 * someone who must recognise it (a caseworker on a list, an example in a validation report), not
 * for release. This module is the one owner of these masks: `@canji/rules` (report examples) and
 * `@canji/deid` (presets, policies) import them from here, so a name is masked the same way in a
 * report and in a de-identified extract.
 */
import { parseDisabilityCertificateNo } from './certificate.js';
import { canonicalResidentId } from './resident-id.js';

/**
 * Presets for person names (汉族 names with single or compound surnames, names with `·`, Latin names):
 * - `name.keep-surname` (the default): the surname, one `*` per given-name character (`欧阳明华` → `欧阳**`);
 * - `name.keep-surname-fixed`: the surname and always `**` (the given name's length is hidden);
 * - `name.keep-surname-and-last`: the surname and the last character (`张三丰` → `张*丰`; `张三` → `张*`);
 * - `name.keep-last`: the last character only (`司马相如` → `***如`);
 * - `name.all`: nothing (`李四` → `**`).
 *
 * @example
 * maskName('张三丰', 'name.keep-surname-and-last') //=> '张*丰'
 */
export type NameMaskPreset = 'name.keep-surname' | 'name.keep-surname-fixed' | 'name.keep-surname-and-last' | 'name.keep-last' | 'name.all';
/**
 * Presets for resident identity numbers.
 *
 * @example
 * maskResidentId('11010519491231002X', 'id.keep-region') //=> '110105************'
 */
export type ResidentIdMaskPreset = 'id.keep-first-6-last-4' | 'id.keep-last-4' | 'id.keep-region' | 'id.keep-first-1-last-1' | 'id.all';
/**
 * Presets for disability certificate numbers (ID part masked; category + level digits optionally kept).
 *
 * @example
 * maskCertificateNo('11010519491231002X42', 'cert.all') //=> '********************'
 */
export type CertificateMaskPreset = 'cert.keep-category-level' | 'cert.keep-last-4-category-level' | 'cert.all';

const STAR = '*';

/**
 * Common Chinese compound surnames (复姓) from the traditional 百家姓 list, in simplified and
 * traditional forms. Only names of three or more characters are split after a compound surname:
 * a two-character name such as 欧阳 is surname 欧 + given name 阳.
 *
 * @example
 * COMPOUND_SURNAMES.has('诸葛') //=> true
 */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set(
  (
    '万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 公孙 仲孙 轩辕 令狐 ' +
    '钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 子车 颛孙 端木 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 ' +
    '段干 百里 东郭 南门 呼延 羊舌 微生 梁丘 左丘 东门 西门 南宫 第五 ' +
    '萬俟 司馬 歐陽 諸葛 聞人 赫連 尉遲 軒轅 鍾離 長孫 鮮于 閭丘 顓孫 巫馬 樂正 壤駟 穀梁 東方 東郭 東門 呼延'
  ).split(' '),
);

/**
 * Splits a Chinese name into surname and given name (compound surnames of {@link COMPOUND_SURNAMES}
 * recognised). Names joined from two parents' surnames (张李某) cannot be told apart from a single
 * surname and are split after the first character.
 *
 * @example
 * splitChineseName('欧阳明华') //=> { surname: '欧阳', given: '明华' }
 * splitChineseName('欧阳')     //=> { surname: '欧', given: '阳' }
 */
export function splitChineseName(name: string): { surname: string; given: string } {
  const chars = Array.from(name.trim());
  if (chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!)) {
    return { surname: chars[0]! + chars[1]!, given: chars.slice(2).join('') };
  }
  return { surname: chars[0] ?? '', given: chars.slice(1).join('') };
}

const NAME_SEPARATORS = /[·•・．.\-‧ ]/;

/**
 * Masks a person's name for display.
 *
 * - A one-character name (a single character after trimming) becomes `*` under every preset: its
 *   only character is at once the surname and the whole name, so keeping the surname would show
 *   the name itself (`张` must not survive as `张*`).
 * - Chinese names: the surname (compound surnames of {@link COMPOUND_SURNAMES} such as 欧阳, 司马,
 *   诸葛 recognised) is treated as one unit; see {@link NameMaskPreset} for what each preset keeps.
 * - Names with a separator (`·`, as in many Uyghur, Tibetan and transliterated names, or spaces in
 *   Latin names): every part is masked except its first character (`keep-surname*` presets) or
 *   except the last part's last character (`keep-last`); separators are kept.
 *
 * @example
 * maskName('欧阳明华')                               //=> '欧阳**'
 * maskName('张三丰', 'name.keep-surname-and-last')   //=> '张*丰'
 * maskName('张三', 'name.keep-surname-fixed')        //=> '张**'
 * maskName('阿依古丽·买买提')                         //=> '阿***·***'
 * maskName('张')                                     //=> '*'
 */
export function maskName(name: string, preset: NameMaskPreset = 'name.keep-surname'): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (!trimmed) return '';
  const chars = Array.from(trimmed);
  if (chars.length === 1) return STAR;
  const stars = (n: number) => STAR.repeat(n);
  if (preset === 'name.all') return chars.map((c) => (NAME_SEPARATORS.test(c) ? c : STAR)).join('');
  if (chars.some((c) => NAME_SEPARATORS.test(c))) {
    // Multi-part names: no surname convention to rely on; keep separators, mask each part.
    const parts = trimmed.split(/([·•・．.\-‧ ])/);
    if (preset === 'name.keep-last') {
      let lastPart = -1;
      for (let i = parts.length - 1; i >= 0; i -= 2) if (parts[i]) { lastPart = i; break; }
      return parts
        .map((p, i) => (i % 2 === 1 ? p : i === lastPart ? stars(Array.from(p).length - 1) + Array.from(p).at(-1)! : stars(Array.from(p).length)))
        .join('');
    }
    let first = true;
    return parts
      .map((p, i) => {
        if (i % 2 === 1 || !p) return p;
        const cs = Array.from(p);
        if (first) {
          first = false;
          return cs[0]! + stars(cs.length - 1);
        }
        return stars(cs.length);
      })
      .join('');
  }
  const { surname, given } = splitChineseName(trimmed);
  const g = Array.from(given);
  switch (preset) {
    case 'name.keep-surname':
      return surname + stars(Math.max(1, g.length));
    case 'name.keep-surname-fixed':
      return surname + stars(2);
    case 'name.keep-surname-and-last':
      return g.length >= 2 ? surname + stars(g.length - 1) + g.at(-1)! : surname + stars(1);
    case 'name.keep-last':
      return stars(chars.length - 1) + chars.at(-1)!;
    default:
      return preset satisfies never;
  }
}

/**
 * Masks a resident identity number (18 or 15 digits, full-width, lower-case `x` accepted; the
 * canonical 18-character form is masked). A value that is not a valid number is masked entirely,
 * so a typo never leaks more than a valid number would.
 *
 * @example
 * maskResidentId('11010519491231002x')                   //=> '110105********002X'
 * maskResidentId('11010519491231002X', 'id.keep-last-4') //=> '**************002X'
 * maskResidentId('not an id')                            //=> '*********'
 */
export function maskResidentId(id: string, preset: ResidentIdMaskPreset = 'id.keep-first-6-last-4'): string {
  if (typeof id !== 'string') return '';
  const c = canonicalResidentId(id);
  if (c === undefined) return STAR.repeat(Array.from(id.trim()).length);
  return keepEnds(c, ...idKeep(preset));
}

function idKeep(preset: ResidentIdMaskPreset): [number, number] {
  switch (preset) {
    case 'id.keep-first-6-last-4':
      return [6, 4];
    case 'id.keep-last-4':
      return [0, 4];
    case 'id.keep-region':
      return [6, 0];
    case 'id.keep-first-1-last-1':
      return [1, 1];
    case 'id.all':
      return [0, 0];
    default:
      return preset satisfies never;
  }
}

function keepEnds(s: string, head: number, tail: number): string {
  if (head + tail >= s.length) return STAR.repeat(s.length);
  return s.slice(0, head) + STAR.repeat(s.length - head - tail) + s.slice(s.length - tail);
}

/**
 * Masks a disability certificate number (残疾人证号: 18-character ID + category + level, optional
 * reissue mark `B1`–`B9`). The ID part is masked; the category and level digits (and the reissue
 * mark) are kept by the `keep-*` presets. An invalid value is masked entirely.
 *
 * @example
 * maskCertificateNo('11010519491231002X42')                                  //=> '******************42'
 * maskCertificateNo('11010519491231002X42B1', 'cert.keep-last-4-category-level') //=> '**************002X42B1'
 */
export function maskCertificateNo(certificateNo: string, preset: CertificateMaskPreset = 'cert.keep-category-level'): string {
  if (typeof certificateNo !== 'string') return '';
  const r = parseDisabilityCertificateNo(certificateNo, { allowUnknownLevel: true });
  if (!r.ok) return STAR.repeat(Array.from(certificateNo.trim()).length);
  const s = r.value.certificateNo;
  const idPart = s.slice(0, 18);
  const rest = s.slice(18);
  switch (preset) {
    case 'cert.keep-category-level':
      return STAR.repeat(18) + rest;
    case 'cert.keep-last-4-category-level':
      return keepEnds(idPart, 0, 4) + rest;
    case 'cert.all':
      return STAR.repeat(s.length);
    default:
      return preset satisfies never;
  }
}


/**
 * Masks a resident ID number or a certificate number by position, for the examples of a validation
 * report: the 6-digit region code and the last 4 characters of the ID part stay, the birth date is
 * hidden; a certificate number keeps its category/level suffix. Unlike {@link maskResidentId} it
 * does not validate (a report shows *wrong* numbers too, and the reviewer needs their region), so
 * it only ever keeps positions: 18+ characters keep 1–6 and 15 onwards, a 15-digit legacy number
 * keeps 1–6 and 13–15, 10–17 characters keep the first 4 and the last 2, shorter values nothing.
 * The output has the length of the trimmed input; an empty or non-string value gives `undefined`.
 *
 * @example
 * ```ts
 * maskIdentifier('11010519491231002X');   //=> '110105********002X'
 * maskIdentifier('11010519491231002X42'); //=> '110105********002X42'
 * maskIdentifier('110105491231002');      //=> '110105******002'
 * ```
 */
export function maskIdentifier(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const v = value.trim();
  if (v.length < 10) return STAR.repeat(v.length);
  if (v.length === 15) return keepEnds(v, 6, 3);
  if (v.length < 18) return keepEnds(v, 4, 2);
  return v.slice(0, 6) + STAR.repeat(8) + v.slice(14);
}
