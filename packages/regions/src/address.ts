import { levelDepth } from './codes.js';
import { defaultRegionTable } from './default-table.js';
import { nameAliases, normalizeText } from './names.js';
import { nameIndex } from './search.js';
import { isPlaceholderName, type RegionTable } from './table.js';
import type { Region, RegionError } from './types.js';

/** The region path matched at the start of an address. */
export interface AddressMatch {
  /** The deepest unit matched. */
  region: Region;
  /** The units named in the text, from the top (levels the text skips are not listed). */
  matched: Region[];
  /** Index in the input where the matched span starts, and where it ends (exclusive). */
  start: number;
  end: number;
  /** The matched span as written (`长沙岳麓区`). */
  text: string;
  /** What follows the span (street, number…). */
  rest: string;
  /**
   * Heuristic 0–1: lower when the text starts below the province, uses short names, skips
   * levels or names an abolished unit.
   */
  confidence: number;
}

/** Error codes of {@link parseAddress}. */
export type AddressErrorCode = 'ADDRESS_EMPTY' | 'ADDRESS_NO_MATCH' | 'ADDRESS_AMBIGUOUS';

export interface AddressError extends RegionError {
  code: AddressErrorCode;
  /** For `ADDRESS_AMBIGUOUS`: the equally good readings (at most `maxCandidates`). */
  candidates: AddressMatch[];
  /** For `ADDRESS_AMBIGUOUS`: how many equally good readings there are in all. */
  candidateCount?: number;
}

/** What `parseAddress` returns: the best match with its candidates, or why nothing matched. */
export type ParseAddressResult = { ok: true; value: AddressMatch } | { ok: false; error: AddressError };

/** Options of `parseAddress`: the region the address is known to lie in, and how many candidates to return. */
export interface ParseAddressOptions {
  /** Restrict the reading to this unit and below (e.g. the county an office serves); names may then start below it. */
  within?: string;
  /** At most this many candidates in an ambiguity error (default 10). */
  maxCandidates?: number;
}

// Labels an address field often starts with (地址：, 户籍地址:, 中国…).
const LEADING = /^(?:[\s\p{P}\p{S}\d]|(?:家庭|现|户籍|常住|居住|通讯|联系)?(?:住址|地址|所在地)|户籍地|住所|中华人民共和国|中国)+/u;

// Not 、: some unit names contain it (田林五、六、七村居委会).
const SEPARATOR = /[-\/,·|—–>]/;

const ROAD = /[路街巷弄号道]$/;
// A short name followed by a unit word names some other unit (天府 in 天府新区 is not 天府街道;
// 长沙 in 长沙县 is not 长沙市).
const UNIT_WORD = /^(?:新区|开发区|园区|区|县|市|镇|乡|街道|村|社区|州|旗|盟|省)/;

interface VillageAlias {
  a: string;
  full: boolean;
  v: Region;
}
const villageAliasCache = new WeakMap<RegionTable, Map<string, Map<string, VillageAlias[]>>>();

/**
 * The village names (and their short forms) under a township or a county, by first character,
 * in village order and, per village, alias order. Built once per unit: a province's villages are
 * loaded all at once, so the list of a unit whose villages are loaded does not change.
 */
function villageAliasesUnder(table: RegionTable, ctx: Region): Map<string, VillageAlias[]> {
  let perTable = villageAliasCache.get(table);
  if (!perTable) villageAliasCache.set(table, (perTable = new Map()));
  let byFirst = perTable.get(ctx.code);
  if (byFirst) return byFirst;
  byFirst = new Map();
  const villages = ctx.level === 'township' ? table.children(ctx.code) : table.children(ctx.code).flatMap((t) => (t.level === 'township' ? table.children(t.code) : []));
  for (const v of villages) {
    if (v.level !== 'village') continue;
    for (const a0 of nameAliases(v.name, 'village')) {
      const a = normalizeText(a0);
      if (!a) continue;
      const list = byFirst.get(a[0]!);
      const entry = { a, full: a0 === v.name, v };
      if (list) list.push(entry);
      else byFirst.set(a[0]!, [entry]);
    }
  }
  perTable.set(ctx.code, byFirst);
  return byFirst;
}

interface Step {
  region: Region;
  from: number;
  to: number;
  full: boolean;
  /** Matched by a name older tables give the unit. */
  former: boolean;
}
interface Reading {
  score: number;
  steps: Step[];
}

/**
 * Reads the region path at the start of a free-text address: `湖南省长沙市岳麓区麓山街道…`,
 * `长沙岳麓区…`, `岳麓区…`. Full and short names are matched (省/市/区/县/街道/镇 may be left
 * out), levels may be skipped, and a short name that exists in several places (朝阳区) is
 * resolved by the names around it or reported as `ADDRESS_AMBIGUOUS` with the candidates.
 * Villages are matched where their province is loaded. Never throws.
 *
 * @example
 * const r = parseAddress('长沙岳麓区麓山南路932号');
 * r.ok && r.value.region.fullName //=> '湖南省长沙市岳麓区'
 * r.ok && r.value.rest            //=> '麓山南路932号'
 * parseAddress('朝阳区建国路').ok  //=> false (ADDRESS_AMBIGUOUS: 北京市朝阳区, 吉林省长春市朝阳区)
 */
export function parseAddress(text: string, opts: ParseAddressOptions = {}, table: RegionTable = defaultRegionTable()): ParseAddressResult {
  const input = typeof text === 'string' ? text : '';
  // Matching works on a compacted copy (no spaces, half-width); map its indices back to the input.
  const chars: string[] = [];
  let separators = false;
  const origin: number[] = [];
  for (let i = 0; i < input.length; i++) {
    let c = input[i]!;
    const code = c.charCodeAt(0);
    if (/\s|\u3000/.test(c)) continue;
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCharCode(code - 0xfee0);
    // Separators written between the units (湖南省-长沙市-岳麓区, 湖南省/长沙市, 湖南,长沙) are
    // skipped like spaces; `rest` is cut from the original text, so a house number keeps them.
    if (SEPARATOR.test(c)) {
      separators = true;
      continue;
    }
    chars.push(c);
    origin.push(i);
  }
  origin.push(input.length);
  const s = chars.join('');
  if (!s && !separators) return { ok: false, error: { code: 'ADDRESS_EMPTY', message: '地址为空', candidates: [] } };
  const lead = LEADING.exec(s)?.[0].length ?? 0;

  const within = opts.within !== undefined ? table.get(opts.within) : undefined;
  if (opts.within !== undefined && !within) {
    return { ok: false, error: { code: 'ADDRESS_NO_MATCH', message: `区划代码 ${opts.within} 不在区划表中`, candidates: [] } };
  }
  const { byAlias, byFormer, maxLen } = nameIndex(table);
  const memo = new Map<string, Reading[]>();

  const candidatesAt = (pos: number, ctx: Region | undefined): Step[] => {
    const out: Step[] = [];
    for (let len = Math.min(maxLen, s.length - pos); len >= 2; len--) {
      const alias = s.slice(pos, pos + len);
      const list = byAlias.get(alias);
      const formerList = byFormer.get(alias);
      if (!list && !formerList) continue;
      // A short name right before 路/街/巷/弄/号, or ending in one, is part of a road name
      // (青岛市长沙路, 金水区人民路1号), not a unit.
      const roadLike = ROAD.test(alias) || ROAD.test(s[pos + len] ?? '') || UNIT_WORD.test(s.slice(pos + len, pos + len + 3));
      for (const r of list ?? []) {
        if (ctx && !(r.code.length > ctx.code.length && r.code.startsWith(ctx.code))) continue;
        const full = alias === normalizeText(r.name);
        if (!full && roadLike) continue;
        out.push({ region: r, from: pos, to: pos + len, full, former: false });
      }
      for (const r of formerList ?? []) {
        if (ctx && !(r.code.length > ctx.code.length && r.code.startsWith(ctx.code))) continue;
        const full = (r.formerNames ?? []).some((f) => normalizeText(f) === alias);
        if (!full && roadLike) continue;
        out.push({ region: r, from: pos, to: pos + len, full, former: true });
      }
    }
    // Villages of a loaded province are held compactly, outside the name index. An address
    // often names the village right after the county (岳麓区咸嘉湖社区), skipping the township.
    if ((ctx?.level === 'township' || ctx?.level === 'county') && table.villagesLoaded(ctx.code.slice(0, 2))) {
      const done = new Set<Region>();
      for (const { a, full, v } of villageAliasesUnder(table, ctx).get(s[pos]!) ?? []) {
        if (done.has(v) || out.some((o) => o.region.code === v.code)) continue;
        if (!s.startsWith(a, pos)) continue;
        if (!full && (ROAD.test(a) || ROAD.test(s[pos + a.length] ?? '') || UNIT_WORD.test(s.slice(pos + a.length, pos + a.length + 3)))) continue;
        out.push({ region: v, from: pos, to: pos + a.length, full, former: false });
        done.add(v);
      }
    }
    return out;
  };

  const stepScore = (st: Step, ctx: Region | undefined): number => {
    let sc = st.to - st.from;
    if (st.full) sc += 0.5;
    if (st.region.status !== 'current' || st.former) sc -= 1;
    // A unit named right under its parent reads better than one that skips levels.
    if (ctx && st.region.parentCode === ctx.code) sc += 0.25;
    // An address that opens with a province's short name (湖南, 广东) names the province, not a
    // township of the same name elsewhere (鞍山市湖南街道, 衢江区湖南镇): a tie-break only, smaller
    // than any other difference, so 吉林丰满区 still reads as 吉林市丰满区.
    if (!ctx && st.region.level === 'province') sc += 0.1;
    return sc;
  };

  // Best readings (all tied ones) from `pos` under `ctx`.
  const best = (pos: number, ctx: Region | undefined): Reading[] => {
    const key = `${pos}|${ctx?.code ?? ''}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let top: Reading[] = [{ score: 0, steps: [] }];
    // A placeholder unit written out in full (北京市市辖区东城区, 湖北省省直辖县级行政区划仙桃市, as
    // some systems print the statistical table's path) is read through: not a step, no score.
    if (ctx && (ctx.level === 'province' || ctx.level === 'prefecture')) {
      for (const ph of table.children(ctx.code)) {
        if (!isPlaceholderName(ph.name) || !s.startsWith(normalizeText(ph.name), pos)) continue;
        for (const tail of best(pos + normalizeText(ph.name).length, ph)) {
          if (tail.steps.length === 0) continue;
          if (tail.score > top[0]!.score + 1e-9) top = [tail];
          else if (Math.abs(tail.score - top[0]!.score) < 1e-9) top.push(tail);
        }
      }
    }
    for (const st of candidatesAt(pos, ctx)) {
      const head = stepScore(st, ctx);
      for (const tail of best(st.to, st.region)) {
        const score = head + tail.score;
        const reading = { score, steps: [st, ...tail.steps] };
        if (score > top[0]!.score + 1e-9) top = [reading];
        else if (Math.abs(score - top[0]!.score) < 1e-9 && score > 0) top.push(reading);
      }
    }
    // Keep one reading per deepest unit.
    const seen = new Set<string>();
    top = top.filter((r) => {
      const k = r.steps.at(-1)?.region.code ?? '';
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    memo.set(key, top);
    return top;
  };

  let readings = best(lead, within).filter((r) => r.steps.length > 0);
  // Old tables may list one abolished unit under two codes (延庆县 110208 and 110229): the same
  // name at the same place is one reading; keep the code listed most recently, then the larger.
  readings = readings.filter((rd, i) => {
    const r = rd.steps.at(-1)!.region;
    if (r.status === 'current') return true;
    return !readings.some((o, j) => {
      const q = o.steps.at(-1)!.region;
      if (j === i || q.fullName !== r.fullName || q.status === 'current') return false;
      const ry = r.lastListedYear ?? 0;
      const qy = q.lastListedYear ?? 0;
      return qy > ry || (qy === ry && q.code > r.code);
    });
  });
  if (readings.length === 0) {
    return { ok: false, error: { code: 'ADDRESS_NO_MATCH', message: '地址中未找到可识别的行政区划名称', candidates: [] } };
  }

  const toMatch = (rd: Reading): AddressMatch => {
    const first = rd.steps[0]!;
    const last = rd.steps.at(-1)!;
    const start = origin[first.from]!;
    const end = origin[last.to - 1]! + 1;
    let conf = 1;
    const topDepth = levelDepth(first.region.level) - (within ? levelDepth(within.level) + 1 : 0);
    conf -= 0.1 * Math.max(0, topDepth);
    let prev: Region | undefined = within;
    for (const st of rd.steps) {
      if (!st.full) conf -= 0.05;
      if (st.region.status !== 'current' || st.former) conf -= 0.2;
      if (prev) conf -= 0.03 * Math.max(0, levelDepth(st.region.level) - levelDepth(prev.level) - 1);
      prev = st.region;
    }
    if (last.to - first.from < 3) conf -= 0.3;
    return {
      region: last.region,
      matched: rd.steps.map((st) => st.region),
      start,
      end,
      text: input.slice(start, end),
      rest: input.slice(end).trim(),
      confidence: Math.round(Math.min(1, Math.max(0.05, conf)) * 100) / 100,
    };
  };

  if (readings.length > 1) {
    const max = opts.maxCandidates ?? 10;
    const candidates = readings.slice(0, max).map(toMatch);
    return {
      ok: false,
      error: {
        code: 'ADDRESS_AMBIGUOUS',
        message: `地址中的“${candidates[0]!.text}”可对应 ${readings.length} 个区划：${candidates.slice(0, 5).map((c) => c.region.fullName).join('、')}${readings.length > 5 ? '等' : ''}`,
        candidates,
        candidateCount: readings.length,
      },
    };
  }
  return { ok: true, value: toMatch(readings[0]!) };
}
