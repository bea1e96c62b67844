/**
 * Sections a caller adds to the 数据校验报告 (the collector section of `canji check`, computed by
 * `@canji/audits`, which this package cannot import): a title, paragraphs and one table, rendered in
 * HTML and Markdown after the other sections and before the sources. A report without them renders
 * exactly as before. They are plain data, carried on the report as `extraSections`, so that
 * `maskReport` and the JSON report keep them; their content must already be fit to print (no ID
 * numbers: the caller masks).
 */
import type { ValidationReport } from '../report.js';

/** One column of an extra section's table. */
export interface ReportSectionColumn {
  readonly header: string;
  /** Width in mm for print (`undefined`: the rest of the page). */
  readonly width?: number;
  /** Right-aligned numbers. */
  readonly numeric?: boolean;
}

/** An extra section of the report. */
export interface ReportSection {
  /** Stable id (`collectors`): the HTML table's class, and how a caller finds its section again. */
  readonly id: string;
  /** Heading as printed (`八、信息采集员情况`). */
  readonly title: string;
  readonly paragraphs?: readonly string[];
  readonly columns: readonly ReportSectionColumn[];
  /** Cells as printed (numbers as numbers, rates already as text such as `12.5%`). */
  readonly rows: readonly (readonly (string | number | null)[])[];
  /** Rows (by index) to mark as needing attention. */
  readonly flagged?: readonly number[];
  /** A note below the table. */
  readonly note?: string;
}

/** A report with the sections a caller added (see {@link withSections}). */
export type ReportWithSections = ValidationReport & { readonly extraSections?: readonly ReportSection[] };

/**
 * The report with sections added after its own (a section with the same id replaces the earlier one).
 *
 * @example
 * ```ts
 * const shown = withSections(report, [{ id: 'collectors', title: '八、信息采集员情况', columns: [{ header: '采集员' }], rows: [['杨萍']] }]);
 * renderReportHtml(shown).includes('信息采集员情况'); //=> true
 * ```
 */
export function withSections(report: ValidationReport, sections: readonly ReportSection[]): ReportWithSections {
  const ids = new Set(sections.map((s) => s.id));
  const before = ((report as ReportWithSections).extraSections ?? []).filter((s) => !ids.has(s.id));
  return { ...report, extraSections: [...before, ...sections] };
}

/** @internal The extra sections of a report, if any. */
export const extraSectionsOf = (report: ValidationReport): readonly ReportSection[] => (report as ReportWithSections).extraSections ?? [];
