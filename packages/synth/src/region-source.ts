/**
 * Villages under a region code, from `@canji/regions`: the real village table when the province's
 * village level is loaded (`await loadVillages('43')`, or {@link loadSynthVillages}), otherwise
 * villages fabricated under the region's real township codes (see `fabricateVillages`).
 */
import { descendantsOf, getRegion, loadVillages, villagesLoaded, type Region } from '@canji/regions';
import { fabricateVillages, isCommunityCode, type SynthVillage } from './villages.js';

function toVillage(r: Region): SynthVillage {
  return { code: r.code12, name: r.name, urban: r.kind ? r.kind === 'community' : isCommunityCode(r.code12) };
}

/**
 * Resolves a province / prefecture / county / township / village code to villages, synchronously.
 * Throws a `RangeError` for a code the region table does not know.
 *
 * @example
 * resolveVillages('430121').length > 0 //=> true
 */
export function resolveVillages(region: string): SynthVillage[] {
  const code = region.trim();
  const r = getRegion(code.length === 12 && !villagesLoaded(code.slice(0, 2)) ? code.slice(0, 9) : code);
  if (!r) throw new RangeError(`区划代码未知：${region}`);
  if (r.level === 'village') return [toVillage(r)];
  if (code.length === 12) {
    // A village code whose province is not loaded: take the code as it is.
    return [{ code, name: code, urban: isCommunityCode(code) }];
  }
  if (villagesLoaded(r.code.slice(0, 2))) {
    const villages = descendantsOf(r.code, 'village').map(toVillage);
    if (villages.length) return villages;
  }
  const townships = r.level === 'township' ? [r] : descendantsOf(r.code, 'township');
  if (townships.length === 0) {
    // A county without townships in the table: fabricate townships too.
    return r.level === 'county' ? fabricateVillages(r.code) : [];
  }
  return townships.flatMap((t) => fabricateVillages(t.code12.slice(0, 9), { townships: 1, communities: t.name.endsWith('街道') ? 6 : 2, villages: t.name.endsWith('街道') ? 2 : 12 }));
}

/**
 * Loads the real village table of the region's province from `@canji/regions`, then resolves the
 * region to its villages and communities (`urban` from the 村/居 kind of each unit).
 *
 * @example
 * ```ts
 * const villages = await loadSynthVillages('430121');
 * synthesizePersons({ seed: 1, count: 1000, villages });
 * ```
 */
export async function loadSynthVillages(region: string): Promise<SynthVillage[]> {
  await loadVillages(region.trim().slice(0, 2));
  return resolveVillages(region);
}
