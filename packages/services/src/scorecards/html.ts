/** Small HTML helpers shared by the printable scorecard, satisfaction and briefing documents (A4, print CSS, no script). */

/** Escapes text for HTML. */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A share as a percentage with one decimal (`91.2%`), `无数据` for null. */
export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '无数据' : `${(v * 100).toFixed(digits)}%`;
}

/** A number with `digits` decimals, `—` for null. */
export function fixed(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

/** The print style of every document of this module: A4 portrait, 13 mm margins, CJK fonts, tables that break between rows. */
export const PRINT_CSS = `
@page { size: A4; margin: 13mm; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; font-size: 10pt; color: #111; margin: 0; line-height: 1.45; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; border-bottom: 1px solid #444; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
p { margin: 1mm 0; }
.meta { color: #333; font-size: 9pt; }
.note { color: #444; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0 3mm; font-size: 8.5pt; }
th, td { border: 1px solid #999; padding: 0.8mm 1.4mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
.card { break-inside: avoid; }
.nodata { color: #777; }
.bad { color: #b00020; font-weight: 600; }
.good { color: #1b5e20; }
.charts { display: flex; flex-wrap: wrap; gap: 3mm; }
.charts svg { max-width: 100%; height: auto; }
.page-break { break-before: page; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } }
`;

/** A whole HTML document. */
export function htmlDocument(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${PRINT_CSS}</style></head><body>\n${body}\n</body></html>\n`;
}
