import { isUnder, levelDepth, normalizeRegionCode } from './codes.js';
import { defaultRegionTable } from './default-table.js';
import { nameAliases, normalizeText } from './names.js';
import type { RegionTable } from './table.js';
import type { Region, RegionLevel } from './types.js';

/** Name index of a table: alias → units, built once per table. @internal */
export interface NameIndex {
  byAlias: Map<string, Region[]>;
  /** Aliases of former names (renamed units), kept apart: they read with a lower score. */
  byFormer: Map<string, Region[]>;
  maxLen: number;
}

const indexes = new WeakMap<RegionTable, NameIndex>();

/** @internal */
export function nameIndex(table: RegionTable): NameIndex {
  let ix = indexes.get(table);
  if (!ix) {
    const byAlias = new Map<string, Region[]>();
    const byFormer = new Map<string, Region[]>();
    let maxLen = 0;
    const put = (m: Map<string, Region[]>, a0: string, r: Region) => {
      // Aliases are indexed in the form parseAddress matches (half-width, no spaces).
      const a = normalizeText(a0);
      const list = m.get(a);
      if (!list) m.set(a, [r]);
      else if (!list.includes(r)) list.push(r);
      if (a.length > maxLen) maxLen = a.length;
    };
    for (const r of table.objects()) {
      for (const a of nameAliases(r.name, r.level)) put(byAlias, a, r);
      for (const f of r.formerNames ?? []) for (const a of nameAliases(f, r.level)) put(byFormer, a, r);
    }
    ix = { byAlias, byFormer, maxLen };
    indexes.set(table, ix);
  }
  return ix;
}

/** Options of {@link searchRegions}. */
export interface SearchOptions {
  /** Only units of this level. */
  level?: RegionLevel;
  /** Only units under this code (e.g. a county). */
  within?: string;
  /** Also list abolished units (ranked after current ones). Default false. */
  includeAbolished?: boolean;
  /** At most this many results (default 20). */
  limit?: number;
}

/** A search hit: the unit and how its name matched. */
export interface RegionSearchHit {
  region: Region;
  /** `exact` full name, `alias` short name (岳麓 for 岳麓区), `prefix`, `contains`, or `former` (a name older tables give it). */
  match: 'exact' | 'alias' | 'prefix' | 'contains' | 'former';
}

const RANK = { exact: 0, alias: 1, prefix: 2, contains: 3, former: 4 } as const;

/**
 * Finds units by name, full or short (岳麓区, 岳麓), ranked: exact name, then short name, then
 * names starting with the text, then names containing it; within a rank, higher levels and
 * current units first, then code order. Villages are searched in the provinces already loaded.
 *
 * @example
 * searchRegions('岳麓')[0]?.region.fullName //=> '湖南省长沙市岳麓区'
 * searchRegions('朝阳区', { level: 'county' }).map((h) => h.region.fullName)
 * //=> ['北京市朝阳区', '吉林省长春市朝阳区']
 */
export function searchRegions(text: string, opts: SearchOptions = {}, table: RegionTable = defaultRegionTable()): RegionSearchHit[] {
  const q = normalizeText(typeof text === 'string' ? text : '');
  if (!q) return [];
  const within = opts.within !== undefined ? normalizeRegionCode(opts.within) : undefined;
  if (opts.within !== undefined && within === undefined) return [];
  const limit = opts.limit ?? 20;
  const hits: RegionSearchHit[] = [];
  const seen = new Set<string>();
  const keep = (r: Region) =>
    (!opts.level || r.level === opts.level) && (opts.includeAbolished || r.status === 'current') && (!within || isUnder(r.code, within));
  // Exact and short names from the index; prefix and substring by a scan.
  for (const r of nameIndex(table).byAlias.get(q) ?? []) {
    if (!keep(r)) continue;
    seen.add(r.code);
    hits.push({ region: r, match: r.name === q ? 'exact' : 'alias' });
  }
  const scan = (r: Region) => {
    if (seen.has(r.code) || !keep(r)) return;
    if (r.name === q) hits.push({ region: r, match: 'exact' });
    else if (r.level === 'village' && nameAliases(r.name, r.level).includes(q)) hits.push({ region: r, match: 'alias' });
    else if (r.name.startsWith(q)) hits.push({ region: r, match: 'prefix' });
    else if (r.name.includes(q)) hits.push({ region: r, match: 'contains' });
  };
  for (const r of table.objects()) if (r.name.includes(q)) scan(r);
  for (const r of nameIndex(table).byFormer.get(q) ?? []) {
    if (seen.has(r.code) || !keep(r) || hits.some((h) => h.region === r)) continue;
    hits.push({ region: r, match: 'former' });
  }
  if (!opts.level || opts.level === 'village') for (const r of table.villagesContaining(q)) scan(r);
  hits.sort(
    (a, b) =>
      RANK[a.match] - RANK[b.match] ||
      levelDepth(a.region.level) - levelDepth(b.region.level) ||
      (a.region.status === b.region.status ? 0 : a.region.status === 'current' ? -1 : 1) ||
      (a.region.code < b.region.code ? -1 : a.region.code > b.region.code ? 1 : 0),
  );
  return hits.slice(0, limit);
}
