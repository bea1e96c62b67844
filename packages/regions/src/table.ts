import { canonicalDigits, levelDepth, levelOfLength, normalizeRegionCode, pad12 } from './codes.js';
import type { Region, RegionLevel, RegionStatus, VillageKind } from './types.js';

/** Village objects kept for reuse by `get`, at most (about 10 MB of heap). */
const VILLAGE_CACHE_SIZE = 65_536;

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Names that stand for "no unit here" in the hierarchy and are left out of full names. */
const PLACEHOLDER_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划', '省直辖行政单位', '直辖县级行政单位']);

/** @internal */
export function isPlaceholderName(name: string): boolean {
  return PLACEHOLDER_NAMES.has(name);
}

/** Village or community, from the name (居委会 / 社区 vs 村委会 / 村). @internal */
export function villageKindOf(name: string): VillageKind | undefined {
  if (name.includes('社区') || name.includes('居委会') || name.includes('居民委员会') || name.includes('居民区') || name.includes('家委会')) return 'community';
  if (name.endsWith('村') || name.endsWith('村委会') || name.endsWith('村民委员会')) return 'village';
  return undefined;
}

function joinFullName(parentFull: string, name: string): string {
  if (isPlaceholderName(name)) return parentFull;
  // A unit that repeats its parent's name (a prefecture-level city with no county level) adds nothing.
  if (parentFull.endsWith(name)) return parentFull;
  return parentFull + name;
}

/** Compact store of one province's villages: sorted codes and name spans in one string. @internal */
interface VillageBlock {
  text: string;
  codes: Float64Array;
  nameStart: Uint32Array;
  nameEnd: Uint32Array;
  /** Per village, index into `towns` (its township, resolved once when the block is installed). */
  townIndex: Uint32Array;
  towns: (Region | undefined)[];
}

/** @internal A row as tables are built from. */
export interface TableRow {
  code: string;
  name: string;
  status?: RegionStatus;
  lastListedYear?: number;
  formerNames?: readonly string[];
}

/** Parses a village module's text ("=<township>" blocks of "<3 digits><name>" lines). @internal */
export function parseVillageBlock(text: string): VillageBlock {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) count++;
  const codes = new Float64Array(count + 1);
  const nameStart = new Uint32Array(count + 1);
  const nameEnd = new Uint32Array(count + 1);
  const townIndex = new Uint32Array(count + 1);
  const townCodes: string[] = [];
  let n = 0;
  let town = 0;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    if (text.charCodeAt(pos) === 61 /* = */) {
      town = Number(text.slice(pos + 1, end));
      townCodes.push(text.slice(pos + 1, end));
    } else {
      townIndex[n] = townCodes.length - 1;
      codes[n] = town * 1000 + (text.charCodeAt(pos) - 48) * 100 + (text.charCodeAt(pos + 1) - 48) * 10 + (text.charCodeAt(pos + 2) - 48);
      nameStart[n] = pos + 3;
      nameEnd[n] = end;
      n++;
    }
    pos = end + 1;
  }
  return { text, codes: codes.subarray(0, n), nameStart: nameStart.subarray(0, n), nameEnd: nameEnd.subarray(0, n), townIndex: townIndex.subarray(0, n), towns: townCodes as unknown as (Region | undefined)[] };
}

function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Thrown (a programming error, not bad input) when village-level data of the built-in table is
 * asked for before its province is loaded.
 *
 * @example
 * try { getRegion('430104007001'); } catch (e) { if (e instanceof VillagesNotLoadedError) await loadVillages(e.province); }
 */
export class VillagesNotLoadedError extends Error {
  readonly code = 'REGION_VILLAGES_NOT_LOADED';
  constructor(readonly province: string) {
    super(`省级区划 ${province} 的村级数据尚未加载：请先 await loadVillages('${province}')`);
    this.name = 'VillagesNotLoadedError';
  }
}

/**
 * A division table: the built-in 2023 table (`defaultRegionTable()`) or an office's own
 * (`createRegionTable`, `loadRegionTable`). Every function of the package takes one as its last,
 * optional argument; the methods here are the same operations.
 *
 * @example
 * const t = defaultRegionTable();
 * t.get('430104')?.name          //=> '岳麓区'
 * t.children('43').length        //=> 14
 * getRegion('430104', t)         // the same as t.get('430104')
 */
export class RegionTable {
  /** Where the data comes from (sources, edition), for reports. */
  readonly description: string;
  /** Canonical code → unit, for every unit held as an object (all but compact village blocks). */
  private readonly byCode = new Map<string, Region>();
  private readonly kids = new Map<string, Region[]>();
  private readonly abolishedKids = new Map<string, Region[]>();
  private readonly villageBlocks = new Map<string, VillageBlock>();
  /** Provinces whose village level comes from a loader and is not loaded yet. @internal */
  readonly pendingVillages = new Set<string>();
  /** @internal */
  villageLoader: ((province: string) => Promise<string> | undefined) | undefined;
  /**
   * Children not yet turned into objects, by parent code (the built-in table materialises a
   * county's townships on first use, which keeps the cold start short). @internal
   */
  readonly lazyChildren = new Map<string, () => TableRow[]>();

  /** Materialises the lazily held children of a unit. @internal */
  ensureChildren(code: string | undefined): void {
    if (code === undefined || this.lazyChildren.size === 0) return;
    const rows = this.lazyChildren.get(code);
    if (!rows) return;
    this.lazyChildren.delete(code);
    for (const r of rows()) this.add(r);
  }

  private ensureAll(): void {
    for (const code of [...this.lazyChildren.keys()]) this.ensureChildren(code);
  }
  private loading = new Map<string, Promise<number>>();
  /** Village objects built by lookups, reused until the cache fills (then emptied). */
  private readonly villageCache = new Map<string, Region>();

  /** @internal Rows must be sorted so that parents come before children (e.g. by code). */
  constructor(rows: Iterable<TableRow>, description: string) {
    this.description = description;
    for (const r of rows) this.add(r);
  }

  private add(r: TableRow): Region {
    const code = r.code;
    const level = levelOfLength(code.length)!;
    const parent = this.parentRegionOfCode(code);
    const fullName = parent ? joinFullName(parent.fullName, r.name) : r.name;
    const status = r.status ?? 'current';
    const parentCode = parent?.code;
    const code12 = pad12(code);
    const kind = level === 'village' ? villageKindOf(r.name) : undefined;
    // Fixed object shapes keep lookups monomorphic.
    const region: Region =
      r.lastListedYear !== undefined
        ? { code, code12, name: r.name, fullName, level, parentCode, status, lastListedYear: r.lastListedYear }
        : r.formerNames
          ? { code, code12, name: r.name, fullName, level, parentCode, status, formerNames: r.formerNames }
          : kind
          ? { code, code12, name: r.name, fullName, level, parentCode, status, kind }
          : { code, code12, name: r.name, fullName, level, parentCode, status };
    this.byCode.set(code, region);
    if (parent) {
      const m = status === 'current' ? this.kids : this.abolishedKids;
      const list = m.get(parent.code);
      if (list) list.push(region);
      else m.set(parent.code, [region]);
    }
    return region;
  }

  /** @internal Installs a province's compact village block. */
  setVillages(province: string, text: string): number {
    const block = parseVillageBlock(text);
    block.towns = (block.towns as unknown as string[]).map((t) => {
      this.ensureChildren(canonicalDigits(t.slice(0, 6)));
      return this.byCode.get(t) ?? this.parentRegionOfCode(t + '001');
    });
    this.villageBlocks.set(province, block);
    this.pendingVillages.delete(province);
    return block.codes.length;
  }

  /** @internal */
  loadVillages(province: string): Promise<number> {
    const p = normalizeRegionCode(province)?.slice(0, 2);
    if (!p || !this.byCode.has(p)) return Promise.resolve(0);
    const block = this.villageBlocks.get(p);
    if (block) return Promise.resolve(block.codes.length);
    if (!this.pendingVillages.has(p) || !this.villageLoader) {
      let n = 0;
      for (const r of this.descendants(p, 'village')) if (r) n++;
      return Promise.resolve(n);
    }
    let job = this.loading.get(p);
    if (!job) {
      const src = this.villageLoader(p);
      job = src ? Promise.resolve(src).then((text) => this.setVillages(p, text)) : Promise.resolve(0);
      job.finally(() => this.loading.delete(p)).catch(() => undefined);
      this.loading.set(p, job);
    }
    return job;
  }

  /** Whether the village level of a province is available without loading. */
  villagesLoaded(province: string): boolean {
    const p = normalizeRegionCode(province)?.slice(0, 2);
    return p !== undefined && !this.pendingVillages.has(p);
  }

  private villageAt(block: VillageBlock, i: number, parent: Region, knownCode?: string): Region {
    // Built on each call: keeping 620k objects would cost far more heap than the compact block.
    const name = block.text.slice(block.nameStart[i]!, block.nameEnd[i]!);
    const code = knownCode ?? String(block.codes[i]!);
    // Village names are never placeholders nor repeat their township's name.
    const fullName = parent.fullName + name;
    const kind = villageKindOf(name);
    return kind
      ? { code, code12: code, name, fullName, level: 'village', parentCode: parent.code, status: 'current', kind }
      : { code, code12: code, name, fullName, level: 'village', parentCode: parent.code, status: 'current' };
  }

  private blockVillage(code: string): Region | undefined {
    const block = this.villageBlocks.get(code.slice(0, 2));
    if (!block) return this.byCode.get(code);
    const x = Number(code);
    const i = lowerBound(block.codes, x);
    if (block.codes[i] !== x) return undefined;
    const parent = block.towns[block.townIndex[i]!];
    return parent ? this.villageAt(block, i, parent, code) : undefined;
  }

  private parentRegionOfCode(code: string): Region | undefined {
    // Nearest existing unit among the code's prefixes of 9, 6, 4 and 2 digits.
    const n = code.length;
    let p: Region | undefined;
    if (n > 9 && (p = this.byCode.get(code.slice(0, 9)))) return p;
    if (n > 6 && (p = this.byCode.get(code.slice(0, 6)))) return p;
    if (n > 4 && (p = this.byCode.get(code.slice(0, 4)))) return p;
    if (n > 2 && (p = this.byCode.get(code.slice(0, 2)))) return p;
    return undefined;
  }

  /** See {@link getRegion}. */
  get(code: string | number): Region | undefined {
    if (typeof code === 'string') {
      // Village codes of the built-in table live in compact blocks, not in the map.
      if (code.length === 12 && code.charCodeAt(9) + code.charCodeAt(10) + code.charCodeAt(11) !== 144 && isDigits(code) && code.charCodeAt(0) !== 48) {
        return this.village(code);
      }
      const hit = this.byCode.get(code);
      if (hit) return hit;
    }
    const c = normalizeRegionCode(code);
    if (c === undefined) return undefined;
    if (c.length === 12) return this.village(c);
    const r = this.byCode.get(c);
    if (r || c.length !== 9 || this.lazyChildren.size === 0) return r;
    this.ensureChildren(canonicalDigits(c.slice(0, 6)));
    return this.byCode.get(c);
  }

  private village(c: string): Region | undefined {
    const hit = this.villageCache.get(c);
    if (hit) return hit;
    if (this.pendingVillages.size && this.pendingVillages.has(c.slice(0, 2))) throw new VillagesNotLoadedError(c.slice(0, 2));
    const r = this.blockVillage(c);
    if (r) {
      // Bounded: a batch's records cluster in a few thousand villages; a full sweep just refills it.
      if (this.villageCache.size >= VILLAGE_CACHE_SIZE) this.villageCache.clear();
      this.villageCache.set(c, r);
    }
    return r;
  }

  /** Empties the cache of village objects (for benchmarks of first lookups). @internal */
  clearVillageCache(): void {
    this.villageCache.clear();
  }

  /** See {@link childrenOf}. */
  children(code: string | number, opts: { includeAbolished?: boolean } = {}): Region[] {
    const r = this.get(code);
    if (!r) return [];
    this.ensureChildren(r.code);
    const out = [...(this.kids.get(r.code) ?? [])];
    if (opts.includeAbolished) out.push(...(this.abolishedKids.get(r.code) ?? []));
    if (r.level === 'township') {
      // Village level: held in compact blocks for the built-in table.
      const p = r.code.slice(0, 2);
      if (this.pendingVillages.has(p)) {
        throw new VillagesNotLoadedError(p);
      } else {
        const block = this.villageBlocks.get(p);
        if (block && r.code.length === 9) {
          const lo = lowerBound(block.codes, Number(r.code) * 1000);
          const hi = lowerBound(block.codes, Number(r.code) * 1000 + 1000);
          for (let i = lo; i < hi; i++) out.push(this.villageAt(block, i, r));
        }
      }
    }
    if (opts.includeAbolished) out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return out;
  }

  /** See {@link descendantsOf}. */
  *descendants(code: string | number, level?: RegionLevel, opts: { includeAbolished?: boolean } = {}): Generator<Region> {
    const root = code === '' ? undefined : this.get(code);
    if (code !== '' && !root) return;
    const want = level;
    const depthOf = levelDepth;
    const stack: Region[] = root ? this.children(root.code, opts).reverse() : this.provinces(opts).reverse();
    while (stack.length) {
      const r = stack.pop()!;
      if (!want || r.level === want) yield r;
      if (want && depthOf(r.level) >= depthOf(want)) continue;
      if (r.level === 'village') continue;
      if (r.level === 'township' && want !== 'village' && want !== undefined) continue;
      if (r.level === 'township' && want === undefined && this.pendingVillages.has(r.code.slice(0, 2))) continue;
      const kids = this.children(r.code, opts);
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }

  /** The provinces, in code order. */
  provinces(opts: { includeAbolished?: boolean } = {}): Region[] {
    const out: Region[] = [];
    for (const r of this.byCode.values()) if (r.level === 'province' && (opts.includeAbolished || r.status === 'current')) out.push(r);
    return out.sort((a, b) => (a.code < b.code ? -1 : 1));
  }

  /** Every unit held as an object (province → township for the built-in table, plus abolished units). @internal */
  objects(): IterableIterator<Region> {
    this.ensureAll();
    return this.byCode.values();
  }

  /** Villages of the loaded compact blocks whose name contains `text`, for search. @internal */
  *villagesContaining(text: string): Generator<Region> {
    if (!text) return;
    for (const block of this.villageBlocks.values()) {
      let from = 0;
      for (;;) {
        const at = block.text.indexOf(text, from);
        if (at < 0) break;
        // The village whose name span holds the hit (last name starting at or before it).
        let lo = 0;
        let hi = block.nameStart.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (block.nameStart[mid]! <= at) lo = mid + 1;
          else hi = mid;
        }
        const i = lo - 1;
        if (i >= 0 && at + text.length <= block.nameEnd[i]!) {
          const parent = block.towns[block.townIndex[i]!];
          if (parent) yield this.villageAt(block, i, parent);
          from = block.nameEnd[i]!;
        } else from = at + 1;
      }
    }
  }

}
