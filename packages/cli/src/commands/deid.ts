/**
 * `canji deid <file>`: a de-identified research extract and its re-identification risk report —
 * direct identifiers dropped or replaced by keyed pseudonyms, the quasi-identifiers generalised
 * (and a few records suppressed) until every class holds at least k records (`@canji/deid`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  HIERARCHIES,
  ageHierarchy,
  createPseudonymizer,
  defaultPolicy,
  deidentifyRecords,
  describePolicy,
  enforceKAnonymity,
  measureKAnonymity,
  type DeidPolicy,
  type KAnonymityReport,
} from '@canji/deid';
import { csvLine } from '../csv.js';
import type { TextEncoding } from '../encoding.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { parseFormOption } from '../form-version.js';
import { assertAsOf } from '../as-of.js';
import { printReadSummary, readPersonRecords } from '../read.js';
import type { FileFormat } from '../sources.js';

export interface DeidOptions {
  keyFile?: string;
  keyId: string;
  policy: string;
  asOf?: string;
  k: string;
  quasi: string;
  maxSuppression: string;
  riskReport?: string;
  out: string;
  /** `--form 2016|2017|2021`; absent: recognised from the header. */
  form?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  quiet: boolean;
}

/** Reads a key file: 64+ hex characters, base64 text, or raw bytes. */
export function keyFromFile(bytes: Buffer): Uint8Array {
  const text = bytes.toString('utf8').trim();
  if (/^[0-9a-fA-F]{64,}$/.test(text) && text.length % 2 === 0) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43,}={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  return bytes;
}

type HierarchyName = keyof typeof HIERARCHIES;

/**
 * A policy file: `{ "fields": { "name": { "action": "drop" }, "region_code": { "action": "generalize", "hierarchy": "regionCode", "level": 2 } } }`,
 * read and checked before the data, applied over the default policy once the form version is known.
 */
async function loadPolicy(path: string): Promise<(base: DeidPolicy) => DeidPolicy> {
  let json: { fields?: Record<string, { action: string; hierarchy?: string; level?: number; preset?: string }>; otherFields?: { action: string } };
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new CliError('USAGE_POLICY', `无法读取策略文件“${path}”：${(e as Error).message}`);
  }
  const fields: Record<string, unknown> = {};
  for (const [k, r] of Object.entries(json.fields ?? {})) {
    if (!['keep', 'keep-coded', 'drop', 'pseudonymize', 'mask', 'generalize'].includes(r.action)) throw new CliError('USAGE_POLICY', `策略文件中字段 ${k} 的 action “${r.action}”无效`);
    if (r.action === 'generalize') {
      const h = r.hierarchy && (r.hierarchy in HIERARCHIES ? HIERARCHIES[r.hierarchy as HierarchyName] : undefined);
      if (!h) throw new CliError('USAGE_POLICY', `策略文件中字段 ${k} 的 hierarchy 应为 ${Object.keys(HIERARCHIES).join('、')} 之一`);
      fields[k] = { action: 'generalize', hierarchy: h, level: r.level ?? 1 };
    } else fields[k] = r;
  }
  return (base) => ({ ...base, fields: { ...base.fields, ...(fields as DeidPolicy['fields']) }, ...(json.otherFields ? { otherFields: json.otherFields as DeidPolicy['otherFields'] } : {}) });
}

function riskMarkdown(before: KAnonymityReport, after: KAnonymityReport, extra: { k: number; levels: Record<string, number>; suppressed: number; records: number; policy: { field: string; description: string }[]; qiLabels: { field: string; label: string }[] }): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const out = ['# 去标识化数据风险报告', '', `要求 k = ${extra.k}（每个准标识符组合至少 ${extra.k} 条记录）；准标识符：${after.quasiIdentifiers.join('、')}。`, ''];
  out.push('| | 处理前 | 发布数据 |', '|---|---:|---:|');
  out.push(`| 记录数 | ${before.records} | ${after.records} |`);
  out.push(`| 等价类 | ${before.classes} | ${after.classes} |`);
  out.push(`| k（最小等价类） | ${before.k} | ${after.k} |`);
  out.push(`| 等价类小于 ${before.threshold} 的记录 | ${before.recordsAtRisk} | ${after.recordsAtRisk} |`);
  out.push(`| 最大重识别风险（检察官模型 1/k） | ${pct(before.prosecutorRisk.maximum)} | ${pct(after.prosecutorRisk.maximum)} |`);
  out.push(`| 平均重识别风险 | ${pct(before.prosecutorRisk.average)} | ${pct(after.prosecutorRisk.average)} |`);
  if (after.lDiversity) out.push(`| 残疾类别的 ℓ-多样性 | ${before.lDiversity?.l ?? ''} | ${after.lDiversity.l} |`);
  out.push('', `为达到 k 删除的记录：${extra.suppressed} 条（${pct(extra.records ? extra.suppressed / extra.records : 0)}）。`, '');
  out.push('## 准标识符的泛化', '', '| 字段 | 层级 | 说明 |', '|---|---:|---|');
  for (const q of extra.qiLabels) out.push(`| ${q.field} | ${extra.levels[q.field] ?? 0} | ${q.label} |`);
  out.push('', '## 各字段的处理', '', '| 字段 | 处理 |', '|---|---|');
  for (const p of extra.policy) out.push(`| ${p.field} | ${p.description} |`);
  out.push('', '风险按 GB/T 42460-2023 的检察官模型计算（攻击者知道目标在数据中并掌握其准标识符）。');
  return out.join('\n') + '\n';
}

export async function runDeid(io: CliIo, file: string, o: DeidOptions): Promise<ExitCode> {
  const form = parseFormOption(o.form);
  const k = Number(o.k);
  if (!Number.isInteger(k) || k < 1) throw new CliError('USAGE_NUMBER', `--k 应为正整数（收到“${o.k}”）`);
  const maxSuppression = Number(o.maxSuppression);
  if (!(maxSuppression >= 0 && maxSuppression <= 1)) throw new CliError('USAGE_NUMBER', `--max-suppression 应在 0 到 1 之间（收到“${o.maxSuppression}”）`);
  if (o.asOf !== undefined) assertAsOf(o.asOf);
  const outExt = extname(o.out).toLowerCase();
  if (outExt !== '.csv' && outExt !== '.jsonl') throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${outExt || '无'}”输出：支持 .csv、.jsonl`);
  const riskExt = o.riskReport ? extname(o.riskReport).toLowerCase() : undefined;
  if (riskExt && riskExt !== '.md' && riskExt !== '.json') throw new CliError('USAGE_OUT_FORMAT', '风险报告支持 .md 或 .json');

  let pseudonymizer;
  if (o.keyFile) {
    let bytes: Buffer;
    try {
      bytes = await readFile(pathIn(io, o.keyFile));
    } catch {
      throw new CliError('INPUT_NOT_FOUND', `找不到密钥文件“${o.keyFile}”`);
    }
    const p = await createPseudonymizer({ key: keyFromFile(bytes), keyId: o.keyId });
    if (!p.ok) throw new CliError(p.error.code, p.error.message);
    pseudonymizer = p.value;
  }
  const overPolicy = o.policy !== 'default' ? await loadPolicy(pathIn(io, o.policy)) : undefined;

  const reader = await readPersonRecords(io, pathIn(io, file), {
    quiet: o.quiet,
    label: '脱敏',
    ...(form ? { formVersion: form } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.format ? { format: o.format } : {}),
  });
  const originals: Record<string, unknown>[] = [];
  await reader.forEach((item) => void ('record' in item && originals.push(item.record)));
  printReadSummary(io, reader.stats);
  // The identifier classes of the form the rows were read with (2021 R4 联系人姓名 is direct, 2017 R4 婚姻状况 quasi).
  const formVersion = reader.formVersion() ?? '2017';
  let policy = defaultPolicy({ ...(pseudonymizer ? { pseudonymizer } : {}), ...(o.asOf ? { asOf: o.asOf } : {}), formVersion });
  if (overPolicy) policy = overPolicy(policy);

  const quasi = o.quasi.split(/[,，]/).map((s) => s.trim()).filter((q) => q && policy.fields[q]?.action !== 'drop');
  // The quasi-identifiers are kept as they are by the policy and generalised by the k-anonymity search instead.
  const qiPolicy: DeidPolicy = { ...policy, fields: { ...policy.fields, ...Object.fromEntries(quasi.map((q) => [q, { action: 'keep' as const }])) } };
  const cleaned: Record<string, unknown>[] = [];
  for await (const { record } of deidentifyRecords(originals, qiPolicy)) cleaned.push(record);
  const asOf = o.asOf ?? (typeof originals[0]?.reference_date === 'string' ? (originals[0].reference_date as string) : undefined);
  const hierarchies = {
    region_code: HIERARCHIES.regionCode,
    ...(asOf ? { birth_date: ageHierarchy(asOf) } : { birth_date: HIERARCHIES.date }),
    disability_level: HIERARCHIES.disabilityLevel,
    disability_category: HIERARCHIES.disabilityCategory,
  };
  const sensitive = quasi.includes('disability_category') ? undefined : 'disability_category';
  const before = measureKAnonymity(cleaned, quasi, { threshold: k, ...(sensitive ? { sensitive } : {}) });
  const enforced = enforceKAnonymity(cleaned, { quasiIdentifiers: quasi, k, hierarchies, maxSuppression });
  if (!enforced.ok) {
    io.stderr(`无法达到 k = ${k} [${enforced.error.code}]：${enforced.error.message}\n`);
    return EXIT.PROBLEMS;
  }
  const released = enforced.value.records;
  const after = measureKAnonymity(released, quasi, { threshold: k, ...(sensitive ? { sensitive } : {}) });

  const outPath = pathIn(io, o.out);
  if (outExt === '.jsonl') await writeFile(outPath, released.map((r) => JSON.stringify(r)).join('\n') + (released.length ? '\n' : ''));
  else {
    const cols: string[] = [];
    const seen = new Set<string>();
    for (const r of released) for (const key of Object.keys(r)) if (!seen.has(key)) (seen.add(key), cols.push(key));
    await writeFile(outPath, '\uFEFF' + csvLine(cols) + released.map((r) => csvLine(cols.map((c) => r[c]))).join(''));
  }
  const fields = [...new Set(originals.flatMap((r) => Object.keys(r)))];
  const policyDesc = describePolicy(policy, fields).map((p) => (quasi.includes(p.field) ? { ...p, description: `准标识符：按 k-匿名要求泛化（第 ${enforced.value.levels[p.field] ?? 0} 层）` } : p));
  if (o.riskReport) {
    const text =
      riskExt === '.json'
        ? JSON.stringify({ k, before, after, enforcement: enforced.value.report, policy: policyDesc }, null, 2)
        : riskMarkdown(before, after, { k, levels: { ...enforced.value.levels }, suppressed: enforced.value.report.suppressedRecords, records: cleaned.length, policy: policyDesc, qiLabels: enforced.value.report.quasiIdentifiers.map((q) => ({ field: q.field, label: q.label })) });
    await writeFile(pathIn(io, o.riskReport), text);
  }
  io.stdout(`去标识化完成：输出 ${released.length} 条，为达到 k = ${k} 删除 ${enforced.value.report.suppressedRecords} 条；k：${before.k} → ${after.k}，最大重识别风险 ${(after.prosecutorRisk.maximum * 100).toFixed(1)}%\n`);
  io.stdout(`准标识符泛化：${enforced.value.report.quasiIdentifiers.map((q) => `${q.field} ${q.label}`).join('，')}\n`);
  io.stdout(`数据已写入 ${o.out}${o.riskReport ? `，风险报告已写入 ${o.riskReport}` : ''}\n`);
  return reader.stats.rejected || reader.stats.cells.unreadable ? EXIT.PROBLEMS : EXIT.OK;
}
