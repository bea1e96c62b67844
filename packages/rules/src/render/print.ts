/**
 * The stylesheet of the HTML report, screen and A4 print. In print: A4 with margins and a page
 * number in the bottom margin (CSS page margin boxes, Chromium ≥ 131), every table with fixed
 * column widths (`table-layout: fixed` and a `<colgroup>` per table, so no column collapses to
 * one character per line), header rows repeated on each page, rows and the signature block never
 * split across pages.
 */
export const PRINT_CSS = [
  '@page{size:A4;margin:14mm 13mm 16mm;@bottom-center{content:"第 " counter(page) " 页 / 共 " counter(pages) " 页";font-size:8pt;color:#555}}',
  'body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",SimSun,sans-serif;font-size:13px;color:#222;margin:24px auto;max-width:190mm;line-height:1.45}',
  'h1{font-size:19px;text-align:center;margin:0 0 10px}h2{font-size:15px;border-bottom:1px solid #999;margin:16px 0 6px;break-after:avoid}h3{font-size:13px;margin:10px 0 4px;break-after:avoid}',
  'table{border-collapse:collapse;width:100%;table-layout:fixed;margin:4px 0 8px}th,td{border:1px solid #bbb;padding:2px 4px;text-align:left;vertical-align:top;overflow-wrap:anywhere}',
  'th{background:#f0f0f0;font-weight:600}thead{display:table-header-group}tr{break-inside:avoid}',
  'td.n{text-align:right;font-variant-numeric:tabular-nums}td.id,span.id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:10px;word-break:break-all}',
  '.error{color:#b03a2e;font-weight:bold}.warning{color:#9a6700}tr.total td{font-weight:600;background:#fafafa}',
  'table.meta th{width:auto;background:#fafafa;text-align:left}td.hash{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:10px;word-break:break-all}',
  'table.overview{width:100mm}.legend{font-size:11px;color:#555}.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}',
  'figure{margin:4px 0;break-inside:avoid}svg{max-width:100%;height:auto}.note{color:#555;font-size:11px}p.quiet{margin:4px 0 8px}',
  'table.rounds{font-size:11px}table.rounds th{font-size:10px;font-weight:600}table.rounds-changes td,table.rounds-changes th{padding:2px 2px}',
  'section.sign{break-inside:avoid;margin-top:18px}table.sign td,table.sign th{height:16mm;vertical-align:middle}',
  '@media print{body{margin:0;max-width:none;font-size:9.5pt}table{font-size:8.5pt}table.rounds{font-size:7.5pt}table.rounds th{font-size:7pt}td.id,span.id,td.hash{font-size:7.5pt}span.id{color:#555}.note{font-size:8pt}h1{font-size:15pt}h2{font-size:11.5pt}h3{font-size:10pt}}',
].join('\n');
