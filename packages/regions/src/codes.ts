import type { RegionLevel } from './types.js';

/**
 * Code length of each level (统计用区划代码: 2 province + 2 prefecture + 2 county + 3 township + 3
 * village): the prefix of a 12-digit code that names the unit at that level. The one definition
 * every canji package uses.
 *
 * @example
 * REGION_LEVEL_LENGTH.township //=> 9
 */
export const LEVEL_LENGTH: Readonly<Record<RegionLevel, number>> = { province: 2, prefecture: 4, county: 6, township: 9, village: 12 };

/**
 * Levels from the top.
 *
 * @example
 * REGION_LEVELS.indexOf(regionLevelOf('430104')!) //=> 2 (county)
 */
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'prefecture', 'county', 'township', 'village'];

/**
 * zh-CN names of the levels, for reports and tables.
 *
 * @example
 * REGION_LEVEL_NAMES.prefecture //=> '市（地级）'
 */
export const REGION_LEVEL_NAMES: Readonly<Record<RegionLevel, string>> = {
  province: '省',
  prefecture: '市（地级）',
  county: '县（区、市）',
  township: '乡（镇、街道）',
  village: '村（社区）',
};

/**
 * Reads a region level given by a user or an older caller: one of {@link REGION_LEVELS}, or
 * `'city'`, the name earlier versions of `@canji/rules` and `@canji/indicators` used for the
 * prefecture level (deprecated; read as `'prefecture'`). `undefined` for anything else.
 *
 * @example
 * normalizeRegionLevel('city') //=> 'prefecture'
 * normalizeRegionLevel('county') //=> 'county'
 * normalizeRegionLevel('district') //=> undefined
 */
export function normalizeRegionLevel(level: unknown): RegionLevel | undefined {
  if (level === 'city') return 'prefecture';
  return typeof level === 'string' && (REGION_LEVELS as readonly string[]).includes(level) ? (level as RegionLevel) : undefined;
}

const LEVEL_BY_LENGTH: Readonly<Record<number, RegionLevel>> = { 2: 'province', 4: 'prefecture', 6: 'county', 9: 'township', 12: 'village' };

/** Level of a canonical code by its length. @internal */
export function levelOfLength(n: number): RegionLevel | undefined {
  return LEVEL_BY_LENGTH[n];
}

/** Depth of a level, 0 for province … 4 for village. @internal */
export function levelDepth(level: RegionLevel): number {
  switch (level) {
    case 'province': return 0;
    case 'prefecture': return 1;
    case 'county': return 2;
    case 'township': return 3;
    case 'village': return 4;
    default: return level satisfies never;
  }
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

/** Strips trailing all-zero segments of a digit string of length 2/4/6/9/12. @internal */
export function canonicalDigits(c: string): string | undefined {
  const n = c.length;
  if (n !== 2 && n !== 4 && n !== 6 && n !== 9 && n !== 12) return undefined;
  if (n === 12 && c.endsWith('000')) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
  if (c.length === 6 && c.endsWith('00')) c = c.slice(0, 4);
  if (c.length === 4 && c.endsWith('00')) c = c.slice(0, 2);
  // Province codes start at 11 (GB/T 2260); 00 is no unit.
  if (c.charCodeAt(0) === 48) return undefined;
  return c;
}

/**
 * Normalises a region code to its canonical form: the shortest code of its level, 2 (province),
 * 4 (prefecture), 6 (county), 9 (township) or 12 (village) digits. Zero-padded forms are accepted
 * (`430000`, `430000000000` → `43`; `430104000000` → `430104`): in GB/T 2260 and the statistical
 * code an all-zero segment means "no unit at this level". Surrounding spaces and full-width digits
 * are tolerated; anything else gives `undefined`. The table is not consulted.
 *
 * @example
 * normalizeRegionCode('430000000000') //=> '43'
 * normalizeRegionCode('４３０１０４')   //=> '430104'
 * normalizeRegionCode('43010')        //=> undefined
 */
export function normalizeRegionCode(input: string | number): string | undefined {
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input <= 0) return undefined;
    s = String(input);
  } else if (typeof input === 'string') {
    s = input;
    if (!isDigits(s)) {
      s = s.trim().replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
      if (!isDigits(s)) return undefined;
    }
  } else return undefined;
  return canonicalDigits(s);
}

/**
 * The level a code denotes by the coding rule (after normalisation), without consulting a table.
 *
 * @example
 * regionLevelOf('430104')       //=> 'county'
 * regionLevelOf('430100000000') //=> 'prefecture'
 */
export function regionLevelOf(code: string | number): RegionLevel | undefined {
  const c = normalizeRegionCode(code);
  return c === undefined ? undefined : LEVEL_BY_LENGTH[c.length];
}

/** Zero-pads a canonical code to 12 digits. @internal */
export function pad12(code: string): string {
  return code.length === 12 ? code : (code + '000000000000').slice(0, 12);
}

/** Structural ancestors of a canonical code, nearest first (zero segments skipped). @internal */
export function structuralAncestors(code: string): string[] {
  const out: string[] = [];
  for (const n of [9, 6, 4, 2]) {
    if (n >= code.length) continue;
    const p = canonicalDigits(code.slice(0, n));
    if (p && p.length === n) out.push(p);
  }
  return out;
}

/**
 * Whether `code` lies under `ancestor` in the hierarchy (a proper descendant), by the coding rule.
 *
 * @example
 * isUnder('430104007', '43')   //=> true
 * isUnder('430104', '430104')  //=> false
 * isUnder('430104', '4302')    //=> false
 */
export function isUnder(code: string | number, ancestor: string | number): boolean {
  const c = normalizeRegionCode(code);
  const a = normalizeRegionCode(ancestor);
  return c !== undefined && a !== undefined && c.length > a.length && c.startsWith(a);
}
