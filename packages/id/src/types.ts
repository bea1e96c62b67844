/** A problem that makes the input unusable. `code` is stable; `message` is zh-CN for people. */
export interface IdError {
  /** Stable machine code, e.g. `ID_CHECKSUM`. Never changes meaning once released. */
  code: IdErrorCode;
  /** zh-CN message saying what is wrong and where. */
  message: string;
  /** 0-based position in the normalised input where the problem is, when it has one. */
  position?: number;
}

/** The input is usable, but something about it deserves a second look. */
export interface IdWarning {
  code: IdWarningCode;
  message: string;
}

/** A normalisation canji applied to the input; nothing is changed without one of these. */
export interface IdChange {
  code: IdChangeCode;
  message: string;
}

export type IdErrorCode =
  | 'ID_EMPTY'
  | 'ID_NOT_STRING'
  | 'ID_LENGTH'
  | 'ID_CHARSET'
  | 'ID_CHECKSUM'
  | 'ID_BIRTH_DATE'
  | 'ID_BIRTH_FUTURE'
  | 'ID_PROVINCE'
  | 'ID_SCIENTIFIC_NOTATION'
  | 'ID_LEGACY_NOT_ALLOWED'
  | 'ID_OPTION_INVALID';

export type IdWarningCode =
  | 'ID_REGION_UNKNOWN'
  | 'ID_REGION_ABOLISHED'
  | 'ID_REGION_AFTER_BIRTH'
  | 'ID_AGE_OVER_120';

export type IdChangeCode =
  | 'TRIMMED'
  | 'WHITESPACE_REMOVED'
  | 'INVISIBLE_REMOVED'
  | 'HYPHENS_REMOVED'
  | 'FULLWIDTH_TO_ASCII'
  | 'LOWERCASE_X'
  | 'LOWERCASE_B'
  | 'SPREADSHEET_TEXT_MARKER_REMOVED'
  | 'LEGACY_15_UPGRADED';

/** Outcome of a parse: never thrown, always returned. */
export type ParseResult<T, E = IdError> =
  | { ok: true; value: T; warnings: IdWarning[]; changes: IdChange[] }
  | { ok: false; error: E };

/**
 * What a region table says about a 6-digit county-level code (GB/T 2260). `@canji/regions`
 * provides one (`residentIdRegionLookup`); an office may pass its own.
 */
export interface RegionLookupResult {
  status: 'current' | 'abolished' | 'unknown';
  /** First year the code was in use, when the source gives it. */
  validFrom?: number;
  /** Last year the code was in use (abolished codes), when the source gives it. */
  validTo?: number;
  /** The region's name, for messages. */
  name?: string;
}

/** `(code6) => RegionLookupResult`: the region check `parseResidentId` accepts. */
export type RegionLookup = (code6: string) => RegionLookupResult;

/**
 * A calendar date as [year, month 1–12, day].
 *
 * @example
 * ```ts
 * const reference: Ymd = [2019, 6, 30];
 * ```
 */
export type Ymd = readonly [number, number, number];

/**
 * A calendar date in any form canji reads: `YYYY-MM-DD` or `YYYYMMDD` text, a `Date` (its local
 * calendar day; the time of day is ignored), a {@link Ymd} triple, or a `yyyymmdd` integer such as
 * `20190630` (the form `readIdentity` gives a birth date in, and the cheapest to pass per record).
 *
 * @example
 * ```ts
 * const same: DateInput[] = ['2019-06-30', '20190630', new Date(2019, 5, 30), [2019, 6, 30], 20190630];
 * ```
 */
export type DateInput = string | Date | Ymd | number;

/**
 * Who issued the number:
 * - `mainland` — 公民身份号码 (GB 11643-1999);
 * - `hk-macao-taiwan` — 港澳台居民居住证 numbers (address code 810000 / 820000 / 830000);
 * - `foreign-permanent-resident` — the 2023 外国人永久居留身份证 number (leading 9).
 */
export type ResidentIdKind = 'mainland' | 'hk-macao-taiwan' | 'foreign-permanent-resident';

export type Sex = 'male' | 'female';

/** A parsed resident identity number. */
export interface ResidentId {
  /** Canonical form: 18 ASCII characters, check character `X` upper-case. */
  id: string;
  kind: ResidentIdKind;
  /**
   * 6-digit address code (GB/T 2260) of the place of household registration at issue. For a
   * foreigner's number: the accepting province's code followed by `0000`.
   */
  regionCode: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  /** From the parity of the sequence (odd = male), GB 11643-1999 §4.4. */
  sex: Sex;
  /** The 3-digit sequence code (positions 15–17). */
  sequence: string;
  /** The check character (position 18), `0`–`9` or `X`. */
  checkCharacter: string;
  /** The original 15-digit number when the input was a legacy number, upgraded to 18. */
  legacy15?: string;
  /** Foreigner's numbers: ISO 3166-1 numeric nationality code (positions 4–6). */
  nationalityCode?: string;
  /**
   * True where the layout rests on a single source (the 2023 foreigner's number: sex parity).
   * See docs/guides/policy-basis.md §6 (sources D21, P49, C7–C9 in docs/sources.md).
   */
  provisional?: boolean;
}

/** Options of `parseResidentId`: reference date, region lookup, whether 15-digit numbers and other kinds are accepted. */
export interface ParseResidentIdOptions {
  /** Reference date: birth dates after it are errors, ages over 120 at it are warnings. */
  asOf?: DateInput;
  /** Region table check; without it only the province prefix is checked. */
  regions?: RegionLookup;
  /** Accept legacy 15-digit numbers and upgrade them to 18 (default `true`). */
  allowLegacy15?: boolean;
}
