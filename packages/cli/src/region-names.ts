/**
 * Region names for the lists written for people (department lists, round lists): the village
 * tables of the provinces the codes fall in are loaded once, and a code without a name (no village
 * table for its province, or not in the table) shows as the code alone.
 */
import { getRegion, loadVillages, VillagesNotLoadedError } from '@canji/regions';

/** Loads the village tables of the provinces of the 12-digit codes given (a province without one is skipped). */
export async function loadVillageNames(codes: Iterable<string | undefined>): Promise<void> {
  const provinces = new Set<string>();
  for (const c of codes) if (c?.length === 12) provinces.add(c.slice(0, 2));
  for (const p of provinces) {
    try {
      await loadVillages(p);
    } catch {
      // No village table for this province: the lists show the codes.
    }
  }
}

/** The name of a region code, or `undefined` (unknown, or its village table not loaded). */
export function regionNameOf(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    return getRegion(code)?.name;
  } catch (e) {
    if (e instanceof VillagesNotLoadedError) return undefined;
    throw e;
  }
}
