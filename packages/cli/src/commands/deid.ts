/**
 * `canji deid <file>`: a de-identified research extract and its re-identification risk report —
 * direct identifiers dropped or replaced by keyed pseudonyms, the quasi-identifiers generalised
 * (and a few records suppressed) until every class holds at least k records (`@canji/deid`).
 *
 * Memory is bounded (see docs/guides/deid.md): the file is read twice. The first pass keeps only
 * the dictionary-encoded quasi-identifiers (`KAnonymityPlanner`, 4 bytes per quasi-identifier per
 * record); the search runs on them; the second pass de-identifies each record as it is read and
 * writes it out. Every field the form classes as a quasi-identifier is either under the k-anonymity
 * search (`--quasi`) or dropped, and the risk report is measured on the values written.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { personForm, type PersonFormVersion } from '@canji/form';
import {
  HIERARCHIES,
  KAnonymityCounter,
  KAnonymityPlanner,
  ageHierarchy,
  createPseudonymizer,
  defaultPolicy,
  describePolicy,
  identifierClassOf,
  keyFromFileBytes,
  recordDeidentifier,
  type DeidPolicy,
  type DeidentifiedRecord,
  type Hierarchy,
  type KAnonymityPlan,
  type KAnonymityReport,
  type Pseudonymizer,
} from '@canji/deid';
import {
  accessRecord,
  checkRequestUsable,
  parseRecipientId,
  parseResearchRequest,
  recipientKeyDerivation,
  recipientPseudonymizer,
  type RecipientKeyDerivation,
  type ResearchRequest,
} from '@canji/review';
import { csvField, csvLine } from '../csv.js';
import { generatedDate } from '../report-meta.js';
import { CLI_VERSION } from '../version.js';
import type { TextEncoding } from '../encoding.js';
import { CliError, EXIT, pathIn, readReason, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, outputError, PrivateFileWriter } from '../output-file.js';
import { parseFormOption } from '../form-version.js';
import { assertAsOf, assertDateOption } from '../as-of.js';
import { createProgress } from '../progress.js';
import { printReadSummary, readPersonRecords, type ReadOptions, type ReadStats } from '../read.js';
import { reading } from '../cli-options.js';
import type { FileFormat } from '../sources.js';

/** The options of `canji deid` as the command line gives them (see `canji deid --help`). */
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
  /** `--sheet NAME|N`: the worksheet of an XLSX input (default the first). */
  sheet?: string;
  quiet: boolean;
  /** `--json`: one JSON summary on stdout (see {@link deidSummary}); the lines for people go to stderr. */
  json?: boolean;
  /** `--request FILE`: the research data request (issue 20 item 5); the extract gets `<out>.access.json`. */
  request?: string;
  /** `--recipient ID`: tokens under the key derived for this recipient (default: the request's `recipient`). */
  recipient?: string;
  /** `--issued-on YYYY-MM-DD`: the day the extract is issued (default today), checked against the request's dates. */
  issuedOn?: string;
}

/** The research access of one extract: the request, the recipient and the issue date, checked. */
interface Access {
  request: ResearchRequest;
  recipient: string;
  issuedOn: string;
}

async function readAccess(io: CliIo, o: DeidOptions): Promise<Access | undefined> {
  if (!o.request) {
    if (o.recipient !== undefined) throw new CliError('USAGE_REQUEST_REQUIRED', '--recipient 需要同时给出 --request（数据使用申请）');
    return undefined;
  }
  if (!o.keyFile) throw new CliError('USAGE_KEY_REQUIRED', '按申请提供研究数据需要 --key-file：假名按接收方派生的密钥计算，才能在泄露时追溯');
  let json: unknown;
  try {
    json = JSON.parse((await readFile(pathIn(io, o.request), 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError('USAGE_REQUEST', `无法读取数据使用申请“${o.request}”：${readReason(e)}`);
  }
  const request = parseResearchRequest(json);
  if (!request.ok) throw new CliError(request.error.code, `数据使用申请“${o.request}”无效：${request.error.message}`);
  const recipient = o.recipient ?? request.value.recipient;
  if (recipient === undefined) throw new CliError('USAGE_RECIPIENT_REQUIRED', '请用 --recipient 给出接收方标识（或在申请中写明 recipient）');
  const rid = parseRecipientId(recipient);
  if (!rid.ok) throw new CliError(rid.error.code, rid.error.message);
  if (request.value.recipient !== undefined && request.value.recipient !== recipient) {
    throw new CliError('USAGE_RECIPIENT_MISMATCH', `--recipient ${recipient} 与申请中的接收方 ${request.value.recipient} 不一致`);
  }
  const issuedOn = o.issuedOn ?? generatedDate();
  const usable = checkRequestUsable(request.value, { issuedOn, keyId: o.keyId });
  if (!usable.ok) throw new CliError(usable.error.code, `${usable.error.message}，未提供数据`);
  return { request: request.value, recipient, issuedOn };
}

/**
 * Reads a key file (see `keyFromFileBytes` in @canji/deid: a BOM and one final line ending are
 * removed on every platform; hex, base64 or raw bytes).
 */
export function keyFromFile(bytes: Buffer): Uint8Array {
  return keyFromFileBytes(bytes);
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
    throw new CliError('USAGE_POLICY', `无法读取策略文件“${path}”：${readReason(e)}`);
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


interface RiskExtra {
  k: number;
  levels: Readonly<Record<string, number>>;
  suppressed: number;
  records: number;
  policy: { field: string; description: string }[];
  qiLabels: { field: string; label: string }[];
  droppedQuasi: { field: string; label: string }[];
  key: { keyId: string; fingerprint: string } | undefined;
}

function riskMarkdown(before: KAnonymityReport, after: KAnonymityReport, extra: RiskExtra): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const out = ['# 去标识化数据风险报告', '', `要求 k = ${extra.k}（每个准标识符组合至少 ${extra.k} 条记录）；发布数据中的准标识符：${after.quasiIdentifiers.join('、') || '无'}。`, ''];
  out.push('“发布数据”一列按写出的文件逐条重新计算（不是按计划推算）。', '');
  out.push('| | 处理前 | 发布数据 |', '|---|---:|---:|');
  out.push(`| 记录数 | ${before.records} | ${after.records} |`);
  out.push(`| 等价类 | ${before.classes} | ${after.classes} |`);
  out.push(`| k（最小等价类） | ${before.k} | ${after.k} |`);
  out.push(`| 等价类小于 ${before.threshold} 的记录 | ${before.recordsAtRisk} | ${after.recordsAtRisk} |`);
  out.push(`| 最大重识别风险（检察官模型 1/k） | ${pct(before.prosecutorRisk.maximum)} | ${pct(after.prosecutorRisk.maximum)} |`);
  out.push(`| 平均重识别风险 | ${pct(before.prosecutorRisk.average)} | ${pct(after.prosecutorRisk.average)} |`);
  if (after.lDiversity) out.push(`| 残疾类别的 ℓ-多样性 | ${before.lDiversity?.l ?? ''} | ${after.lDiversity.l} |`);
  out.push('', `为达到 k 删除的记录：${extra.suppressed} 条（${pct(extra.records ? extra.suppressed / extra.records : 0)}）。`, '');
  if (extra.droppedQuasi.length) {
    out.push(`未列入 --quasi 的准标识符不予发布（已删除）：${extra.droppedQuasi.map((q) => `${q.field}（${q.label}）`).join('、')}。要发布它们，请把它们加入 --quasi，k-匿名将同时覆盖它们。`, '');
  }
  if (extra.key) out.push(`假名密钥：标识 ${extra.key.keyId}，指纹 ${extra.key.fingerprint}（HMAC-SHA-256(密钥, "canji-key-fingerprint") 的前 16 位十六进制；两个部门指纹相同即使用同一密钥）。`, '');
  out.push('## 准标识符的泛化', '', '| 字段 | 层级 | 说明 |', '|---|---:|---|');
  for (const q of extra.qiLabels) out.push(`| ${q.field} | ${extra.levels[q.field] ?? 0} | ${q.label} |`);
  out.push('', '## 各字段的处理', '', '| 字段 | 处理 |', '|---|---|');
  for (const p of extra.policy) out.push(`| ${p.field} | ${p.description} |`);
  out.push('', '风险按 GB/T 42460-2023 的检察官模型计算（攻击者知道目标在数据中并掌握其准标识符）。');
  return out.join('\n') + '\n';
}

/** Writes a whole small file holding personal data, mode 0600, atomically. */
function writePrivateFile(path: string, text: string): void {
  const w = new PrivateFileWriter(path);
  try {
    w.write(text);
    w.commit();
  } catch (e) {
    w.abort();
    throw e;
  }
}

function ioError(path: string, e: unknown): CliError {
  return outputError(e, path);
}

async function readKey(io: CliIo, o: DeidOptions, access: Access | undefined): Promise<{ pseudonymizer: Pseudonymizer; derivation?: RecipientKeyDerivation } | undefined> {
  if (!o.keyFile) return undefined;
  let bytes: Buffer;
  try {
    bytes = await readFile(pathIn(io, o.keyFile));
  } catch {
    throw new CliError('INPUT_NOT_FOUND', `找不到密钥文件“${o.keyFile}”`);
  }
  // The key's bytes never reach a message: only the deid error (which names no key content).
  const key = keyFromFile(bytes);
  bytes.fill(0);
  if (access) {
    // Research access: the tokens are keyed for the recipient (HKDF of the key and the recipient id).
    const p = await recipientPseudonymizer(key, { keyId: o.keyId, recipient: access.recipient });
    const d = p.ok ? await recipientKeyDerivation(key, access.recipient) : undefined;
    key.fill(0);
    if (!p.ok) throw new CliError(p.error.code, p.error.message);
    if (!d?.ok) throw new CliError(d?.error.code ?? 'ACCESS_KEY_INVALID', d?.error.message ?? '接收方密钥派生失败');
    return { pseudonymizer: p.value, derivation: d.value };
  }
  const p = await createPseudonymizer({ key, keyId: o.keyId });
  key.fill(0);
  if (!p.ok) throw new CliError(p.error.code, p.error.message);
  return { pseudonymizer: p.value };
}

const itemLabel = (form: PersonFormVersion, field: string): string => {
  const items = personForm(form).items;
  const base = /^(r\d+)_/.exec(field)?.[1];
  return items.find((i) => i.key === field)?.label ?? (base ? items.find((i) => i.key === base)?.label : undefined) ?? field;
};

/** What the first pass learns: the form, the policy, the fields seen and the encoded quasi-identifiers. */
interface FirstPass {
  form: PersonFormVersion;
  policy: DeidPolicy;
  quasi: string[];
  sensitive: string | undefined;
  fields: Set<string>;
  planner: KAnonymityPlanner;
  before: KAnonymityCounter;
  asOf: string | undefined;
}

function hierarchiesFor(asOf: string | undefined): Record<string, Hierarchy> {
  return {
    region_code: HIERARCHIES.regionCode,
    birth_date: asOf ? ageHierarchy(asOf) : HIERARCHIES.date,
    collected_on: HIERARCHIES.date,
    declared_on: HIERARCHIES.date,
    disability_level: HIERARCHIES.disabilityLevel,
    disability_category: HIERARCHIES.disabilityCategory,
  };
}

/** The policy's generalisation level of a quasi-identifier, when it uses the search's hierarchy: the search never goes below it. */
function floors(policy: DeidPolicy, quasi: readonly string[], hierarchies: Record<string, Hierarchy>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of quasi) {
    const rule = policy.fields[q];
    const h = hierarchies[q];
    if (rule?.action === 'generalize' && h && JSON.stringify(rule.hierarchy) === JSON.stringify(h)) out[q] = rule.level;
  }
  return out;
}

export async function runDeid(io: CliIo, file: string, o: DeidOptions): Promise<ExitCode> {
  const form = parseFormOption(o.form);
  const k = Number(o.k);
  if (!Number.isInteger(k) || k < 1) throw new CliError('USAGE_NUMBER', `--k 应为正整数（收到“${o.k}”）`);
  const maxSuppression = Number(o.maxSuppression);
  if (!(maxSuppression >= 0 && maxSuppression <= 1)) throw new CliError('USAGE_NUMBER', `--max-suppression 应在 0 到 1 之间（收到“${o.maxSuppression}”）`);
  if (o.asOf !== undefined) assertAsOf(o.asOf);
  if (o.issuedOn !== undefined) assertDateOption('--issued-on', o.issuedOn);
  const outExt = extname(o.out).toLowerCase();
  if (outExt !== '.csv' && outExt !== '.jsonl') throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${outExt || '无'}”输出：支持 .csv、.jsonl`);
  const riskExt = o.riskReport ? extname(o.riskReport).toLowerCase() : undefined;
  if (riskExt && riskExt !== '.md' && riskExt !== '.json') throw new CliError('USAGE_OUT_FORMAT', '风险报告支持 .md 或 .json');
  const outPath = pathIn(io, o.out);
  // Every output path checked before any work (exit code 3 when one cannot be written).
  for (const p of [outPath, ...(o.riskReport ? [pathIn(io, o.riskReport)] : []), ...(o.request ? [`${outPath}.access.json`] : [])]) checkOutputPath(p);

  const access = await readAccess(io, o);
  const keyed = await readKey(io, o, access);
  const pseudonymizer = keyed?.pseudonymizer;
  const overPolicy = o.policy !== 'default' ? await loadPolicy(pathIn(io, o.policy)) : undefined;
  const readOpts = (label: string): ReadOptions => ({
    quiet: o.quiet,
    label,
    ...(form ? { formVersion: form } : {}),
    ...reading(o),
  });

  // Pass 1: the quasi-identifiers only, dictionary-encoded.
  const reader = await readPersonRecords(io, pathIn(io, file), readOpts('脱敏（第 1 遍）'));
  let first: FirstPass | undefined;
  let qiOnly: ((r: Readonly<Record<string, unknown>>) => DeidentifiedRecord) | undefined;
  const start = (): FirstPass => {
    // The identifier classes of the form the rows were read with (2021 R4 联系人姓名 is direct, 2017 R4 婚姻状况 quasi).
    const formVersion = reader.formVersion() ?? '2017';
    let policy = defaultPolicy({ ...(pseudonymizer ? { pseudonymizer } : {}), ...(o.asOf ? { asOf: o.asOf } : {}), formVersion });
    if (overPolicy) policy = overPolicy(policy);
    const quasi = o.quasi.split(/[,，]/).map((s) => s.trim()).filter((q) => q && policy.fields[q]?.action !== 'drop');
    const sensitive = quasi.includes('disability_category') ? undefined : 'disability_category';
    // The quasi-identifiers as they are (the search generalises them), the sensitive attribute as the policy releases it.
    const qiPolicy: DeidPolicy = {
      fields: { ...Object.fromEntries(quasi.map((q) => [q, { action: 'keep' as const }])), ...(sensitive && policy.fields[sensitive] ? { [sensitive]: policy.fields[sensitive]! } : {}) },
      otherFields: { action: 'drop' },
      idGuard: true,
    };
    const d = recordDeidentifier(qiPolicy);
    if (!d.ok) throw new CliError(d.error.code, d.error.message);
    qiOnly = d.value;
    return { form: formVersion, policy, quasi, sensitive, fields: new Set(), planner: new KAnonymityPlanner(quasi), before: new KAnonymityCounter(quasi, { threshold: k, ...(sensitive ? { sensitive } : {}) }), asOf: o.asOf };
  };
  await reader.forEach((item) => {
    if (!('record' in item)) return;
    first ??= start();
    const r = item.record;
    for (const key in r) first.fields.add(key);
    if (first.asOf === undefined && typeof r.reference_date === 'string') first.asOf = r.reference_date;
    const q = qiOnly!(r).record;
    first.planner.add(q);
    first.before.add(q);
  });
  printReadSummary(io, reader.stats);
  first ??= start();
  const { policy, quasi, sensitive, planner } = first;
  const hierarchies = hierarchiesFor(first.asOf);
  const plan = planner.plan({ k, hierarchies, maxSuppression, minLevels: floors(policy, quasi, hierarchies) });
  if (!plan.ok) {
    io.stderr(`无法达到 k = ${k} [${plan.error.code}]：${plan.error.message}\n`);
    if (o.json) {
      const before = first.before.report();
      io.stdout(`${JSON.stringify(deidSummary({ file, formVersion: first.form, stats: reader.stats, k, kBefore: before.k, released: 0, suppressed: 0, achievedK: null, maximumRisk: null, quasiIdentifiers: [], droppedQuasiIdentifiers: [], key: null, written: [], problem: { code: plan.error.code, message: plan.error.message }, exitCode: EXIT.PROBLEMS }))}\n`);
    }
    return EXIT.PROBLEMS;
  }

  // The released columns: what the policy keeps, minus every quasi-identifier not under the search.
  const fields = [...first.fields];
  const described = describePolicy(policy, fields);
  const droppedQuasi: string[] = [];
  const columns = described
    .filter((d) => {
      if (d.action === 'drop' || (d.action === 'pseudonymize' && !pseudonymizer)) return false;
      if (identifierClassOf(d.field, undefined, first!.form) === 'quasi' && !quasi.includes(d.field)) {
        droppedQuasi.push(d.field);
        return false;
      }
      return true;
    })
    .map((d) => d.field);
  const releasedQuasi = columns.filter((c) => identifierClassOf(c, undefined, first!.form) === 'quasi');

  // The quasi-identifiers are kept as they are by the policy and generalised by the plan instead (from the original value).
  const releasePolicy: DeidPolicy = { ...policy, fields: { ...policy.fields, ...Object.fromEntries(quasi.map((q) => [q, { action: 'keep' as const }])) } };
  const written = await writeRelease(io, file, readOpts('脱敏（第 2 遍）'), { policy: releasePolicy, columns, releasedQuasi, sensitive: sensitive && columns.includes(sensitive) ? sensitive : undefined, plan: plan.value, k, outPath, jsonl: outExt === '.jsonl', expected: planner.records });
  const after = written.after;
  const report = plan.value.report;
  const key = pseudonymizer ? { keyId: pseudonymizer.keyId, fingerprint: pseudonymizer.fingerprint, tokenLength: pseudonymizer.tokenLength } : undefined;
  const labels = droppedQuasi.map((f) => ({ field: f, label: itemLabel(first!.form, f) }));
  const policyDesc = described.map((p) =>
    quasi.includes(p.field)
      ? { ...p, description: `准标识符：按 k-匿名要求泛化（第 ${plan.value.levels[p.field] ?? 0} 层）` }
      : droppedQuasi.includes(p.field)
        ? { ...p, description: '准标识符未列入 --quasi：删除' }
        : p,
  );
  const meta = {
    tool: 'canji deid',
    formVersion: first.form,
    records: { read: first.planner.records, released: after.records, suppressed: report.suppressedRecords },
    k,
    achievedK: after.k,
    maximumRisk: after.prosecutorRisk.maximum,
    quasiIdentifiers: report.quasiIdentifiers.map((q) => ({ field: q.field, level: q.level, label: q.label })),
    droppedQuasiIdentifiers: droppedQuasi,
    key: key ?? null,
    columns,
    ...(access ? { recipient: access.recipient, accessRecord: `${basename(o.out)}.access.json` } : {}),
  };
  try {
    writePrivateFile(`${outPath}.meta.json`, JSON.stringify(meta, null, 2) + '\n');
    if (o.riskReport) {
      const text =
        riskExt === '.json'
          ? JSON.stringify({ k, before: first.before.report(), after, enforcement: report, droppedQuasiIdentifiers: droppedQuasi, key: key ?? null, policy: policyDesc }, null, 2)
          : riskMarkdown(first.before.report(), after, { k, levels: plan.value.levels, suppressed: report.suppressedRecords, records: first.planner.records, policy: policyDesc, qiLabels: report.quasiIdentifiers.map((q) => ({ field: q.field, label: q.label })), droppedQuasi: labels, key });
      writePrivateFile(pathIn(io, o.riskReport), text);
    }
    if (access && keyed?.derivation) {
      const sha256 = createHash('sha256').update(await readFile(outPath)).digest('hex');
      const rec = accessRecord({ request: access.request, recipient: access.recipient, derivation: keyed.derivation, issuedOn: access.issuedOn, canjiVersion: CLI_VERSION, extract: { file: basename(o.out), sha256, records: after.records, columns } });
      writePrivateFile(`${outPath}.access.json`, JSON.stringify(rec, null, 2) + '\n');
    }
  } catch (e) {
    throw e instanceof CliError ? e : ioError(o.riskReport ?? `${o.out}.meta.json`, e);
  }
  const beforeK = first.before.report().k;
  io.stderr(`去标识化完成：输出 ${after.records} 条，为达到 k = ${k} 删除 ${report.suppressedRecords} 条；k：${beforeK} → ${after.k}（按写出的文件计算），最大重识别风险 ${(after.prosecutorRisk.maximum * 100).toFixed(1)}%\n`);
  io.stderr(`准标识符泛化：${report.quasiIdentifiers.map((q) => `${q.field} ${q.label}`).join('，')}\n`);
  if (droppedQuasi.length) io.stderr(`未列入 --quasi 的准标识符已删除：${labels.map((q) => `${q.field}（${q.label}）`).join('、')}\n`);
  if (key) io.stderr(`假名密钥：标识 ${key.keyId}，指纹 ${key.fingerprint}${access ? `（接收方 ${access.recipient} 的派生密钥）` : ''}\n`);
  if (access) io.stderr(`访问记录已写入 ${o.out}.access.json：申请人 ${access.request.applicant}（${access.request.institution}），批准文号 ${access.request.approvalNo}，有效期至 ${access.request.expires}\n`);
  io.stderr(`数据已写入 ${o.out}（仅所有者可读写），元数据 ${o.out}.meta.json${o.riskReport ? `，风险报告已写入 ${o.riskReport}` : ''}\n`);
  const code = reader.stats.rejected || reader.stats.cells.unreadable ? EXIT.PROBLEMS : EXIT.OK;
  if (o.json) {
    const written = [
      { kind: 'data', path: o.out },
      { kind: 'meta', path: `${o.out}.meta.json` },
      ...(o.riskReport ? [{ kind: 'risk-report', path: o.riskReport }] : []),
      ...(access ? [{ kind: 'access-record', path: `${o.out}.access.json` }] : []),
    ];
    const summary = deidSummary({
      file,
      formVersion: first.form,
      stats: reader.stats,
      k,
      kBefore: beforeK,
      released: after.records,
      suppressed: report.suppressedRecords,
      achievedK: after.k,
      maximumRisk: after.prosecutorRisk.maximum,
      quasiIdentifiers: report.quasiIdentifiers.map((q) => ({ field: q.field, level: q.level, label: q.label })),
      droppedQuasiIdentifiers: droppedQuasi,
      key: key ? { keyId: key.keyId, fingerprint: key.fingerprint } : null,
      ...(access ? { recipient: access.recipient } : {}),
      written,
      exitCode: code,
    });
    io.stdout(`${JSON.stringify(summary)}\n`);
  }
  return code;
}

/**
 * The machine-readable summary of `canji deid --json` (one line of JSON on stdout): records read,
 * released and suppressed, k asked for, before and as written, the highest re-identification risk,
 * the quasi-identifiers and their generalisation levels, the key's id and fingerprint (never the
 * key), the files written and the exit code. When k cannot be reached nothing is written: `written`
 * is empty, `problem` says why and `exitCode` is 1.
 *
 * @example
 * ```ts
 * // canji deid persons.csv --out research.csv --json
 * //=> {"tool":"canji deid","input":"persons.csv","formVersion":"2017","records":{"read":200,"processed":200,"rejected":0,"released":196,"suppressed":4},
 * //    "k":5,"kBefore":1,"achievedK":5,"maximumRisk":0.2,"quasiIdentifiers":[{"field":"birth_date","level":2,"label":"5 岁年龄段"},…],
 * //    "droppedQuasiIdentifiers":[],"key":null,"written":[{"kind":"data","path":"research.csv"},…],"problem":null,"exitCode":0,"exitMeaning":"ok"}
 * ```
 */
export function deidSummary(s: {
  file: string;
  formVersion: string;
  stats: ReadStats;
  k: number;
  kBefore: number;
  released: number;
  suppressed: number;
  achievedK: number | null;
  maximumRisk: number | null;
  quasiIdentifiers: { field: string; level: number; label: string }[];
  droppedQuasiIdentifiers: string[];
  key: { keyId: string; fingerprint: string } | null;
  recipient?: string;
  written: { kind: string; path: string }[];
  problem?: { code: string; message: string };
  exitCode: ExitCode;
}) {
  return {
    tool: 'canji deid',
    input: basename(s.file),
    formVersion: s.formVersion,
    records: { read: s.stats.read, processed: s.stats.processed, rejected: s.stats.rejected, released: s.released, suppressed: s.suppressed },
    k: s.k,
    kBefore: s.kBefore,
    achievedK: s.achievedK,
    maximumRisk: s.maximumRisk,
    quasiIdentifiers: s.quasiIdentifiers,
    droppedQuasiIdentifiers: s.droppedQuasiIdentifiers,
    key: s.key,
    ...(s.recipient !== undefined ? { recipient: s.recipient } : {}),
    written: s.written,
    problem: s.problem ?? null,
    exitCode: s.exitCode,
    exitMeaning: s.exitCode === EXIT.OK ? 'ok' : 'problems-found',
  };
}

interface ReleaseSpec {
  policy: DeidPolicy;
  columns: string[];
  releasedQuasi: string[];
  sensitive: string | undefined;
  plan: KAnonymityPlan;
  k: number;
  outPath: string;
  jsonl: boolean;
  /** Records the first pass saw: the second must see the same. */
  expected: number;
}

/**
 * Pass 2: reads the file again, de-identifies each record, keeps those the plan releases with
 * their quasi-identifiers generalised, and writes them; measures k on the values as written.
 */
async function writeRelease(io: CliIo, file: string, opts: ReadOptions, spec: ReleaseSpec): Promise<{ after: KAnonymityReport }> {
  const d = recordDeidentifier(spec.policy);
  if (!d.ok) throw new CliError(d.error.code, d.error.message);
  const deid = d.value;
  // The header notices were printed by the first pass; only the progress is shown again.
  const quietIo: CliIo = { ...io, stderr: () => {} };
  const reader = await readPersonRecords(quietIo, pathIn(io, file), { ...opts, progress: (totalBytes) => createProgress({ io, quiet: opts.quiet, label: opts.label, totalBytes }) });
  let writer: PrivateFileWriter;
  try {
    writer = new PrivateFileWriter(spec.outPath);
  } catch (e) {
    throw ioError(spec.outPath, e);
  }
  const after = new KAnonymityCounter(spec.releasedQuasi, { threshold: spec.k, ...(spec.sensitive ? { sensitive: spec.sensitive } : {}) });
  const cols = spec.columns;
  // The released file's cells as text (what a reader of the file sees) feed the risk measurement.
  const cell = spec.jsonl ? (v: unknown) => (v === undefined ? '' : JSON.stringify(v)) : (v: unknown) => csvField(v);
  const measured: Record<string, string> = {};
  let index = 0;
  try {
    if (!spec.jsonl) writer.write('\uFEFF' + csvLine(cols));
    await reader.forEach((item) => {
      if (!('record' in item)) return;
      const i = index++;
      if (!spec.plan.isReleased(i)) return;
      const out = spec.plan.generalize(deid(item.record).record);
      for (const q of spec.releasedQuasi) measured[q] = cell(out[q]);
      if (spec.sensitive) measured[spec.sensitive] = cell(out[spec.sensitive]);
      after.add(measured);
      if (spec.jsonl) {
        const o: Record<string, unknown> = {};
        for (const c of cols) if (out[c] !== undefined) o[c] = out[c];
        writer.write(JSON.stringify(o) + '\n');
      } else writer.write(csvLine(cols.map((c) => out[c])));
    });
    if (index !== spec.expected) throw new CliError('INPUT_CHANGED', `输入文件在两遍读取之间发生了变化（第一遍 ${spec.expected} 条，第二遍 ${index} 条），未写出数据`);
    const report = after.report();
    // The release is checked on what was written, not on the plan: never publish below k.
    if (report.records > 0 && report.k < spec.k) throw new CliError('DEID_RELEASE_CHECK', `写出的数据 k = ${report.k}，低于要求的 ${spec.k}，未写出数据`);
    writer.commit();
    return { after: report };
  } catch (e) {
    writer.abort();
    throw e instanceof CliError ? e : ioError(spec.outPath, e);
  }
}
