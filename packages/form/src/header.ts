/**
 * Header resolution: which flat column (machine key) each header of a file names — machine names
 * (`r13`), item numbers (`R13`, `R16-2`, `(R13)受教育程度`), numbered labels (`R13 受教育程度`),
 * labels (`受教育程度`) and the aliases exports use (`身份证号码`, `残疾证号` …). The same resolution
 * `fromFlatRow` and `flatRowReader` apply to every row, done once for the whole header.
 */
import { flatHeaderItem, type FlatRowOptions } from './flat.js';
import { PERSON_FORM_VERSIONS } from './forms/index.js';
import type { PersonFormVersion } from './types.js';

/** A header the form does not read, and why (zh-CN). */
export interface IgnoredHeader {
  /** The header as written in the file. */
  column: string;
  /**
   * `FLAT_UNKNOWN_COLUMN` (not a column of the form, or a sub-item it does not have),
   * `FLAT_AMBIGUOUS_COLUMN` (a label several items share: add the item number),
   * `FLAT_DUPLICATE_COLUMN` (names the same item as an earlier header, which is kept),
   * `FLAT_VERSION_UNKNOWN` (the options name no form).
   */
  code: 'FLAT_UNKNOWN_COLUMN' | 'FLAT_AMBIGUOUS_COLUMN' | 'FLAT_DUPLICATE_COLUMN' | 'FLAT_VERSION_UNKNOWN';
  message: string;
}

/** What {@link resolveFlatHeaders} found. */
export interface FlatHeaderResolution {
  /** Header as written → machine key, for the headers the form reads, in file order. */
  known: Map<string, string>;
  /** Headers ignored, in file order, with the reason. Blank headers are left out silently. */
  ignored: IgnoredHeader[];
  /** Headers read by their item number although the label after it is another item's (`R13 户口性质`): a warning for the user. */
  labelMismatch: { column: string; key: string; message: string }[];
  /** Every non-blank header is already its machine key (rows can be read as they are). */
  identity: boolean;
}

/**
 * Resolves a file's header row to the form's flat columns, once: each header's machine key, the
 * headers ignored (unknown, ambiguous, or a second header for the same item — the first is kept,
 * as `fromFlatRow` keeps the first cell) and the ones whose item number and label disagree.
 * Never throws; an unknown `version` ignores every header with `FLAT_VERSION_UNKNOWN`.
 *
 * @example
 * ```ts
 * const h = resolveFlatHeaders(['身份证号码', 'R13 受教育程度', '备注2', 'resident_id']);
 * h.known.get('身份证号码'); //=> 'resident_id'
 * h.known.get('R13 受教育程度'); //=> 'r13'
 * h.ignored.map((i) => i.code); //=> ['FLAT_UNKNOWN_COLUMN', 'FLAT_DUPLICATE_COLUMN']
 * ```
 */
export function resolveFlatHeaders(headers: readonly string[], options: FlatRowOptions = {}): FlatHeaderResolution {
  const known = new Map<string, string>();
  const ignored: IgnoredHeader[] = [];
  const labelMismatch: FlatHeaderResolution['labelMismatch'] = [];
  const taken = new Map<string, string>();
  for (const column of Array.isArray(headers) ? headers : []) {
    if (typeof column !== 'string') {
      // Not text (a spreadsheet cell handed over as it is): no column of the form.
      ignored.push({ column: typeof column === 'number' ? String(column) : `(${typeof column})`, code: 'FLAT_UNKNOWN_COLUMN', message: `表头单元格不是文本（${typeof column}），已忽略` });
      continue;
    }
    if (column.trim() === '' || known.has(column)) continue;
    const r = flatHeaderItem(column, options);
    if (!r) {
      ignored.push({ column, code: 'FLAT_VERSION_UNKNOWN', message: `未知的登记表版本：${String(options.version)}` });
      continue;
    }
    if (!r.item) {
      const code = r.issue?.code === 'FLAT_AMBIGUOUS_COLUMN' ? 'FLAT_AMBIGUOUS_COLUMN' : 'FLAT_UNKNOWN_COLUMN';
      ignored.push({ column, code, message: r.issue?.message ?? `表头“${column}”不是登记表的列，已忽略` });
      continue;
    }
    const key = r.item.key;
    const prev = taken.get(key);
    if (prev !== undefined) {
      ignored.push({ column, code: 'FLAT_DUPLICATE_COLUMN', message: `列“${column}”与列“${prev}”都对应 ${key}，忽略后者` });
      continue;
    }
    taken.set(key, column);
    known.set(column, key);
    if (r.issue?.code === 'FLAT_HEADER_LABEL_MISMATCH') labelMismatch.push({ column, key, message: r.issue.message });
  }
  const identity = ignored.length === 0 && [...known].every(([c, k]) => c === k);
  return { known, ignored, labelMismatch, identity };
}

/** What {@link detectFormVersion} found. */
export interface FormVersionDetection {
  /** The version the header fits best; `'2017'` when it fits several equally well and 2017 is one of them. */
  version: PersonFormVersion;
  /** True when exactly one version fits best: the header decides. */
  decided: boolean;
  /** The versions that fit the header equally well (with `version`), oldest first. */
  candidates: PersonFormVersion[];
  /** Per version, the headers it reads (a header whose item number and label disagree does not count). */
  scores: Record<PersonFormVersion, number>;
}

/** Order in which equally good versions are preferred: the default first. */
const PREFERENCE: readonly PersonFormVersion[] = ['2017', '2021', '2016'];

/**
 * Which version of the person form a file's header was written for: each version reads the header
 * with {@link resolveFlatHeaders}, and the one that reads the most columns — a column whose item
 * number and label disagree (`R4 联系人姓名` on the 2017 form, where R4 is 婚姻状况) counting as not
 * read — wins. The 2021 form has columns the 2017 one lacks (`hukou`, `r7_4`, `R17 残疾人养老服务…`)
 * and lacks many it has (`r28`–`r41`). Machine names `r1`–`r40` alone fit 2016 and 2017 equally
 * (`decided: false`, 2017 is assumed): labels, a 2017-only column (`r41`, `r16_2`) or a 2016-only
 * one (the R36 sub-items `r36_1`… that 2017 numbers R37-x) tell them apart.
 *
 * @example
 * ```ts
 * detectFormVersion(['resident_id', 'hukou', 'r3', 'r4', 'r7_4']).version; //=> '2021'
 * detectFormVersion(['resident_id', 'r4', 'r41']); //=> { version: '2017', decided: true, … }
 * detectFormVersion(['resident_id', 'r3']); //=> { version: '2017', decided: false, candidates: ['2016', '2017', '2021'], … }
 * ```
 */
export function detectFormVersion(headers: readonly string[]): FormVersionDetection {
  const scores = {} as Record<PersonFormVersion, number>;
  for (const v of PERSON_FORM_VERSIONS) {
    const r = resolveFlatHeaders(headers, { version: v });
    scores[v] = r.known.size - r.labelMismatch.length;
  }
  const best = Math.max(...PERSON_FORM_VERSIONS.map((v) => scores[v]));
  const candidates = PERSON_FORM_VERSIONS.filter((v) => scores[v] === best);
  return { version: PREFERENCE.find((v) => candidates.includes(v)) ?? '2017', decided: candidates.length === 1, candidates, scores };
}
