/**
 * The browser's side of `packages/cli/src/xlsx-container.ts`: the workbook is loaded whole by
 * exceljs in the worker (see `xlsx-engine.ts`), so the container check is its first bytes only —
 * a ZIP archive — and a broken workbook is the loader's error (`XLSX_CORRUPT`).
 */
import { memfs } from './memfs.js';

export async function checkXlsxContainer(path: string): Promise<{ code: string; message: string } | undefined> {
  const b = memfs.read(path);
  if (b.byteLength < 22 || b[0] !== 0x50 || b[1] !== 0x4b) return { code: 'XLSX_TRUNCATED', message: `工作簿“${path.replace(/^\/in\//, '')}”不完整或已损坏：请在 Excel/WPS 中打开并重新保存` };
  return undefined;
}
