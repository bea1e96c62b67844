/**
 * The incremental reconciler: records of each source are added one at a time, in any order and
 * interleaved (so a CLI can stream four files), then `result()` classifies every person once.
 */
import { maskName } from '@canji/id';
import { parseExtractRow, type PersonFormVersion } from '@canji/form';
import type { RegionLevel } from '@canji/regions';
import { ChangeAccumulator, type ChangeRates } from './change-rates.js';
import {
  EVIDENCE_LABELS,
  EXIT_REASON_LABELS,
  EXIT_REASONS,
  ROSTER_STANDING_LABELS,
  ROUND_CLASS_LABELS,
  ROUND_CLASSES,
  type Evidence,
  type ExitReason,
  type RosterStanding,
  type RoundClass,
} from './classes.js';
import { classifyPerson, type PersonFacts, type RosterFacts } from './classify.js';
import { comparedItems, comparedSections, sectionDigest, type ComparedItem } from './compare-items.js';
import { canonicalCertificateNo, keyMasker, keyReader, psKeyOf, type PersonKey, type PersonKeyFunction, type RoundSource } from './keys.js';
import {
  digest53,
  IN_CURRENT,
  IN_PREVIOUS,
  IN_PS,
  IN_ROSTER,
  PersonTable,
  R_CANCELLED,
  R_EXPIRED,
  R_OTHER,
  R_VALID,
} from './person-table.js';
import { parseRosterRow, type RosterRowResult } from './roster.js';
import { readRegion, unitAt, inScope } from './units.js';

/** A record of any source: a plain object keyed by machine column names (a person record, a roster or extract record). */
export type SourceRecord = Readonly<Record<string, unknown>>;

/** Options of a reconciliation. */
export interface ReconcileOptions {
  /** Reference date of this round (`YYYY-MM-DD`): a certificate valid until a day before it counts as expired. No clock is read. */
  asOf: string;
  /** How persons are matched (default `'resident-id'`). */
  key?: PersonKey;
  /** Level of the unit counts (default `'township'`). */
  regionLevel?: RegionLevel;
  /**
   * Region codes of the batch's area (a county `'430121'`, or several). Default: the counties of this
   * round's records. A region outside it is a move out; roster rows outside it are not this batch's persons.
   */
  scope?: readonly string[];
  /** Form versions of the two rounds (default `'2017'` both); answers are compared on the items that correspond `same`. */
  formVersions?: { readonly previous?: PersonFormVersion; readonly current?: PersonFormVersion };
  /** Compute the change rates (default `true`). */
  changes?: boolean;
  /** Classes listed person by person (default: every class but `continuing` and `updated`). */
  lists?: readonly RoundClass[];
  /** Show full person keys and collector names in the lists (default `false`: masked). */
  fullIdentifiers?: boolean;
  /** How a key is masked in the lists (default: `maskResidentId` / `maskCertificateNo` of @canji/id; a caller's key as it is). */
  maskKey?: (key: string) => string;
  /** |z| from which a unit's change rate is flagged (default 3). */
  outlierZ?: number;
  /** Fewest compared persons for a unit to be flagged (default 20). */
  minCompared?: number;
  /** Sources that were given even if they turn out empty (the reconciler otherwise knows a source from its first record). */
  sources?: { readonly previous?: boolean; readonly roster?: boolean; readonly publicSecurity?: boolean };
}

/** How the records of one source were used: `read = persons + duplicates + unkeyed` (roster: `+ merged`). */
export interface SourceCount {
  readonly read: number;
  /** Distinct persons (keys). */
  readonly persons: number;
  /** Records whose key was seen before in the same source; the first record is used. */
  readonly duplicates: number;
  /** Records without a usable key (no valid ID, certificate number or caller's key). */
  readonly unkeyed: number;
}

/** The roster's accounting: rows of one person are merged (a valid certificate preferred, then the latest issued). */
export interface RosterCount extends Omit<SourceCount, 'duplicates'> {
  readonly merged: number;
  /** Persons in neither round whose certificate is not valid: not persons of this reconciliation. */
  readonly inactive: number;
  /** Persons in neither round whose roster region lies outside the batch's area. */
  readonly outsideScope: number;
  /** Issue codes of the rows read with `addRosterRow`, with counts. */
  readonly issues: Readonly<Record<string, number>>;
}

/** Counts of one unit: `persons` = the sum of `byClass`; `byClass.exited` = the sum of `exitedBy`. */
export interface UnitCounts {
  /** Unit code at the chosen level, `null` when the person's region does not reach it. */
  readonly unit: string | null;
  readonly persons: number;
  readonly byClass: Readonly<Record<RoundClass, number>>;
  readonly exitedBy: Readonly<Record<ExitReason, number>>;
}

/** One person to act on. */
export interface ListEntry {
  /** The person's key, masked unless `fullIdentifiers`. */
  readonly key: string;
  readonly class: RoundClass;
  readonly classLabel: string;
  readonly reason?: ExitReason;
  readonly reasonLabel?: string;
  readonly rosterStanding?: RosterStanding;
  readonly movedAt?: RegionLevel;
  readonly unit: string | null;
  /** This round's region, else last round's, else the roster's (12 digits). */
  readonly region?: string;
  /** Last round's region, for moves. */
  readonly previousRegion?: string;
  readonly evidence: readonly Evidence[];
  /** 0-based position of the person's record in each source as added (to join back names for a list). */
  readonly rows: { readonly current?: number; readonly previous?: number; readonly roster?: number };
}

/** A problem with one record: no key, or a duplicate key. */
export interface ReconcileIssue {
  readonly code: 'ROUND_NO_KEY' | 'ROUND_DUPLICATE_KEY';
  readonly message: string;
  readonly source: RoundSource;
  /** 0-based position in the source. */
  readonly row: number;
  /** Masked key of a duplicate. */
  readonly key?: string;
}

/** The result of a reconciliation: plain JSON-serialisable data. */
export interface RoundReconciliation {
  readonly asOf: string;
  readonly key: 'resident-id' | 'certificate-no' | 'custom';
  readonly regionLevel: RegionLevel;
  /** The batch's area as used. */
  readonly scope: readonly string[];
  readonly formVersions: { readonly previous: PersonFormVersion; readonly current: PersonFormVersion };
  readonly sources: {
    readonly current: SourceCount;
    readonly previous: SourceCount | null;
    readonly roster: RosterCount | null;
    readonly publicSecurity: SourceCount | null;
  };
  /** Every person of the union (this batch ∪ last round ∪ the roster's valid certificates in the area). */
  readonly total: UnitCounts;
  readonly units: readonly UnitCounts[];
  readonly lists: readonly ListEntry[];
  readonly issues: readonly ReconcileIssue[];
  readonly changes: ChangeRates | null;
  /** zh-CN labels of every code in the result. */
  readonly labels: {
    readonly classes: Readonly<Record<RoundClass, string>>;
    readonly exitReasons: Readonly<Record<ExitReason, string>>;
    readonly rosterStandings: Readonly<Record<RosterStanding, string>>;
    readonly evidence: Readonly<Record<Evidence, string>>;
  };
  /** The laws the counts obey, checked on this result (`ok` false would be a bug). */
  readonly checks: { readonly ok: boolean; readonly problems: readonly string[] };
}

/** The incremental form of {@link reconcileRounds}. */
export interface Reconciler {
  /** Adds a record of this round's batch (a person record). */
  addCurrent(record: SourceRecord): void;
  /** Adds a record of the previous round. */
  addPrevious(record: SourceRecord): void;
  /** Adds a roster record (as `parseRosterRow` gives it). */
  addRoster(record: SourceRecord): void;
  /** Reads a raw roster row with `parseRosterRow` (issues counted), adds what could be read and returns the reading. */
  addRosterRow(row: unknown): RosterRowResult;
  /** Adds a public-security extract record (`registration_status` 1–4). */
  addPublicSecurity(record: SourceRecord): void;
  /** Reads a raw public-security row with `parseExtractRow('public-security', …)` and adds it. */
  addPublicSecurityRow(row: unknown): void;
  /** Classifies every person and builds the tables; the reconciler can take more records afterwards. */
  result(): RoundReconciliation;
}

const DEFAULT_LISTS: readonly RoundClass[] = ['new', 'exited', 'moved-within', 'not-updated', 'not-in-roster'];

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function dateNumber(v: unknown): number {
  if (typeof v !== 'string') return 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim());
  return m ? Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]) : 0;
}

function rosterStandingOf(record: SourceRecord, asOf: number): { standing: number; byDate: boolean } {
  const status = num(record.status);
  const until = dateNumber(record.valid_until);
  if (status === 2) return { standing: R_CANCELLED, byDate: false };
  if (status === 3) return { standing: R_EXPIRED, byDate: false };
  if (status !== undefined && status !== 1) return { standing: R_OTHER, byDate: false };
  if (until !== 0 && until < asOf) return { standing: R_EXPIRED, byDate: true };
  return { standing: R_VALID, byDate: false };
}

class Counter {
  read = 0;
  duplicates = 0;
  unkeyed = 0;
  merged = 0;
  given = false;
}

/** A row number, or `undefined` for -1 (not found). */
const nonNegative = (n: number): number | undefined => (n < 0 ? undefined : n);

/**
 * Creates an incremental reconciler (see {@link reconcileRounds} for the classes and rules).
 *
 * @summary Reconcile rounds record by record
 * @example
 * ```ts
 * import { createReconciler } from '@canji/rounds';
 * const r = createReconciler({ asOf: '2020-06-30' });
 * r.addPrevious({ resident_id: '11010519491231002X', region_code: '110105001001' });
 * r.addCurrent({ resident_id: '11010519491231002x', region_code: '110105001001', person_status: 6 });
 * r.result().total.byClass.continuing; //=> 1
 * ```
 */
export function createReconciler(options: ReconcileOptions): Reconciler {
  const asOf = options.asOf.slice(0, 10);
  const asOfN = dateNumber(asOf);
  const keyOption = options.key ?? 'resident-id';
  const readKey: PersonKeyFunction = keyReader(keyOption);
  const level = options.regionLevel ?? 'township';
  const versions = { previous: options.formVersions?.previous ?? '2017', current: options.formVersions?.current ?? '2017' } as const;
  const withChanges = options.changes !== false;
  const items: ComparedItem[][] = withChanges ? comparedItems(versions.previous, versions.current) : [];
  const table = new PersonTable(items.length);
  const counts = { current: new Counter(), previous: new Counter(), roster: new Counter(), ps: new Counter() };
  if (options.sources?.previous) counts.previous.given = true;
  if (options.sources?.roster) counts.roster.given = true;
  if (options.sources?.publicSecurity) counts.ps.given = true;
  const issues: ReconcileIssue[] = [];
  const rosterIssues: Record<string, number> = {};
  const counties = new Set<string>();
  // Region cells repeat (a county has a few hundred villages): each spelling is normalised once.
  const regionCells = new Map<unknown, number>();
  const countied: boolean[] = [];
  const regionIdOf = (cell: unknown): number => {
    let id = regionCells.get(cell);
    if (id === undefined) {
      const region = readRegion(cell);
      id = region === undefined ? -1 : table.regions.id(region);
      if (regionCells.size < 100_000) regionCells.set(cell, id);
    }
    return id;
  };
  const mask = keyMasker(keyOption, options.fullIdentifiers === true, options.maskKey);

  const keyOf = (record: SourceRecord, source: RoundSource, c: Counter): string | undefined => {
    const row = c.read++;
    c.given = true;
    let k: string | null | undefined;
    try {
      k = typeof record === 'object' && record !== null ? readKey(record, source) : undefined;
    } catch {
      k = undefined;
    }
    if (typeof k !== 'string' || k === '') {
      c.unkeyed++;
      issues.push({ code: 'ROUND_NO_KEY', message: `${SOURCE_NAMES[source]}第 ${row + 1} 条记录没有可用于匹配的身份证号、残疾人证号或键`, source, row });
      return undefined;
    }
    return k;
  };
  const duplicate = (source: RoundSource, row: number, key: string, c: Counter) => {
    c.duplicates++;
    issues.push({ code: 'ROUND_DUPLICATE_KEY', message: `${SOURCE_NAMES[source]}第 ${row + 1} 条记录与前面的记录是同一人（${mask(key)}），只用第一条`, source, row, key: mask(key) });
  };

  const addRound = (record: SourceRecord, side: 'current' | 'previous') => {
    const c = counts[side];
    const row = c.read;
    const key = keyOf(record, side, c);
    if (key === undefined) return;
    const i = table.row(key);
    const bit = side === 'current' ? IN_CURRENT : IN_PREVIOUS;
    if (table.flags[i]! & bit) return duplicate(side, row, key, c);
    table.flags[i]! |= bit;
    const regionId = regionIdOf(record.region_code);
    const region = table.region(regionId);
    const cert = canonicalCertificateNo(record.certificate_no);
    const certHash = cert === undefined ? NaN : digest53(cert);
    const digests = side === 'current' ? table.curDigest : table.prevDigest;
    const at = i * table.width;
    for (let g = 0; g < items.length; g++) digests[at + g] = sectionDigest(record, items[g]!, side === 'current' ? 'currentKey' : 'previousKey');
    if (side === 'current') {
      table.curRegion[i] = regionId;
      table.curCert[i] = certHash;
      table.curRow[i] = row;
      const status = num(record.person_status);
      table.curStatus[i] = status !== undefined && status >= 0 && status < 100 ? status : -1;
      const collector = typeof record.collector === 'string' ? record.collector.trim() : '';
      table.curCollector[i] = collector === '' ? -1 : table.collectors.id(collector);
      if (regionId >= 0 && !countied[regionId]) {
        countied[regionId] = true;
        const county = unitAt(region, 'county');
        if (county !== null) counties.add(county);
      }
    } else {
      table.prevRegion[i] = regionId;
      table.prevCert[i] = certHash;
      table.prevRow[i] = row;
    }
  };

  const addRoster = (record: SourceRecord) => {
    const c = counts.roster;
    const row = c.read;
    const key = keyOf(record, 'roster', c);
    if (key === undefined) return;
    const i = table.row(key);
    const { standing, byDate } = rosterStandingOf(record, asOfN);
    const issued = dateNumber(record.issued_on);
    if (table.flags[i]! & IN_ROSTER) {
      c.merged++;
      const old = table.rosterStanding[i]!;
      const better = (standing === R_VALID) !== (old === R_VALID) ? standing === R_VALID : issued > table.rosterIssued[i]!;
      if (!better) return;
    }
    table.flags[i]! |= IN_ROSTER;
    table.rosterStanding[i] = standing;
    table.rosterByDate[i] = byDate ? 1 : 0;
    table.rosterCancel[i] = num(record.cancel_reason) ?? 0;
    table.rosterIssued[i] = issued;
    table.rosterRow[i] = row;
    table.rosterRegion[i] = regionIdOf(record.region_code);
  };

  const addPublicSecurity = (record: SourceRecord) => {
    const c = counts.ps;
    const key = keyOf(record, 'public-security', c);
    if (key === undefined) return;
    const i = table.row(key);
    const status = num(record.registration_status) ?? 0;
    if (table.flags[i]! & IN_PS) {
      // Several rows of one person are a history, not an error: a death outranks a move, a move
      // any other status, so the strongest evidence is kept.
      c.duplicates++;
      if ((PS_RANK[status] ?? 0) > (PS_RANK[table.ps[i]!] ?? 0)) table.ps[i] = status;
      return;
    }
    table.flags[i]! |= IN_PS;
    table.ps[i] = status;
  };

  return {
    addCurrent: (r) => addRound(r, 'current'),
    addPrevious: (r) => addRound(r, 'previous'),
    addRoster,
    addRosterRow(row) {
      const parsed = parseRosterRow(row, { asOf, headerIssues: false });
      for (const i of parsed.issues) rosterIssues[i.code] = (rosterIssues[i.code] ?? 0) + 1;
      addRoster(parsed.record as SourceRecord);
      return parsed;
    },
    addPublicSecurity,
    addPublicSecurityRow(row) {
      addPublicSecurity(parseExtractRow('public-security', row, { asOf, headerIssues: false }).record as SourceRecord);
    },
    result: () =>
      buildResult({ options, asOf, level, versions, items, table, counts, issues, rosterIssues, counties, mask, keyOption, withChanges }),
  };
}

const PS_RANK: Readonly<Record<number, number>> = { 3: 3, 2: 2, 4: 1 };

const SOURCE_NAMES: Readonly<Record<RoundSource, string>> = {
  current: '本轮数据',
  previous: '上一轮数据',
  roster: '残疾人证底册',
  'public-security': '公安户籍数据',
};

interface BuildInput {
  options: ReconcileOptions;
  asOf: string;
  level: RegionLevel;
  versions: { previous: PersonFormVersion; current: PersonFormVersion };
  items: ComparedItem[][];
  table: PersonTable;
  counts: { current: Counter; previous: Counter; roster: Counter; ps: Counter };
  issues: ReconcileIssue[];
  rosterIssues: Record<string, number>;
  counties: Set<string>;
  mask: (k: string) => string;
  keyOption: PersonKey;
  withChanges: boolean;
}

function emptyUnit(unit: string | null): { unit: string | null; persons: number; byClass: Record<RoundClass, number>; exitedBy: Record<ExitReason, number> } {
  return {
    unit,
    persons: 0,
    byClass: Object.fromEntries(ROUND_CLASSES.map((c) => [c, 0])) as Record<RoundClass, number>,
    exitedBy: Object.fromEntries(EXIT_REASONS.map((r) => [r, 0])) as Record<ExitReason, number>,
  };
}

const STANDINGS: Readonly<Record<number, RosterFacts['standing']>> = { [R_VALID]: 'valid', [R_CANCELLED]: 'cancelled', [R_EXPIRED]: 'expired', [R_OTHER]: 'other' };

/** The facts of person `i` as {@link classifyPerson} reads them (optional members left out, not `undefined`). */
function factsOf(b: BuildInput, scope: readonly string[], i: number): PersonFacts {
  const t = b.table;
  const flags = t.flags[i]!;
  const f: { -readonly [K in keyof PersonFacts]: PersonFacts[K] } = { previousGiven: b.counts.previous.given, rosterGiven: b.counts.roster.given, scope };
  if (flags & IN_CURRENT) {
    const current: { region?: string; personStatus?: number } = {};
    const region = t.region(t.curRegion[i]!);
    if (region !== undefined) current.region = region;
    if (t.curStatus[i]! >= 0) current.personStatus = t.curStatus[i]!;
    f.current = current;
  }
  if (flags & IN_PREVIOUS) {
    const region = t.region(t.prevRegion[i]!);
    f.previous = region === undefined ? {} : { region };
  }
  if (flags & IN_CURRENT && flags & IN_PREVIOUS && !Number.isNaN(t.curCert[i]!) && !Number.isNaN(t.prevCert[i]!) && t.curCert[i] !== t.prevCert[i]) f.certificateChanged = true;
  if (flags & IN_ROSTER) {
    const roster: { -readonly [K in keyof RosterFacts]: RosterFacts[K] } = { standing: STANDINGS[t.rosterStanding[i]!]!, expiredByDate: t.rosterByDate[i] === 1 };
    if (t.rosterCancel[i]) roster.cancelReason = t.rosterCancel[i]!;
    const region = t.region(t.rosterRegion[i]!);
    if (region !== undefined) roster.region = region;
    f.roster = roster;
  }
  const psRow = b.keyOption === 'certificate-no' ? nonNegative(t.index.get(psKeyOf(b.keyOption, t.keys[i]!))) : i;
  if (psRow !== undefined && t.flags[psRow]! & IN_PS && t.ps[psRow]) f.publicSecurity = t.ps[psRow]!;
  return f;
}

function buildResult(b: BuildInput): RoundReconciliation {
  const t = b.table;
  const scope = b.options.scope ? [...b.options.scope] : [...b.counties].sort();
  const listed = new Set(b.options.lists ?? DEFAULT_LISTS);
  const sections = b.withChanges ? comparedSections(b.versions.previous, b.versions.current) : [];
  const changes = b.withChanges && b.counts.previous.given ? new ChangeAccumulator(sections, b.level) : null;
  const units = new Map<string, ReturnType<typeof emptyUnit>>();
  const total = emptyUnit(null);
  const lists: ListEntry[] = [];
  let inactive = 0;
  let outsideScope = 0;
  const changed = new Array<boolean>(b.items.length).fill(false);
  for (let i = 0; i < t.size; i++) {
    const flags = t.flags[i]!;
    if ((flags & (IN_CURRENT | IN_PREVIOUS | IN_ROSTER)) === 0) continue; // a public-security row of nobody here
    if ((flags & (IN_CURRENT | IN_PREVIOUS)) === 0) {
      // Roster only: a person of this reconciliation when the certificate is valid and the region in the area.
      if (t.rosterStanding[i] !== R_VALID) {
        inactive++;
        continue;
      }
      if (inScope(t.region(t.rosterRegion[i]!), scope) === false) {
        outsideScope++;
        continue;
      }
    }
    const facts = factsOf(b, scope, i);
    const c = classifyPerson(facts);
    const region = facts.current?.region ?? facts.previous?.region ?? facts.roster?.region;
    const unitCode = unitAt(region, b.level);
    const k = unitCode ?? '';
    let u = units.get(k);
    if (!u) units.set(k, (u = emptyUnit(unitCode)));
    for (const x of [u, total]) {
      x.persons++;
      x.byClass[c.class]++;
      if (c.reason) x.exitedBy[c.reason]++;
    }
    if (changes && (c.class === 'continuing' || c.class === 'moved-within')) {
      const at = i * t.width;
      for (let g = 0; g < b.items.length; g++) changed[g] = t.curDigest[at + g] !== t.prevDigest[at + g];
      const col = t.curCollector[i]!;
      changes.add(facts.current?.region, col < 0 ? undefined : t.collectors.values[col], changed);
    }
    if (listed.has(c.class)) lists.push(listEntry(b, i, c, unitCode, facts));
  }
  lists.sort((x, y) => ROUND_CLASSES.indexOf(x.class) - ROUND_CLASSES.indexOf(y.class) || compareCodes(x.unit, y.unit) || firstRow(x) - firstRow(y));
  const unitRows = [...units.values()].sort((x, y) => compareCodes(x.unit, y.unit));
  const full = b.options.fullIdentifiers === true;
  const result: Omit<RoundReconciliation, 'checks'> = {
    asOf: b.asOf,
    key: typeof b.keyOption === 'function' ? 'custom' : b.keyOption,
    regionLevel: b.level,
    scope,
    formVersions: b.versions,
    sources: {
      current: sourceCount(b.counts.current),
      previous: b.counts.previous.given ? sourceCount(b.counts.previous) : null,
      roster: b.counts.roster.given ? rosterCount(b.counts.roster, inactive, outsideScope, b.rosterIssues) : null,
      publicSecurity: b.counts.ps.given ? sourceCount(b.counts.ps) : null,
    },
    total,
    units: unitRows,
    lists,
    issues: [...b.issues],
    changes: changes
      ? changes.result({ outlierZ: b.options.outlierZ ?? 3, minCompared: b.options.minCompared ?? 20, showCollector: full ? (n) => n : (n) => maskName(n) })
      : null,
    labels: { classes: ROUND_CLASS_LABELS, exitReasons: EXIT_REASON_LABELS, rosterStandings: ROSTER_STANDING_LABELS, evidence: EVIDENCE_LABELS },
  };
  return { ...result, checks: checkCounts(result) };
}

/** Region codes in code order, `null` (region unknown) last. */
function compareCodes(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function firstRow(e: ListEntry): number {
  return e.rows.current ?? e.rows.previous ?? e.rows.roster ?? 0;
}

function listEntry(b: BuildInput, i: number, c: ReturnType<typeof classifyPerson>, unit: string | null, facts: PersonFacts): ListEntry {
  const t = b.table;
  const region = facts.current?.region ?? facts.previous?.region ?? facts.roster?.region;
  const rows: { current?: number; previous?: number; roster?: number } = {};
  if (t.curRow[i]! >= 0) rows.current = t.curRow[i]!;
  if (t.prevRow[i]! >= 0) rows.previous = t.prevRow[i]!;
  if (t.rosterRow[i]! >= 0) rows.roster = t.rosterRow[i]!;
  return {
    key: b.mask(t.keys[i]!),
    class: c.class,
    classLabel: ROUND_CLASS_LABELS[c.class],
    ...(c.reason ? { reason: c.reason, reasonLabel: EXIT_REASON_LABELS[c.reason] } : {}),
    ...(c.rosterStanding ? { rosterStanding: c.rosterStanding } : {}),
    ...(c.movedAt ? { movedAt: c.movedAt } : {}),
    unit,
    ...(region !== undefined ? { region } : {}),
    ...(facts.previous?.region !== undefined && facts.previous.region !== region ? { previousRegion: facts.previous.region } : {}),
    evidence: c.evidence,
    rows,
  };
}

function sourceCount(c: Counter): SourceCount {
  return { read: c.read, persons: c.read - c.duplicates - c.unkeyed, duplicates: c.duplicates, unkeyed: c.unkeyed };
}

function rosterCount(c: Counter, inactive: number, outsideScope: number, issues: Record<string, number>): RosterCount {
  return { read: c.read, persons: c.read - c.merged - c.unkeyed, merged: c.merged, unkeyed: c.unkeyed, inactive, outsideScope, issues: { ...issues } };
}

/** The laws: per unit and in total, persons = Σ classes and exited = Σ reasons; Σ units = total. */
function checkCounts(r: Omit<RoundReconciliation, 'checks'>): { ok: boolean; problems: string[] } {
  const problems: string[] = [];
  const sum = (o: Readonly<Record<string, number>>) => Object.values(o).reduce((a, b) => a + b, 0);
  for (const u of [...r.units, r.total]) {
    const name = u === r.total ? '合计' : (u.unit ?? '区划不详');
    if (sum(u.byClass) !== u.persons) problems.push(`${name}：各类人数之和 ${sum(u.byClass)} ≠ 人数 ${u.persons}`);
    if (sum(u.exitedBy) !== u.byClass.exited) problems.push(`${name}：各退出原因之和 ${sum(u.exitedBy)} ≠ 退出人数 ${u.byClass.exited}`);
  }
  const unitSum = r.units.reduce((a, u) => a + u.persons, 0);
  if (unitSum !== r.total.persons) problems.push(`各单位人数之和 ${unitSum} ≠ 合计 ${r.total.persons}`);
  for (const c of ROUND_CLASSES) {
    const s = r.units.reduce((a, u) => a + u.byClass[c], 0);
    if (s !== r.total.byClass[c]) problems.push(`${ROUND_CLASS_LABELS[c]}：各单位之和 ${s} ≠ 合计 ${r.total.byClass[c]}`);
  }
  return { ok: problems.length === 0, problems };
}
