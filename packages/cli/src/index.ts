/**
 * @canji/cli — the `canji` command for the disability data dynamic update (残疾人基本服务状况和
 * 需求信息数据动态更新): `check`, `indicators`, `deid`, `synth`, `regions`, `schema` over CSV
 * (UTF-8 / GBK), XLSX and JSON Lines files. `checkFile` is the main job (`canji check`) as a
 * library call; the building blocks are exported for programs that want the same reading pipeline.
 *
 * @packageDocumentation
 */
export { run, CLI_VERSION } from './cli.js';
export { checkFile, type CheckFileOptions, type CheckFileResult, type CheckProgress, type RecordFindings } from './check-file.js';
export { CHECK_ENGINES, parseEngineOption, type CheckEngineName } from './check-engine.js';
export { writeReport } from './report-files.js';
export { findChromium, writeReportPdf } from './pdf.js';
export type { CellNote, CellStats, ReadStats, Reject } from './read.js';
export { CliError, EXIT, type CliIo, type ExitCode } from './io.js';
export { detectEncoding, detectFileEncoding, type DetectedEncoding, type TextEncoding } from './encoding.js';
export { openRowSource, formatOfPath, xlsxCellValue, type Cell, type FileFormat, type RowError, type RowSource, type SourceItem, type OpenRowSourceOptions, type SkippedLineCounts } from './sources.js';
export { mapHeaders, rowToRecord, type HeaderMapping, type MapHeadersOptions, type RowToRecord, type UnreadableCells } from './records.js';
export { createDepartmentLists, MANIFEST_FILE, type DepartmentListOptions, type DepartmentListsWritten } from './dept-lists.js';
export { VERIFY_OUTPUTS } from './commands/verify.js';
export { FixList, FIX_LIST_COLUMNS, type FixListOptions, type FixRow } from './fix-list.js';
export { neutralizeCell, safeSheetName, writeCsvTable, writeWorkbook, type CellKind, type SheetColumn, type SheetCell, type SheetSpec, type SheetValue, type TypedCell } from './sheets.js';
export { checkOutputDir, checkOutputPath, writeOutput, PRIVATE_FILE_MODE, type OutputOptions } from './output-file.js';
