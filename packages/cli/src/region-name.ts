import { getRegion, VillagesNotLoadedError } from '@canji/regions';

/** Region names for the report, from the bundled region table: full names down to counties, own names below (the county is in the title). */
export const regionName = (code: string): string | undefined => {
  try {
    const r = getRegion(code);
    return r && (code.length > 6 ? r.name : r.fullName);
  } catch (e) {
    // A village whose province's table is not loaded: the report shows the code without a name.
    if (e instanceof VillagesNotLoadedError) return undefined;
    throw e;
  }
};
