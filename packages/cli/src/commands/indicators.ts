/**
 * `canji indicators <file>`: the coverage and need indicators of `@canji/indicators` in one pass
 * over the file, broken down by region level, category, sex …, each against its target.
 */
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { PersonFormVersion } from '@canji/form';
import { getRegion } from '@canji/regions';
import {
  BUILTIN_PERSON_INDICATORS,
  createIndicatorCalculator,
  groupValueLabel,
  indicatorResultToJson,
  indicatorRowsToCsv,
  withTarget,
  type Dimension,
  type IndicatorResult,
} from '@canji/indicators';
import type { TextEncoding } from '../encoding.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { parseFormOption } from '../form-version.js';
import { assertAsOf } from '../as-of.js';
import { printReadSummary, readPersonRecords } from '../read.js';
import type { FileFormat } from '../sources.js';

export interface IndicatorsOptions {
  asOf: string;
  by: string;
  indicators?: string;
  target: string[];
  minCell?: string;
  out?: string;
  /** `--form 2016|2017|2021`; absent: recognised from the header. */
  form?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  quiet: boolean;
}

const DIMENSIONS = ['province', 'prefecture', 'county', 'township', 'village', 'category', 'level', 'sex', 'hukou', 'age'] as const;
const regionName = (code: string) => getRegion(code)?.fullName;

function parseDims(by: string): Dimension[] {
  if (!by.trim()) return [];
  return by.split(/[,，]/).map((d) => {
    const t = d.trim();
    if (!(DIMENSIONS as readonly string[]).includes(t)) throw new CliError('USAGE_BY', `未知分组“${t}”：可用 ${DIMENSIONS.join('、')}`);
    return t as Dimension;
  });
}

function pickIndicators(ids: string | undefined, targets: string[]) {
  let list = [...BUILTIN_PERSON_INDICATORS];
  if (ids) {
    const want = ids.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
    for (const id of want) if (!list.some((i) => i.id === id)) throw new CliError('USAGE_INDICATOR', `未知指标“${id}”：可用 ${list.map((i) => i.id).join('、')}`);
    list = list.filter((i) => want.includes(i.id));
  }
  for (const t of targets) {
    const m = /^([a-z0-9-]+)\s*(>=|<=|=)\s*(\d+(?:\.\d+)?)$/.exec(t.trim());
    if (!m) throw new CliError('USAGE_TARGET', `--target 的写法是 指标编号=目标值，例如 household-visit-rate=95（收到“${t}”）`);
    const i = list.findIndex((x) => x.id === m[1]);
    if (i < 0) throw new CliError('USAGE_INDICATOR', `--target 中的指标“${m[1]}”不在所算的指标中`);
    list[i] = withTarget(list[i]!, { value: Number(m[3]), comparison: m[2] === '<=' ? '<=' : '>=', source: '命令行 --target' });
  }
  return list;
}

const pct = (v: number | null, unit: string) => (v === null ? '—' : `${v.toFixed(1)}${unit === '%' ? '%' : ` ${unit}`}`);

/** The result as a Markdown table (also what the terminal shows). */
export function indicatorsMarkdown(res: IndicatorResult): string {
  const names = new Map(res.indicators.map((i) => [i.id, i]));
  const out = [`# 指标（参照日期 ${res.asOf}，${res.records} 条记录）`, ''];
  for (const ind of res.indicators) {
    out.push(`## ${ind.name}（${ind.id}）`, '', `${ind.description}`, '', ind.target ? `目标：${ind.target.comparison} ${ind.target.value}${ind.unit}（${ind.target.source}）` : '无目标值', '');
    out.push('| 分组 | 分子 | 分母 | 未答 | 值 | 95% 区间 | 对照目标 |', '|---|---:|---:|---:|---:|---|---|');
    for (const r of res.rows) {
      if (r.indicator !== ind.id) continue;
      const group = r.by.length ? r.by.map((lvl) => {
        const dim = res.dimensions.find((d) => d.id === lvl || (d.id === 'region' && ['province', 'prefecture', 'county', 'township', 'village'].includes(lvl)));
        const id = dim?.id ?? lvl;
        return groupValueLabel(id, r.group[id] ?? null, { regionName });
      }).join(' × ') : '合计';
      const unit = names.get(r.indicator)?.unit ?? '';
      const ci = r.ciLower === null ? '' : `${r.ciLower.toFixed(1)}–${r.ciUpper!.toFixed(1)}`;
      const target = r.target ? ({ met: '达标', 'not-met': '未达标', 'no-data': '无数据' } as const)[r.target.status] + (r.target.certain ? '' : '（不确定）') : '';
      out.push(`| ${group}${r.smallCell ? '（小格）' : ''} | ${r.numerator} | ${r.denominator} | ${r.missing} | ${pct(r.value, unit)} | ${ci} | ${target} |`);
    }
    out.push('');
  }
  if (!res.checks.ok) out.push('**自检未通过**：', ...res.checks.problems.map((p) => `- ${p.code} ${p.message}`), '');
  for (const w of res.warnings) out.push(`> ${w.message}`);
  return out.join('\n') + '\n';
}

export async function runIndicators(io: CliIo, file: string, o: IndicatorsOptions): Promise<ExitCode> {
  assertAsOf(o.asOf);
  const form = parseFormOption(o.form);
  const by = parseDims(o.by);
  const indicators = pickIndicators(o.indicators, o.target);
  const outExt = o.out ? extname(o.out).toLowerCase() : undefined;
  if (outExt && !['.csv', '.json', '.md'].includes(outExt)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${outExt}”输出指标：支持 .csv、.json、.md`);
  const minCell = o.minCell === undefined ? undefined : Number(o.minCell);
  if (minCell !== undefined && !(Number.isInteger(minCell) && minCell >= 1)) throw new CliError('USAGE_NUMBER', `--min-cell 应为正整数（收到“${o.minCell}”）`);
  // Made for the form version the rows are read with (known from the header, before the first row):
  // on 2021 data the built-ins read the comparable 2017 items, and those with no counterpart are not computed.
  const calculator = (formVersion: PersonFormVersion) => createIndicatorCalculator({ indicators, by, asOf: o.asOf, formVersion, ...(minCell ? { smallCell: { threshold: minCell } } : {}) });
  const reader = await readPersonRecords(io, pathIn(io, file), {
    quiet: o.quiet,
    label: '统计',
    ...(form ? { formVersion: form } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.format ? { format: o.format } : {}),
  });
  let calc: ReturnType<typeof calculator> | undefined;
  await reader.forEach((item) => void ('record' in item && (calc ??= calculator(reader.formVersion() ?? '2017')).add(item.record)));
  const res = (calc ?? calculator(reader.formVersion() ?? '2017')).result();
  printReadSummary(io, reader.stats);
  if (o.out) {
    const text = outExt === '.csv' ? indicatorRowsToCsv(res, { bom: true, digits: 2, regionName }) : outExt === '.json' ? indicatorResultToJson(res, 2) : indicatorsMarkdown(res);
    await writeFile(pathIn(io, o.out), text);
    io.stdout(`指标已写入 ${o.out}（${res.rows.length} 行）\n`);
  } else io.stdout(indicatorsMarkdown(res));
  if (!res.checks.ok) {
    io.stderr('指标自检未通过（分组之和与合计不符），退出码 1\n');
    return EXIT.PROBLEMS;
  }
  return reader.stats.rejected || reader.stats.cells.unreadable ? EXIT.PROBLEMS : EXIT.OK;
}
