/**
 * Finding the header row of a spreadsheet export: offices' files often start with a title
 * (`某县2023年残疾人基本服务状况和需求信息数据动态更新表`, `单位：人`) in one cell above the header,
 * or a unit row of two or three captions (`填报单位：某县残联`, `单位：人`). Leading rows with at most
 * one filled cell, or only such captions, are titles when a wider row follows within the first few
 * rows; the first other row is the header. A file whose rows are all that narrow (one
 * column) keeps its first row as the header.
 */

/** Title rows skipped at most before the header. */
export const MAX_TITLE_ROWS = 5;

/** A title row skipped above the header: its row number and text. */
export interface TitleRow {
  rowNumber: number;
  text: string;
}

/** The header found, the title rows above it, and rows held back while deciding (data rows of a one-column file). */
export interface HeaderFound<R> {
  rowNumber: number;
  cells: string[];
  titles: TitleRow[];
  replay: { rowNumber: number; raw: R }[];
}

const filled = (cells: readonly string[]) => cells.reduce((n, c) => (c === '' ? n : n + 1), 0);

/** A caption cell: a short label without digits, a colon, then its value (`填报单位：某县残联`, `单位：人`). */
const CAPTION = /^[^\d\s:：]{1,10}[:：]/;

/**
 * Whether a leading row is a title: at most one filled cell, or at most three that are all
 * captions (`填报单位：某县残联` beside `单位：人`). A header cell never is one (`R13：受教育程度` has digits).
 */
function isTitleRow(cells: readonly string[]): boolean {
  const n = filled(cells);
  return n <= 1 || (n <= 3 && cells.every((c) => c === '' || CAPTION.test(c)));
}

/**
 * Feed it the leading non-empty rows (trimmed cells) until it answers.
 *
 * @example
 * ```ts
 * const f = new HeaderFinder<string[]>();
 * f.push(1, ['某县残疾人动态更新数据表', '', ''], []); //=> undefined (perhaps a title)
 * f.push(2, ['姓名', '公民身份号码', 'R3 户口性质'], []); //=> { rowNumber: 2, cells: [...], titles: [{ rowNumber: 1, text: '某县残疾人动态更新数据表' }], replay: [] }
 * ```
 */
export class HeaderFinder<R> {
  private pending: { rowNumber: number; cells: string[]; raw: R }[] = [];

  push(rowNumber: number, cells: string[], raw: R): HeaderFound<R> | undefined {
    if (!isTitleRow(cells)) {
      const titles = this.pending.map((p) => ({ rowNumber: p.rowNumber, text: p.cells.filter((c) => c !== '').join(' ') }));
      this.pending = [];
      return { rowNumber, cells, titles, replay: [] };
    }
    this.pending.push({ rowNumber, cells, raw });
    return this.pending.length > MAX_TITLE_ROWS ? this.finish() : undefined;
  }

  /** At the end of the input (or of the title allowance): the first row held is the header, the others are data. */
  finish(): HeaderFound<R> | undefined {
    const [first, ...rest] = this.pending;
    this.pending = [];
    if (!first) return undefined;
    return { rowNumber: first.rowNumber, cells: first.cells, titles: [], replay: rest.map(({ rowNumber, raw }) => ({ rowNumber, raw })) };
  }
}
