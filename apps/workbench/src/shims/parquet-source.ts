/**
 * The page reads no Parquet (hyparquet's fast snappy is WebAssembly, which the page's CSP does not
 * allow, and platform exports are larger than a page should hold): same exports as the CLI's
 * `parquet-source.ts`, refusing with a zh-CN message.
 */
import type { RowItem } from '../../../../packages/cli/src/chunks.js';

function refused(): never {
  throw Object.assign(new Error('浏览器版不读 Parquet 文件：请用命令行 canji check，或把数据另存为 CSV'), { code: 'WORKBENCH_UNAVAILABLE' });
}
export function parquetCellText(): string {
  return refused();
}
// eslint-disable-next-line require-yield
export async function* parquetItems(): AsyncGenerator<RowItem> {
  refused();
}
