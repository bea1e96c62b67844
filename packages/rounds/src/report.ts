/**
 * The reconciliation as the validation report (数据校验报告) carries it: `@canji/rules`' renderers
 * print `report.rounds` (HTML, Markdown, JSON) and the CLI's workbook gives it sheets. Plain data:
 * counts, labels and change rates, never a list of persons (lists are written apart, for the people
 * who act on them).
 */
import type { ReportRoundChangeRow, ReportRounds, ReportRoundSource } from '@canji/rules';
import { EXIT_REASON_LABELS, EXIT_REASONS, ROUND_CLASS_LABELS, ROUND_CLASSES, type RoundClass } from './classes.js';
import type { ChangeRow, CollectorChangeRow } from './change-rates.js';
import type { RoundReconciliation, RosterCount, SourceCount } from './reconciler.js';

/** Options of {@link reportRounds}. */
export interface ReportRoundsOptions {
  /** Names units in the tables (e.g. `regionName` of `@canji/regions`). */
  regionName?: (code: string) => string | undefined;
  /** Files of lists written for people, to name in the report. */
  lists?: { files: string[]; persons: number };
}

function source(s: SourceCount | RosterCount | null): ReportRoundSource | null {
  if (!s) return null;
  return { ...s } as ReportRoundSource;
}

/** The classes a reconciliation can have: `updated` only when there was no previous round, the comparison classes only when there was. */
function shownClasses(r: RoundReconciliation): RoundClass[] {
  const withPrevious = r.sources.previous !== null;
  const withRoster = r.sources.roster !== null;
  return ROUND_CLASSES.filter((c) => {
    if (c === 'updated') return !withPrevious || r.total.byClass.updated > 0;
    if (c === 'continuing' || c === 'exited' || c === 'moved-within') return withPrevious || r.total.byClass[c] > 0;
    if (c === 'new') return withPrevious || r.total.byClass.new > 0;
    if (c === 'not-updated' || c === 'not-in-roster') return withRoster || r.total.byClass[c] > 0;
    return true;
  });
}

/**
 * The report part of a reconciliation: the sources as read, the classes and exit reasons with
 * their labels, counts for the area and per unit (named), the change rates per unit and per
 * collector, and the checks of the counts. Give it to `report.rounds` and the report's renderers
 * print it; it carries no person's identifier (collectors' names come masked from a reconciliation
 * made without `fullIdentifiers`).
 *
 * @example
 * ```ts
 * import { reconcileRounds, reportRounds } from '@canji/rounds';
 * import { renderReportMarkdown } from '@canji/rules';
 * const r = reconcileRounds({ asOf: '2020-06-30', previous, current, roster });
 * const shown = { ...report, rounds: reportRounds(r) };
 * renderReportMarkdown(shown).includes('## 与上一轮和底册比对'); //=> true
 * ```
 */
export function reportRounds(r: RoundReconciliation, options: ReportRoundsOptions = {}): ReportRounds {
  const name = (code: string | null) => {
    const n = code ? options.regionName?.(code) : undefined;
    return n ? { name: n } : {};
  };
  const row = (c: ChangeRow): ReportRoundChangeRow => ({ unit: c.unit, ...name(c.unit), compared: c.compared, changed: { ...c.changed }, anyChange: { ...c.anyChange }, identical: { ...c.identical } });
  const collectorRow = (c: CollectorChangeRow): ReportRoundChangeRow => ({ unit: c.unit, ...name(c.unit), collector: c.collector, compared: c.compared, anyChange: { ...c.anyChange }, identical: { ...c.identical } });
  const ch = r.changes;
  return {
    asOf: r.asOf,
    key: r.key,
    regionLevel: r.regionLevel,
    formVersions: { ...r.formVersions },
    sources: { current: source(r.sources.current)!, previous: source(r.sources.previous), roster: source(r.sources.roster), publicSecurity: source(r.sources.publicSecurity) },
    classes: shownClasses(r).map((id) => ({ id, label: ROUND_CLASS_LABELS[id] })),
    exitReasons: EXIT_REASONS.map((id) => ({ id, label: EXIT_REASON_LABELS[id] })),
    total: { unit: r.total.unit, ...name(r.total.unit), persons: r.total.persons, byClass: { ...r.total.byClass }, exitedBy: { ...r.total.exitedBy } },
    units: r.units.map((u) => ({ unit: u.unit, ...name(u.unit), persons: u.persons, byClass: { ...u.byClass }, exitedBy: { ...u.exitedBy } })),
    changes: ch
      ? {
          method: ch.method,
          outlierZ: ch.outlierZ,
          minCompared: ch.minCompared,
          sections: ch.sections.map((s) => ({ id: s.id, label: s.label, items: [...s.items] })),
          total: row(ch.total),
          units: ch.units.map(row),
          collectors: ch.collectors ? ch.collectors.map(collectorRow) : null,
        }
      : null,
    ...(options.lists ? { lists: { files: [...options.lists.files], persons: options.lists.persons } } : {}),
    checks: { ok: r.checks.ok, problems: [...r.checks.problems] },
  };
}
