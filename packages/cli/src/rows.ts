/** What a row source reads: cells, and why a row could not be read. */

/** A cell as read: text from CSV, typed values from XLSX and JSON Lines. */
export type Cell = string | number | boolean | null | undefined | readonly unknown[];

/** Why a row could not be read. `code` is stable, `message` zh-CN. */
export interface RowError {
  code: string;
  message: string;
  /** Column (as headed in the file) the problem is in, when it is in one. */
  column?: string;
}
