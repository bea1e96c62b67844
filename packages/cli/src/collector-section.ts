/**
 * The collector section of the 数据校验报告 (信息采集员情况): the per-collector figures of
 * `@canji/audits` (records per working day, home-visit share, item non-response, identical-answer
 * runs, dates outside the period) with outliers flagged against the county, as an extra section of
 * the report (`extraSections`, rendered by `@canji/rules` in HTML, PDF and Markdown and kept in the
 * JSON report). `@canji/rules` cannot import `@canji/audits`; the CLI computes the figures and
 * hands the section in.
 */
import { COLLECTOR_FIGURE_LABELS, NO_COLLECTOR, collectorFigures, createCollectorFigures, type AuditResult, type CollectorFigures, type CollectorFiguresBuilder, type CollectorFiguresOptions } from '@canji/audits';
import type { PersonFormVersion } from '@canji/form';
import type { renderReportHtml, ValidationReport } from '@canji/rules';
import type { TextEncoding } from './encoding.js';
import type { CliIo } from './io.js';
import { readPersonRecords, type RecordReader } from './read.js';
import { regionName } from './region-name.js';
import type { FileFormat } from './sources.js';

/** A report with extra sections, as `renderReportHtml` of `@canji/rules` takes it. */
type ReportWithSections = Parameters<typeof renderReportHtml>[0];
/** One extra section of the report (`ReportSection` of `@canji/rules`' render). */
export type CollectorSection = NonNullable<ReportWithSections['extraSections']>[number];

/** Options of {@link collectorSection}. */
export interface CollectorSectionOptions {
  version?: PersonFormVersion;
  /** The survey period: interview dates outside it are counted. */
  period?: { from: string; to: string };
  /** Heading (default `八、信息采集员情况`). */
  title?: string;
  /** Rows of the table at most (default 40): every flagged collector, then the busiest. */
  maxRows?: number;
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

/**
 * The collector section from a batch's records; `undefined` when no record names a collector
 * (信息采集员 is blank throughout, or the file has no such column).
 *
 * @example
 * ```ts
 * const section = collectorSection(records, { period: { from: '2019-07-01', to: '2019-08-31' } });
 * section?.rows.length; //=> the number of collectors
 * ```
 */
export function collectorSection(records: Iterable<unknown>, options: CollectorSectionOptions = {}): CollectorSection | undefined {
  const o: CollectorFiguresOptions = { ...(options.version ? { version: options.version } : {}), ...(options.period ? { period: options.period } : {}) };
  return collectorSectionOf(collectorFigures(records, o), options);
}

/** The section that says why the figures could not be computed. */
function failedSection(options: CollectorSectionOptions, code: string, message: string): CollectorSection {
  return { id: 'collectors', title: options.title ?? '八、信息采集员情况', paragraphs: [`未能计算采集员情况：${message}（${code}）`], columns: [], rows: [] };
}

/** The section from the figures (see {@link collectorSection}). */
function collectorSectionOf(r: ReturnType<typeof collectorFigures>, options: CollectorSectionOptions): CollectorSection | undefined {
  if (!r.ok) return failedSection(options, r.error.code, r.error.message);
  const figures = r.value;
  if (figures.length === 0 || figures.every((f) => f.collector === NO_COLLECTOR)) return undefined;
  // The printed report stays a few pages for a county of hundreds of collectors: every collector
  // with a flag, then the busiest, up to `maxRows` (default 40) — the paragraph says how many are left out.
  const maxRows = options.maxRows ?? 40;
  const named = figures.filter((f) => f.collector !== NO_COLLECTOR);
  const withFlags = figures.filter((f) => f.flags.length > 0);
  const others = figures.filter((f) => f.flags.length === 0).sort((a, b) => b.records - a.records || (a.collector < b.collector ? -1 : 1));
  const shown = [...withFlags, ...others.slice(0, Math.max(0, maxRows - withFlags.length))];
  const leftOut = figures.length - shown.length;
  const flagged = shown.flatMap((f, i) => (f.flags.length ? [i] : []));
  const period = options.period !== undefined;
  const rows = shown.map((f) => [
    f.collector,
    regionName(f.county) ?? f.county,
    f.records,
    f.days,
    f.perDay === null ? '—' : f.perDay.toFixed(1),
    pct(f.homeVisits.rate),
    pct(f.nonResponse.rate),
    pct(f.identical.rate),
    f.longestRun,
    ...(period ? [pct(f.outsidePeriod.rate)] : []),
    f.flags.map((x) => x.message).join('；'),
  ]);
  const unnamed = figures.find((f) => f.collector === NO_COLLECTOR);
  return {
    id: 'collectors',
    title: options.title ?? '八、信息采集员情况',
    paragraphs: [
      `本批次共 ${named.length} 名信息采集员${unnamed ? `（另有 ${unnamed.records} 条记录未填采集员）` : ''}；与本县其他采集员相比有异常的 ${withFlags.length} 名${withFlags.length ? `：${withFlags.map((f) => f.collector).join('、')}` : ''}。`,
      ...(leftOut > 0 ? [`下表列出有异常提示的采集员和记录数最多的采集员，共 ${shown.length} 行；其余 ${leftOut} 行无异常提示，未列出（每名采集员的数字见 canji audit compare 写出的“采集员情况”表）。`] : []),
    ],
    columns: [
      { header: '信息采集员', width: 22 },
      { header: '县（区）', width: 26 },
      { header: '记录数', width: 13, numeric: true },
      { header: '工作日数', width: 13, numeric: true },
      { header: '每日记录数', width: 14, numeric: true },
      { header: COLLECTOR_FIGURE_LABELS.homeVisits, width: 15, numeric: true },
      { header: COLLECTOR_FIGURE_LABELS.nonResponse, width: 15, numeric: true },
      { header: '与上一条答案相同', width: 15, numeric: true },
      { header: '最长相同连续条数', width: 15, numeric: true },
      ...(period ? [{ header: '调查日期在期外', width: 15, numeric: true }] : []),
      { header: '异常提示' },
    ],
    rows,
    flagged,
    note: '比例与本县其他采集员比较：单侧精确二项检验（Bonferroni 校正），差距至少 5 个百分点才提示；每日记录数用中位数/MAD 修正 z 值（超过 3.5）。提示只说明需要核实，不等于采集有误；可用 canji audit sample 对有提示的采集员加大复核抽样。',
  };
}

/** Options of {@link withCollectorSection}. */
export interface WithCollectorSectionOptions extends CollectorSectionOptions {
  formVersion?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  /** The worksheet of an XLSX batch (as `--sheet`). */
  sheet?: string;
  /**
   * Above this many records the section is left out with a notice on stderr (default 4,000,000):
   * its figures keep a few tens of bytes of every record (its date, county, mode and a hash of its
   * answers; see `createCollectorFigures`) until the end of the batch.
   */
  maxRecords?: number;
}

/**
 * The report with the collector section added when the batch names collectors: reads the batch
 * again (quietly, the same reader and normalisation as the check; `checkFile` on one thread uses
 * {@link collectorPass} over its own pass instead). The report is returned unchanged when the file
 * has no 信息采集员 column or every cell of it is blank.
 *
 * @example
 * ```ts
 * const shown = await withCollectorSection(io, '/data/长沙县.csv', report, { formVersion: '2017' });
 * await writeReport(shown, '校验报告.html');
 * ```
 */
export async function withCollectorSection<R extends ValidationReport>(io: CliIo, path: string, report: R, options: WithCollectorSectionOptions = {}): Promise<R> {
  return withCollectorOutcome(io, report, await collectorOutcomeOfFile(path, options), options);
}

/**
 * What a pass over the batch found for the collector section: the figures (or why they could not
 * be computed), no collector named in the batch, or more records than the section keeps. Plain
 * data: a worker thread hands it over as it is (see `collector-thread.ts`).
 */
export type CollectorOutcome =
  | { kind: 'figures'; version: PersonFormVersion; result: AuditResult<CollectorFigures[]> }
  | { kind: 'none' }
  | { kind: 'too-many'; max: number }
  /** The pass stopped (a second reading thread that failed): the section says why. */
  | { kind: 'failed'; code: string; message: string };

/**
 * Reads the batch at `path` (quietly, the same reader and normalisation as the check) for the
 * collector figures alone.
 *
 * @example
 * ```ts
 * const outcome = await collectorOutcomeOfFile('/data/长沙县.csv', { formVersion: '2017' });
 * const shown = withCollectorOutcome(io, report, outcome);
 * ```
 */
export async function collectorOutcomeOfFile(path: string, options: WithCollectorSectionOptions = {}): Promise<CollectorOutcome> {
  const silent: CliIo = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: process.cwd() };
  const reader = await readPersonRecords(silent, path, {
    quiet: true,
    label: '采集员情况',
    ...(options.formVersion ? { formVersion: options.formVersion } : {}),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.format ? { format: options.format } : {}),
    ...(options.sheet !== undefined ? { sheet: options.sheet } : {}),
  });
  const pass = collectorPass(reader, options);
  await reader.forEach((item) => void ('record' in item && pass.add(item.record)));
  return pass.outcome();
}

/**
 * The report with the section of `outcome` added (unchanged when the batch names no collector; a
 * notice on stderr when it had too many records).
 *
 * @example
 * ```ts
 * report = withCollectorOutcome(io, report, pass.outcome());
 * ```
 */
export function withCollectorOutcome<R extends ValidationReport>(io: CliIo, report: R, outcome: CollectorOutcome, options: CollectorSectionOptions = {}): R {
  if (outcome.kind === 'too-many') {
    io.stderr(`提示：批次超过 ${outcome.max} 条记录，报告不含“信息采集员情况”一节；请按县分批校验，或用 canji audit 的采集员统计\n`);
    return report;
  }
  if (outcome.kind === 'none') return report;
  const section = outcome.kind === 'failed' ? failedSection(options, outcome.code, outcome.message) : collectorSectionOf(outcome.result, { ...options, version: outcome.version });
  if (!section) return report;
  const before = ((report as ReportWithSections).extraSections ?? []).filter((s) => s.id !== section.id);
  return { ...report, extraSections: [...before, section] };
}

/**
 * The collector section built during a pass over the batch that is made anyway (`checkFile`'s own):
 * give it every record read (as a `drop` reader gives them: see `withoutUnreadable`), then
 * {@link CollectorPass.finish} adds the section to the report — the batch is not read a second time.
 */
export interface CollectorPass {
  add(record: Record<string, unknown>): void;
  /** What the pass found (see {@link CollectorOutcome}). */
  outcome(): CollectorOutcome;
  /** The report with the section added ({@link withCollectorOutcome} of {@link CollectorPass.outcome}). */
  finish<R extends ValidationReport>(io: CliIo, report: R): R;
}

/**
 * A {@link CollectorPass} over the records of `reader`: its form version and whether it has a
 * 信息采集员 column are asked at the first record (the header is read by then).
 *
 * @example
 * ```ts
 * const pass = collectorPass(reader);
 * await reader.forEach((item) => 'record' in item && pass.add(withoutUnreadable(item.record, item.issues)));
 * report = pass.finish(io, report);
 * ```
 */
export function collectorPass(reader: Pick<RecordReader, 'formVersion' | 'mapping'>, options: CollectorSectionOptions & { maxRecords?: number } = {}): CollectorPass {
  let figures: CollectorFiguresBuilder | undefined;
  let sawCollector: boolean | undefined;
  let n = 0;
  const max = options.maxRecords ?? 4_000_000;
  let tooMany = false;
  const version = (): PersonFormVersion => options.version ?? (reader.formVersion() === '2021' ? '2021' : '2017');
  const outcome = (): CollectorOutcome => (tooMany ? { kind: 'too-many', max } : figures ? { kind: 'figures', version: version(), result: figures.result() } : { kind: 'none' });
  return {
    add(record) {
      if (tooMany) return;
      if (++n > max) {
        tooMany = true;
        figures = undefined;
        return;
      }
      sawCollector ??= [...(reader.mapping()?.known.values() ?? [])].includes('collector');
      if (!sawCollector) return;
      // Each record is reduced to what the figures need as it comes (see createCollectorFigures).
      (figures ??= createCollectorFigures({ version: version(), ...(options.period ? { period: options.period } : {}) })).add(record);
    },
    outcome,
    finish: (io, report) => withCollectorOutcome(io, report, outcome(), options),
  };
}
