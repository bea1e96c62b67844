/** The messages between the page and the check's Web Worker (structured-cloned; files as `File`). */

/** What the clerk chose on the page: the same options `canji check` takes. */
export interface CheckRequest {
  type: 'check';
  batch: File;
  /** Partner departments' extracts, department id → file. */
  departments: Record<string, File>;
  previous?: File;
  roster?: File;
  /** `2016` | `2017` | `2021`; absent: recognised from the header. */
  form?: string;
  /** The county (or other region) of the batch, 2–12 digits. */
  region?: string;
  /** Reference date `YYYY-MM-DD`. */
  asOf?: string;
  /** The report counts by this level (the workbench's default: township). */
  level: 'county' | 'township';
  title?: string;
  /** The worksheet of an XLSX batch (name or position from 1). */
  sheet?: string;
  /** Full ID numbers in the lists for people (`--full-ids`: records to fix, department and round lists); masked by default. */
  fullIds?: boolean;
  /** Also compute the indicator tables (`canji indicators`). */
  indicators: boolean;
}

/** Returned department lists read back (`canji verify`) against the lists this page wrote. */
export interface VerifyRequest {
  type: 'verify';
  files: File[];
}

export type ToWorker = CheckRequest | VerifyRequest;

/** A file the run wrote (in the worker's memory), offered for download. */
export interface OutputFile {
  /** Path under the run's output folder, e.g. `部门核实清单/教育部门.xlsx`. */
  path: string;
  bytes: ArrayBuffer;
}

export type FromWorker =
  | { type: 'notice'; text: string }
  | { type: 'progress'; label: string; rows: number; bytesRead: number; totalBytes: number; done?: boolean }
  | {
      type: 'checked';
      exitCode: number;
      /** `canji check --json`'s summary object. */
      summary: Record<string, unknown>;
      /** The report as `canji check --out 校验报告.html` writes it (identifiers masked). */
      reportHtml: string;
      files: OutputFile[];
      /** The records-to-fix list (its CSV), header first. */
      fixTable: string[][];
      /** Townships in the fix list: code → name. */
      townships: [string, string][];
      /** CPU-side time of the run in the worker, ms. */
      ms: number;
    }
  | { type: 'verified'; exitCode: number; summary: Record<string, unknown>; files: OutputFile[]; log: string }
  | { type: 'error'; code: string; message: string };
