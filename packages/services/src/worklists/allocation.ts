/**
 * Resource allocation tables (资源分配表): how many persons need each service, by unit and rolled
 * up township → county → prefecture → province, each unit's share of the whole batch's persons
 * with that need and its Wilson 95 % interval (`wilsonInterval` of `@canji/indicators`) — the
 * layout of a budget request: unit, persons, share, interval, per need.
 */
import { NO_REGION, unitOf } from '@canji/audits';
import { wilsonInterval } from '@canji/indicators';
import { REGION_LEVEL_LENGTH, type RegionLevel } from '@canji/regions';
import { evaluateRecord, type ServicePairSet, type SkippedPair } from './evaluate.js';

/** The levels an allocation table is made at (with every level above it). */
export const ALLOCATION_LEVELS = ['village', 'township', 'county', 'prefecture', 'province'] as const;
/** One of {@link ALLOCATION_LEVELS}. */
export type AllocationLevel = (typeof ALLOCATION_LEVELS)[number];

/**
 * What is counted: `gap` (default) — persons with the need and without the service, what a budget
 * must still cover; `need` — every person with the need, served or not.
 */
export type AllocationCount = 'gap' | 'need';

/** Options of {@link allocateServices}. */
export interface AllocationOptions {
  /** The lowest level of the table (default `township`); the levels above it are rolled up. */
  by?: AllocationLevel;
  count?: AllocationCount;
  /** Reference date of the ages (default each record's `reference_date`). */
  referenceDate?: string;
}

/** One service's count in one unit. */
export interface AllocationCell {
  persons: number;
  /** persons / the batch's persons counted for this service; `null` when there are none. */
  share: number | null;
  /** Wilson 95 % interval of the share. */
  interval: readonly [number, number] | null;
}

/** One unit of the table. */
export interface AllocationUnit {
  level: AllocationLevel | 'total';
  /** Region code at the level (`（区划不明）` for records without one; `all` for the total). */
  code: string;
  /** Records of the batch in the unit. */
  registered: number;
  /** By pair id. */
  cells: Record<string, AllocationCell>;
}

/** An allocation table. */
export interface AllocationTable {
  by: AllocationLevel;
  count: AllocationCount;
  services: { pairId: string; service: string; title: string; provisional: boolean }[];
  /** Units ordered by code (a county before its townships), the total last. */
  units: AllocationUnit[];
  /** Pairs that did not run (no variant for the form, no department data). */
  skipped: readonly SkippedPair[];
}

/**
 * Counts the persons needing each service of the compiled pairs by unit.
 *
 * @example
 * ```ts
 * const t = allocateServices(records, compileServicePairs(BUILT_IN_PAIRS, { version: '2017' }), { by: 'township' });
 * t.units.at(-1)!.cells.REHAB_NOT_RECEIVED.persons; //=> the batch's persons needing rehabilitation and not receiving it
 * ```
 */
export function allocateServices(records: Iterable<Readonly<Record<string, unknown>>>, set: ServicePairSet, opts: AllocationOptions = {}): AllocationTable {
  const by = opts.by ?? 'township';
  const count = opts.count ?? 'gap';
  const levels = ALLOCATION_LEVELS.slice(ALLOCATION_LEVELS.indexOf(by));
  const ids = set.pairs.map((p) => p.pair.id);
  const tallies = new Map<string, { level: AllocationLevel | 'total'; code: string; registered: number; counts: number[] }>();
  const tally = (level: AllocationLevel | 'total', code: string) => {
    const k = `${level}:${code}`;
    let t = tallies.get(k);
    if (!t) tallies.set(k, (t = { level, code, registered: 0, counts: ids.map(() => 0) }));
    return t;
  };
  for (const record of records) {
    const ev = evaluateRecord(set, record, opts.referenceDate ? { referenceDate: opts.referenceDate } : {});
    const units = [...levels.map((l) => tally(l, unitOf(record, l as RegionLevel))), tally('total', 'all')];
    for (const u of units) {
      u.registered++;
      ev.outcomes.forEach((o, i) => {
        if (o === 'gap' || (count === 'need' && o === 'served')) u.counts[i]!++;
      });
    }
  }
  const total = tally('total', 'all');
  const order = (x: { level: string; code: string }) => (x.level === 'total' ? '\uffff' : x.code === NO_REGION ? '\ufffe' : x.code.padEnd(12, '0') + String(REGION_LEVEL_LENGTH[x.level as RegionLevel]).padStart(2, '0'));
  const units = [...tallies.values()]
    .sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
    .map((t): AllocationUnit => ({
      level: t.level,
      code: t.code,
      registered: t.registered,
      cells: Object.fromEntries(
        ids.map((id, i) => {
          const n = total.counts[i]!;
          const k = t.counts[i]!;
          return [id, { persons: k, share: n > 0 ? k / n : null, interval: wilsonInterval(k, n) }];
        }),
      ),
    }));
  return {
    by,
    count,
    services: set.pairs.map((p) => ({ pairId: p.pair.id, service: p.pair.service, title: p.pair.title, provisional: p.provisional })),
    units,
    skipped: set.skipped,
  };
}
