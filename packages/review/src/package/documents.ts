/**
 * The documents of the submission package, as pure renderers over the summary figures: the
 * 双签字报表 (a table model shared by the XLSX writer and the printable HTML, with both signature
 * blocks and the stamp) and the pre-filled draft of the 动态更新工作总结 (Markdown and HTML, the
 * figures and tables filled, the prose left as marked blanks for the office).
 */
import { codes, DEPARTMENT_NAMES } from '@canji/form';
import { summaryErrorRate, summaryHomeVisitRate, type SummaryFigures, type SummaryUnitFigures } from './figures.js';

/** How a column's cells are typed (the XLSX writer's cell kinds). */
export type SummaryCellKind = 'text' | 'integer' | 'percent';

/** A table of a document: headers with kinds, rows of cells, an optional total row. */
export interface SummaryTable {
  title: string;
  columns: { header: string; kind: SummaryCellKind; width?: number }[];
  rows: (string | number | null)[][];
  total?: (string | number | null)[];
  /** A remark printed under the table. */
  note?: string;
}

/**
 * Who signs the 双签字报表 and who stamps it. PROVISIONAL: the mechanism names the deputy
 * secretary-general of the government (政府副秘书长) and the chair of the disabled persons'
 * federation (残联理事长), with the stamp of the working committee for disabled persons (残疾人工作委员会);
 * no official text of the form in docs/sources.md confirms the exact titles, so each block says it
 * is provisional. An office with the official form passes its own wording.
 */
export interface SummarySignatories {
  /** The two signature blocks, in print order. */
  signers: { id: string; title: string }[];
  /** The stamp block's title. */
  stamp: string;
  /** True while the wording is not confirmed by an official source. */
  provisional: boolean;
}

/**
 * The default signature blocks of the 双签字报表 for a unit (provisional wording, see
 * {@link SummarySignatories}).
 *
 * @example
 * ```ts
 * summarySignatories('长沙县').signers.map((s) => s.title); //=> ['长沙县人民政府副秘书长（签字）', '长沙县残疾人联合会理事长（签字）']
 * ```
 */
export function summarySignatories(unitName = ''): SummarySignatories {
  return {
    signers: [
      { id: 'government', title: `${unitName}人民政府副秘书长（签字）` },
      { id: 'federation', title: `${unitName}残疾人联合会理事长（签字）` },
    ],
    stamp: `${unitName}人民政府残疾人工作委员会（盖章）`,
    provisional: true,
  };
}

/** Metadata printed in the documents' heads (from the manifest being made). */
export interface DocumentMeta {
  /** 审核状态 as a reader reads it (`县级已审核`, `未记录审核状态` …). */
  approval: string;
  formVersion: string;
  ruleSetVersion: string;
  canjiVersion: string;
  /** When the documents were made. */
  createdAt: string;
  /** Units combined (a combined package): how many were added of how many received. */
  combined?: { added: number; received: number };
}

const LEVEL_UNIT: Readonly<Record<string, string>> = { province: '省', prefecture: '市（州）', county: '县（市、区）', township: '乡镇（街道）', village: '村（社区）' };

/** The 调查方式 codes with their labels, from `@canji/form` (provisional ones marked). */
function modeColumns(): { code: string; label: string }[] {
  return codes.collectionMode.entries.map((e) => ({ code: String(e.code), label: 'provisional' in e && e.provisional ? `${e.label}*` : e.label }));
}

const otherModes = (u: SummaryUnitFigures, known: readonly string[]) => Object.entries(u.modes).reduce((s, [k, v]) => (known.includes(k) ? s : s + v), 0);

/** The row of one unit in the summary table. */
function unitRow(u: SummaryUnitFigures, modes: readonly string[]): (string | number | null)[] {
  return [u.code, u.name ?? (u.code ? '' : '地区不详'), u.persons, ...modes.map((m) => u.modes[m] ?? 0), otherModes(u, modes), summaryHomeVisitRate(u), u.withErrors, summaryErrorRate(u), u.withWarnings];
}

/**
 * The tables of the 双签字报表: the figures by unit (persons, each 调查方式, 入户调查率, records with
 * errors and warnings) with the total row, and — once returned lists were read — the department
 * verification status. One model for the XLSX and the printed HTML.
 *
 * @example
 * ```ts
 * summaryTables(figures)[0]!.columns.map((c) => c.header).slice(0, 4); //=> ['单位代码', '单位名称', '人数', '入户调查']
 * ```
 */
export function summaryTables(f: SummaryFigures): SummaryTable[] {
  const modes = modeColumns();
  const codesShown = modes.map((m) => m.code);
  const byUnit: SummaryTable = {
    title: `按${LEVEL_UNIT[f.rowLevel] ?? '单位'}汇总`,
    columns: [
      { header: '单位代码', kind: 'text', width: 14 },
      { header: '单位名称', kind: 'text', width: 26 },
      { header: '人数', kind: 'integer', width: 10 },
      ...modes.map((m) => ({ header: m.label, kind: 'integer' as const, width: 10 })),
      { header: '调查方式未填或其他', kind: 'integer', width: 12 },
      { header: '入户调查率', kind: 'percent', width: 11 },
      { header: '有错误记录', kind: 'integer', width: 11 },
      { header: '错误率', kind: 'percent', width: 9 },
      { header: '有警告记录', kind: 'integer', width: 11 },
    ],
    rows: f.rows.map((u) => unitRow(u, codesShown)),
    total: ['合计', f.total.name ?? '', ...unitRow(f.total, codesShown).slice(2)],
    note: [
      modes.some((m) => m.label.endsWith('*')) ? '* 代码为推断（暂定），见 @canji/form 调查方式代码表。' : '',
      f.householdVisitTarget ? `入户调查率要求：不低于 ${pctText(f.householdVisitTarget.rate)}（${f.householdVisitTarget.document}${f.householdVisitTarget.unverified ? '，未经核实' : ''}）。` : '',
      f.unreadable ? `另有 ${f.unreadable} 条无法读取的记录未计入人数（见数据校验报告）。` : '',
    ]
      .filter(Boolean)
      .join(''),
  };
  const tables = [byUnit];
  if (f.verification) {
    tables.push({
      title: '部门比对核实情况',
      columns: [
        { header: '部门', kind: 'text', width: 30 },
        { header: '发出待核实', kind: 'integer', width: 12 },
        { header: '已答复', kind: 'integer', width: 10 },
        { header: '未结', kind: 'integer', width: 10 },
        { header: '办结率', kind: 'percent', width: 10 },
      ],
      rows: f.verification.map((d) => [DEPARTMENT_NAMES[d.department] ?? d.department, d.sent, d.answered, d.open, d.sent ? (d.sent - d.open) / d.sent : null]),
    });
  }
  return tables;
}

/** The 双签字报表's title for a unit and round. */
export function summaryTitle(f: SummaryFigures): string {
  return `${f.unit.name ?? f.unit.code}${f.round ? ` ${f.round} 年度` : ''}残疾人基本服务状况和需求信息数据动态更新汇总表`;
}

const pctText = (v: number) => `${(v * 100).toFixed(1)}%`;

/** A cell as text, the way both documents print it. */
export function cellText(v: string | number | null, kind: SummaryCellKind): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return kind === 'percent' ? pctText(v) : String(v);
  return v;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function tableHtml(t: SummaryTable): string {
  const cls = (k: SummaryCellKind) => (k === 'text' ? '' : ' class="n"');
  const total = t.columns.reduce((s, c) => s + (c.width ?? 10), 0);
  const cols = t.columns.map((c) => `<col style="width:${(((c.width ?? 10) / total) * 100).toFixed(2)}%">`).join('');
  const row = (r: (string | number | null)[], tr = '<tr>') => `${tr}${r.map((v, i) => `<td${cls(t.columns[i]!.kind)}>${esc(cellText(v, t.columns[i]!.kind))}</td>`).join('')}</tr>`;
  return [
    `<h2>${esc(t.title)}</h2>`,
    `<table><colgroup>${cols}</colgroup><thead><tr>${t.columns.map((c) => `<th>${esc(c.header)}</th>`).join('')}</tr></thead><tbody>`,
    ...t.rows.map((r) => row(r)),
    ...(t.total ? [row(t.total, '<tr class="total">')] : []),
    '</tbody></table>',
    ...(t.note ? [`<p class="note">${esc(t.note)}</p>`] : []),
  ].join('\n');
}

const SUMMARY_CSS = [
  '@page{size:A4 landscape;margin:12mm 12mm 14mm;@bottom-center{content:"第 " counter(page) " 页 / 共 " counter(pages) " 页";font-size:8pt;color:#555}}',
  'body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",SimSun,sans-serif;font-size:12px;color:#111;margin:16px auto;max-width:273mm;line-height:1.4}',
  'h1{font-size:18px;text-align:center;margin:0 0 8px}h2{font-size:14px;margin:12px 0 4px;break-after:avoid}',
  'table{border-collapse:collapse;width:100%;table-layout:fixed;margin:2px 0 6px}th,td{border:1px solid #444;padding:3px 4px;text-align:left;vertical-align:middle;overflow-wrap:anywhere}',
  'th{background:#eee;font-weight:600;text-align:center}thead{display:table-header-group}tr{break-inside:avoid}td.n{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:700;background:#f6f6f6}',
  'table.meta{width:100%;margin-bottom:4px}table.meta td{border:none;padding:1px 6px 1px 0}.note{color:#444;font-size:11px;margin:2px 0}',
  'section.sign{break-inside:avoid;display:flex;gap:8mm;margin-top:10mm}.signer{flex:1;border:1px solid #444;padding:4mm;min-height:30mm}.signer .line{margin-top:12mm;border-bottom:1px solid #444}.signer .date{margin-top:5mm}',
  '.stamp{flex:1;border:1px dashed #444;padding:4mm;min-height:30mm;text-align:center}.stamp .circle{margin:3mm auto 0;width:28mm;height:28mm;border:1px dashed #999;border-radius:50%}',
  '.provisional{font-size:10px;color:#9a6700;margin-top:3mm}',
  // In print the table, the signatures and the stamp fit one A4 landscape page for a county of ~20 townships.
  '@media print{body{margin:0;max-width:none;font-size:8.5pt;line-height:1.25}table{font-size:8pt}th,td{padding:1px 3px}h1{font-size:13pt;margin-bottom:4px}h2{font-size:10pt;margin:6px 0 2px}',
  'section.sign{margin-top:4mm}.signer,.stamp{min-height:24mm;padding:2.5mm}.signer .line{margin-top:8mm}.signer .date{margin-top:3mm}.stamp .circle{width:20mm;height:20mm;margin-top:1mm}.provisional{margin-top:1.5mm}}',
].join('\n');

/**
 * The printable 双签字报表 (HTML, A4 landscape): title, the unit, round, 标准时点 and approval state,
 * the tables of {@link summaryTables}, then the two signature blocks and the stamp box, kept on one
 * page. Print it with headless Chromium (`canji package build` writes the PDF).
 *
 * @example
 * ```ts
 * renderSummaryHtml(figures, meta).includes('残疾人联合会理事长（签字）'); //=> true
 * ```
 */
export function renderSummaryHtml(f: SummaryFigures, meta: DocumentMeta, signatories: SummarySignatories = summarySignatories(f.unit.name)): string {
  const metaRows: [string, string][] = [
    ['填报单位', `${f.unit.name ?? ''}（${f.unit.code}）`],
    ['年度', f.round || '—'],
    ['标准时点', f.referenceDate ?? '—'],
    ['审核状态', meta.approval],
    ['登记表版本', meta.formVersion],
    ['规则集', meta.ruleSetVersion],
    ['制表', `canji ${meta.canjiVersion}，${meta.createdAt}`],
    ...(meta.combined ? [['汇总下级单位', `${meta.combined.added} 个（收到 ${meta.combined.received} 个上报包）`] as [string, string]] : []),
  ];
  const meta3: string[] = [];
  for (let i = 0; i < metaRows.length; i += 4) meta3.push(`<tr>${metaRows.slice(i, i + 4).map(([k, v]) => `<td><b>${esc(k)}</b>：${esc(v)}</td>`).join('')}</tr>`);
  const signers = signatories.signers.map((s) => `<div class="signer" data-signer="${esc(s.id)}"><div>${esc(s.title)}：</div><div class="line"></div><div class="date">日期：　　　　年　　月　　日</div></div>`).join('');
  return [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${esc(summaryTitle(f))}</title>`,
    `<style>${SUMMARY_CSS}</style></head><body>`,
    `<h1>${esc(summaryTitle(f))}</h1>`,
    `<table class="meta">${meta3.join('')}</table>`,
    ...summaryTables(f).map(tableHtml),
    `<section class="sign">${signers}<div class="stamp" data-stamp><div>${esc(signatories.stamp)}</div><div class="circle"></div></div></section>`,
    ...(signatories.provisional ? ['<p class="provisional">签字栏与盖章栏的称谓为暂定：未见正式表样原文，以上级通知的表样为准。</p>'] : []),
    '</body></html>',
  ].join('\n');
}

/** One block of the work summary draft. */
export type WorkSummaryBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'blank'; prompt: string }
  | { kind: 'table'; table: SummaryTable };

/** The marker of a blank the office fills, the same in Markdown and HTML. */
export const BLANK_MARK = '【待填写】';

/**
 * The draft of the 动态更新工作总结 as blocks: the figures written out (persons, home visits and the
 * rate against its requirement, records with errors, department verification) and their tables;
 * the prose the office writes (organisation, problems, next steps) as blanks marked
 * {@link BLANK_MARK}.
 *
 * @example
 * ```ts
 * workSummaryBlocks(figures).filter((b) => b.kind === 'blank').length; //=> 5
 * ```
 */
export function workSummaryBlocks(f: SummaryFigures): WorkSummaryBlock[] {
  const t = f.total;
  const [byUnit, verification] = summaryTables(f);
  const rate = summaryHomeVisitRate(t);
  const target = f.householdVisitTarget;
  const below = f.rows.filter((u) => u.persons > 0 && target && summaryHomeVisitRate(u) < target.rate);
  const blocks: WorkSummaryBlock[] = [
    { kind: 'heading', text: `${f.unit.name ?? f.unit.code}${f.round ? ` ${f.round} 年度` : ''}残疾人基本服务状况和需求信息数据动态更新工作总结（草稿）` },
    { kind: 'paragraph', text: '本草稿由 canji 按上报数据生成：数字和表格已填好，标为待填写的段落由动态更新办公室撰写，定稿前请删去本说明。' },
    { kind: 'heading', text: '一、基本情况' },
    {
      kind: 'paragraph',
      text:
        `截至标准时点 ${f.referenceDate ?? '（未注明）'}，本${LEVEL_UNIT[levelAbove(f.rowLevel)] ?? '单位'}共完成 ${t.persons} 名持证残疾人的基本服务状况和需求信息数据动态更新，` +
        `涉及 ${f.rows.filter((u) => u.code !== '').length} 个${LEVEL_UNIT[f.rowLevel] ?? '单位'}。其中入户调查 ${t.homeVisits} 人，入户调查率 ${pctText(rate)}` +
        (target ? `，${rate >= target.rate ? '达到' : '未达到'}不低于 ${pctText(target.rate)} 的要求（${target.document}）` : '') +
        '。' +
        (below.length ? `入户调查率低于要求的有 ${below.map((u) => u.name ?? u.code).join('、')}。` : ''),
    },
    { kind: 'table', table: byUnit! },
    { kind: 'heading', text: '二、组织实施' },
    { kind: 'blank', prompt: '领导重视、部门协作、经费保障、培训和宣传、采集进度安排等情况。' },
    { kind: 'heading', text: '三、数据质量' },
    {
      kind: 'paragraph',
      text: `经 canji 数据校验，有错误的记录 ${t.withErrors} 条（${pctText(summaryErrorRate(t))}），有警告的记录 ${t.withWarnings} 条${f.unreadable ? `，无法读取的记录 ${f.unreadable} 条` : ''}；逐条规则的结果见随附的数据校验报告。`,
    },
    { kind: 'blank', prompt: '质量控制措施（审核、抽查复核、督导）及错误记录的更正情况。' },
    { kind: 'heading', text: '四、部门比对核实' },
  ];
  if (verification && f.verification) {
    const sent = f.verification.reduce((s, d) => s + d.sent, 0);
    const open = f.verification.reduce((s, d) => s + d.open, 0);
    blocks.push({ kind: 'paragraph', text: `与 ${f.verification.length} 个部门比对，发出待核实差异 ${sent} 条，已办结 ${sent - open} 条，未结 ${open} 条（转入下一轮）。` }, { kind: 'table', table: verification });
  } else {
    blocks.push({ kind: 'paragraph', text: '制作上报包时未读取部门返回的核实结果（数据校验报告中列有发给各部门的待核实差异）。' });
  }
  blocks.push(
    { kind: 'blank', prompt: '部门比对发现的主要问题和处理情况。' },
    { kind: 'heading', text: '五、存在的问题' },
    { kind: 'blank', prompt: '工作中存在的主要问题和困难。' },
    { kind: 'heading', text: '六、下一步工作' },
    { kind: 'blank', prompt: '下一步工作打算和建议。' },
  );
  return blocks;
}

const levelAbove = (rowLevel: string): string => ({ village: 'township', township: 'county', county: 'prefecture', prefecture: 'province' })[rowLevel] ?? '';

const mdEsc = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The work summary draft as Markdown (for an office that edits text; opens in WPS or Typora): the
 * blocks of {@link workSummaryBlocks}, tables as pipe tables, blanks as `【待填写】` quotes.
 *
 * @example
 * ```ts
 * renderWorkSummaryMarkdown(figures).startsWith('# '); //=> true
 * ```
 */
export function renderWorkSummaryMarkdown(f: SummaryFigures): string {
  const out: string[] = [];
  let first = true;
  for (const b of workSummaryBlocks(f)) {
    switch (b.kind) {
      case 'heading':
        out.push(`${first ? '#' : '##'} ${b.text}`, '');
        first = false;
        break;
      case 'paragraph':
        out.push(b.text, '');
        break;
      case 'blank':
        out.push(`> ${BLANK_MARK}${b.prompt}`, '');
        break;
      case 'table': {
        const t = b.table;
        out.push(`**${t.title}**`, '', `| ${t.columns.map((c) => mdEsc(c.header)).join(' | ')} |`, `| ${t.columns.map((c) => (c.kind === 'text' ? '---' : '---:')).join(' | ')} |`);
        for (const r of [...t.rows, ...(t.total ? [t.total] : [])]) out.push(`| ${r.map((v, i) => mdEsc(cellText(v, t.columns[i]!.kind))).join(' | ')} |`);
        out.push('');
        if (t.note) out.push(t.note, '');
      }
    }
  }
  return out.join('\n');
}

const WORK_CSS = [
  '@page{size:A4;margin:20mm 18mm;@bottom-center{content:"第 " counter(page) " 页 / 共 " counter(pages) " 页";font-size:8pt;color:#555}}',
  'body{font-family:"Noto Serif CJK SC","Source Han Serif SC",SimSun,"Noto Sans CJK SC",serif;font-size:14px;color:#111;margin:20px auto;max-width:174mm;line-height:1.7}',
  'h1{font-size:19px;text-align:center}h2{font-size:15px;margin:14px 0 4px;break-after:avoid}p{text-indent:2em;margin:4px 0}',
  'table{border-collapse:collapse;width:100%;table-layout:fixed;margin:4px 0 8px;font-size:11px;line-height:1.35}th,td{border:1px solid #444;padding:2px 3px;overflow-wrap:anywhere}th{background:#eee}td.n{text-align:right}tr.total td{font-weight:700}tr{break-inside:avoid}',
  '.blank{border:1px dashed #b07800;background:#fff8e6;color:#7a5200;padding:6px 8px;margin:6px 0;min-height:18mm;text-indent:0}.note{font-size:11px;color:#444;text-indent:0}',
].join('\n');

/**
 * The work summary draft as printable HTML (A4 portrait), the same blocks as the Markdown; each
 * blank a dashed box marked `【待填写】` (`class="blank"`).
 *
 * @example
 * ```ts
 * renderWorkSummaryHtml(figures).includes('class="blank"'); //=> true
 * ```
 */
export function renderWorkSummaryHtml(f: SummaryFigures): string {
  const body: string[] = [];
  let first = true;
  for (const b of workSummaryBlocks(f)) {
    if (b.kind === 'heading') {
      body.push(first ? `<h1>${esc(b.text)}</h1>` : `<h2>${esc(b.text)}</h2>`);
      first = false;
    } else if (b.kind === 'paragraph') body.push(`<p>${esc(b.text)}</p>`);
    else if (b.kind === 'blank') body.push(`<div class="blank">${BLANK_MARK}${esc(b.prompt)}</div>`);
    else body.push(tableHtml(b.table).replace(/^<h2>(.*)<\/h2>/, '<p class="note"><b>$1</b></p>'));
  }
  return ['<!doctype html>', '<html lang="zh-CN"><head><meta charset="utf-8">', `<title>${esc(summaryTitle(f).replace('汇总表', '工作总结（草稿）'))}</title>`, `<style>${WORK_CSS}</style></head><body>`, ...body, '</body></html>'].join('\n');
}
