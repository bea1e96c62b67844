/**
 * The round-to-round reconciliation part of the report (`report.rounds`) as tables, built once and
 * rendered by every format: HTML and Markdown here, the CLI's workbook from the same
 * {@link roundsTables} (so the printed report and the spreadsheet never disagree).
 */
import { REGION_LEVEL_NAMES, type ReportRoundChangeRow, type ReportRoundRate, type ReportRounds, type ReportRoundSource } from '../report.js';
import { pct } from './pct.js';

/** A cell of a reconciliation table: text, a count, or a share (with its flag against the rest of the county). */
export type RoundsCell = string | number | { rate: number | null; count: number; flag: 'low' | 'high' | null } | null;

/** One table of the reconciliation part, in the order the report prints them. */
export interface RoundsTable {
  /** Stable id: `sources`, `classes`, `exits`, `changes`, `collectors`. */
  id: 'sources' | 'classes' | 'exits' | 'changes' | 'collectors';
  /** zh-CN title. */
  title: string;
  columns: { header: string; kind: 'text' | 'integer' | 'percent' }[];
  rows: RoundsCell[][];
  /** zh-CN note printed under the table. */
  note?: string;
}

const FLAG_ZH = { low: '偏低', high: '偏高' } as const;
const KEY_ZH: Record<string, string> = { 'resident-id': '公民身份号码', 'certificate-no': '残疾人证号', custom: '调用方提供的标识（如化名）' };

function sourceRow(label: string, s: ReportRoundSource | null): RoundsCell[] | null {
  if (!s) return null;
  return [label, s.read, s.persons, s.duplicates ?? s.merged ?? 0, s.unkeyed];
}

const unitLabel = (u: { unit: string | null; name?: string }) => (u.unit === null ? '地区不详' : u.unit);
const rate = (r: ReportRoundRate): RoundsCell => ({ rate: r.rate, count: r.count, flag: r.flag });

/**
 * The reconciliation as tables: sources read, persons by class per unit, exits by reason per
 * unit, change rates per unit (by section of the form, any change, identical to last round), and
 * per collector — each with zh-CN headers and notes.
 *
 * @example
 * ```ts
 * import { roundsTables } from '@canji/rules';
 * roundsTables(report.rounds!).map((t) => t.id); //=> ['sources', 'classes', 'exits', 'changes', 'collectors']
 * ```
 */
export function roundsTables(r: ReportRounds): RoundsTable[] {
  const level = REGION_LEVEL_NAMES[r.regionLevel];
  const tables: RoundsTable[] = [];
  const src = [
    sourceRow('本轮数据', r.sources.current),
    sourceRow(`上一轮数据（${r.formVersions.previous} 版）`, r.sources.previous),
    sourceRow('残疾人证底册', r.sources.roster),
    sourceRow('公安户籍数据', r.sources.publicSecurity),
  ].filter((x): x is RoundsCell[] => x !== null);
  const roster = r.sources.roster;
  tables.push({
    id: 'sources',
    title: '比对所用数据',
    columns: [{ header: '数据', kind: 'text' }, { header: '读取行数', kind: 'integer' }, { header: '人数', kind: 'integer' }, { header: '重复（底册：合并）', kind: 'integer' }, { header: '无可用标识', kind: 'integer' }],
    rows: src,
    note:
      `按${KEY_ZH[r.key] ?? r.key}匹配；标准时点 ${r.asOf}。读取行数 = 人数 + 重复 + 无可用标识。` +
      (roster ? `底册中两轮都没有且证件无效的 ${roster.inactive ?? 0} 人、地区在本批次范围外的 ${roster.outsideScope ?? 0} 人不计入。` : '未提供底册：不能判断“本轮未更新”和“无有效证件”。'),
  });
  const classCols = r.classes.map((c) => ({ header: c.label, kind: 'integer' as const }));
  const classRow = (u: ReportRounds['total'], label: string, name: string): RoundsCell[] => [label, name, u.persons, ...r.classes.map((c) => u.byClass[c.id] ?? 0)];
  tables.push({
    id: 'classes',
    title: `人员分类（按${level}）`,
    columns: [{ header: '地区代码', kind: 'text' }, { header: '地区', kind: 'text' }, { header: '合计', kind: 'integer' }, ...classCols],
    rows: [...r.units.map((u) => classRow(u, unitLabel(u), u.name ?? '')), classRow(r.total, '合计', r.total.name ?? '')],
    note: '每人只归入一类：合计 = 各类之和。“底册有效持证、本轮未更新”是应入户而未更新的人，名单另行发给各乡镇。',
  });
  const exited = r.total.byClass.exited ?? 0;
  if (exited > 0 || r.sources.previous) {
    tables.push({
      id: 'exits',
      title: `退出原因（按${level}）`,
      columns: [{ header: '地区代码', kind: 'text' }, { header: '地区', kind: 'text' }, { header: '退出合计', kind: 'integer' }, ...r.exitReasons.map((e) => ({ header: e.label, kind: 'integer' as const }))],
      rows: [...r.units, r.total].filter((u) => (u.byClass.exited ?? 0) > 0 || u === r.total).map((u) => [u === r.total ? '合计' : unitLabel(u), u.name ?? '', u.byClass.exited ?? 0, ...r.exitReasons.map((e) => u.exitedBy[e.id] ?? 0)]),
      note: '退出原因按数据能支持的判断：死亡（公安户籍、核查状态或底册注销原因）、迁出（公安户籍、底册或新地区在本批次范围外）、证件注销、证件过期；“原因不明”是上一轮有、本轮没有且无任何数据说明原因的人。',
    });
  }
  const ch = r.changes;
  if (ch) {
    const flags = (c: ReportRoundChangeRow): string =>
      [
        ...ch.sections.flatMap((s) => {
          const f = c.changed?.[s.id]?.flag;
          return f ? [`${s.label}${FLAG_ZH[f]}`] : [];
        }),
        ...(c.anyChange.flag ? [`任一项变化${FLAG_ZH[c.anyChange.flag]}`] : []),
        ...(c.identical.flag ? [`完全相同${FLAG_ZH[c.identical.flag]}`] : []),
      ].join('；');
    const changeRow = (c: ReportRoundChangeRow, label: string): RoundsCell[] => [label, c.name ?? '', c.compared, ...ch.sections.map((s) => (c.changed?.[s.id] ? rate(c.changed[s.id]!) : null)), rate(c.anyChange), rate(c.identical), flags(c)];
    tables.push({
      id: 'changes',
      title: `与上一轮相比的变化比例（按${level}）`,
      columns: [
        { header: '地区代码', kind: 'text' },
        { header: '地区', kind: 'text' },
        { header: '比较人数', kind: 'integer' },
        ...ch.sections.map((s) => ({ header: s.label, kind: 'percent' as const })),
        { header: '任一项变化', kind: 'percent' },
        { header: '与上一轮完全相同', kind: 'percent' },
        { header: '偏离', kind: 'text' },
      ],
      rows: [...ch.units.map((u) => changeRow(u, unitLabel(u))), changeRow(ch.total, '合计')],
      note: `${ch.method}（阈值 |z| ≥ ${ch.outlierZ}，最少 ${ch.minCompared} 人）`,
    });
    if (ch.collectors?.length) {
      tables.push({
        id: 'collectors',
        title: '各采集员与上一轮完全相同的比例',
        columns: [{ header: '所在县', kind: 'text' }, { header: '采集员（已脱敏）', kind: 'text' }, { header: '比较人数', kind: 'integer' }, { header: '任一项变化', kind: 'percent' }, { header: '与上一轮完全相同', kind: 'percent' }, { header: '偏离', kind: 'text' }],
        rows: ch.collectors.map((c) => [unitLabel(c), c.collector ?? '', c.compared, rate(c.anyChange), rate(c.identical), flags(c)]),
        note: '与上一轮完全相同：所有比较的题目与上一轮一字不差，可能未入户而照抄上一年（应抽查复核）。',
      });
    }
  }
  return tables;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A cell as text: counts as digits, shares as `12.3%` (`—` when nobody was compared) with `↑`/`↓` and 偏高/偏低 when flagged. */
export function roundsCellText(c: RoundsCell): string {
  if (c === null) return '—';
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return String(c);
  if (c.rate === null) return '—';
  return `${pct(c.rate)}${c.flag ? (c.flag === 'high' ? '↑' : '↓') : ''}`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** @internal The reconciliation section of the HTML report (`''` without `report.rounds`). */
export function roundsHtml(r: ReportRounds | undefined, heading: string, leadHtml = ''): string {
  if (!r) return '';
  const parts = [`<h2>${esc(heading)}</h2>`, leadHtml];
  if (!r.checks.ok) parts.push(`<p class="note">注意：分类计数未能相互核对（${esc(r.checks.problems.join('；'))}），请报告此问题。</p>`);
  for (const t of roundsTables(r)) {
    const head = t.columns.map((c) => `<th>${esc(c.header)}</th>`).join('');
    const body = t.rows
      .map((row) => `<tr>${row.map((c, i) => {
        const kind = t.columns[i]!.kind;
        const cls = kind === 'text' ? '' : ' class="n"';
        const flagged = c !== null && typeof c === 'object' && c.flag ? ` title="${c.flag === 'high' ? '偏高' : '偏低'}"` : '';
        return `<td${cls}${flagged}>${esc(roundsCellText(c))}</td>`;
      }).join('')}</tr>`)
      .join('');
    // Fixed widths for the code and name columns (mm); the counts and shares share the rest.
    const widths: Record<string, string> = { 地区代码: '20', 地区: '26', 所在县: '18', '采集员（已脱敏）': '26', 数据: '40', 偏离: '30' };
    const cols = t.columns.map((c) => (widths[c.header] ? `<col style="width:${widths[c.header]}mm">` : '<col>')).join('');
    parts.push(`<h3>${esc(t.title)}</h3><table class="rounds rounds-${t.id}"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`);
    if (t.note) parts.push(`<p class="note">${esc(t.note)}</p>`);
  }
  if (r.lists) parts.push(`<p class="note">需要处理的人员名单（${r.lists.persons} 人）另行写出，不在本报告打印：${esc(r.lists.files.join('、'))}。</p>`);
  return parts.join('');
}

/** @internal The reconciliation section of the Markdown report (`[]` without `report.rounds`). */
export function roundsMarkdown(r: ReportRounds | undefined): string[] {
  if (!r) return [];
  const out = ['## 与上一轮和底册比对', ''];
  if (!r.checks.ok) out.push(`注意：分类计数未能相互核对（${mdCell(r.checks.problems.join('；'))}），请报告此问题。`, '');
  for (const t of roundsTables(r)) {
    out.push(`### ${t.title}`, '', `| ${t.columns.map((c) => mdCell(c.header)).join(' | ')} |`, `| ${t.columns.map((c) => (c.kind === 'text' ? '---' : '---:')).join(' | ')} |`);
    for (const row of t.rows) out.push(`| ${row.map((c) => mdCell(roundsCellText(c))).join(' | ')} |`);
    out.push('');
    if (t.note) out.push(t.note, '');
  }
  if (r.lists) out.push(`需要处理的人员名单（${r.lists.persons} 人）另行写出：${mdCell(r.lists.files.join('、'))}。`, '');
  return out;
}
