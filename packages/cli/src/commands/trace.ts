/**
 * `canji trace <leaked extract> --key-file k --candidates requests/ --original data.csv`: names the
 * recipient a leaked research extract (or a few of its rows) was issued to (`@canji/review`'s
 * `traceLeak`): each candidate's tokens are recomputed over the original data's ID numbers under the
 * key derived for that recipient; without the original data, the fingerprint of the leak's own
 * access record is matched. Exit 0 when one recipient is named, 1 when none (or more than one) matches.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ID_FIELDS, keyFromFileBytes, parsePseudonym } from '@canji/deid';
import { candidateFromJson, leakedTokens, traceLeak, type TraceCandidate } from '@canji/review';
import type { TextEncoding } from '../encoding.js';
import { reading } from '../cli-options.js';
import { CliError, EXIT, pathIn, readReason, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { printReadSummary, readPersonRecords } from '../read.js';
import type { FileFormat } from '../sources.js';

/** The options of `canji trace` as the command line gives them (see `canji trace --help`). */
export interface TraceCliOptions {
  keyFile: string;
  candidates: string[];
  original?: string;
  keyId?: string;
  out?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of an XLSX `--original` (default the first). */
  sheet?: string;
  quiet: boolean;
}

/** Every cell of the leaked file (CSV or JSON Lines) as text. */
async function leakedCells(io: CliIo, file: string): Promise<string[]> {
  let text: string;
  try {
    text = (await readFile(pathIn(io, file), 'utf8')).replace(/^\uFEFF/, '');
  } catch {
    throw new CliError('INPUT_NOT_FOUND', `找不到泄露的数据文件“${file}”`);
  }
  const out: string[] = [];
  if (extname(file).toLowerCase() === '.jsonl') {
    for (const line of text.split(/\r?\n/)) {
      if (!line.trim()) continue;
      try {
        const o = JSON.parse(line) as Record<string, unknown>;
        for (const v of Object.values(o ?? {})) if (typeof v === 'string') out.push(v);
      } catch {
        /* a damaged line of a leak: the other lines still count */
      }
    }
    return out;
  }
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new CliError('INPUT_CSV', `无法读取“${file}”：${readReason(e)}`);
  }
  for (const r of rows) out.push(...r);
  return out;
}

async function readCandidates(io: CliIo, paths: readonly string[]): Promise<TraceCandidate[]> {
  const out: TraceCandidate[] = [];
  const one = async (p: string, label: string, strict: boolean) => {
    let json: unknown;
    try {
      json = JSON.parse((await readFile(p, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (e) {
      if (strict) throw new CliError('INPUT_JSON', `候选记录“${label}”不是有效的 JSON：${readReason(e)}`);
      return;
    }
    const c = candidateFromJson(json, label);
    if (c.ok) out.push(c.value);
    else if (strict) throw new CliError(c.error.code, c.error.message);
  };
  for (const p of paths) {
    const abs = pathIn(io, p);
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      throw new CliError('INPUT_NOT_FOUND', `找不到候选记录“${p}”`);
    }
    if (!isDir) await one(abs, p, true);
    else for (const f of (await readdir(abs)).filter((f) => f.endsWith('.json')).sort()) await one(join(abs, f), join(p, f), false);
  }
  // One candidate per recipient (an access record and its request name the same recipient).
  const seen = new Map<string, TraceCandidate>();
  for (const c of out) if (!seen.has(c.recipient) || (c.recordedFingerprint && !seen.get(c.recipient)!.recordedFingerprint)) seen.set(c.recipient, c);
  if (!seen.size) throw new CliError('USAGE_CANDIDATES', '--candidates 中没有访问记录（.access.json）或写明 recipient 的数据使用申请');
  return [...seen.values()];
}

/** The fingerprint in the leak's own access record or metadata, when they came with it. */
async function sidecarFingerprint(io: CliIo, file: string): Promise<string | undefined> {
  for (const [suffix, pick] of [
    ['.access.json', (j: Record<string, any>) => j?.derivation?.fingerprint],
    ['.meta.json', (j: Record<string, any>) => j?.key?.fingerprint],
  ] as const) {
    try {
      const fp = pick(JSON.parse(await readFile(pathIn(io, file + suffix), 'utf8')));
      if (typeof fp === 'string' && /^[0-9a-f]{16}$/.test(fp)) return fp;
    } catch {
      /* no sidecar */
    }
  }
  return undefined;
}

export async function runTrace(io: CliIo, extract: string, o: TraceCliOptions): Promise<ExitCode> {
  if (o.out && o.out !== '-') checkOutputPath(pathIn(io, o.out));
  const cells = await leakedCells(io, extract);
  const keyIds = new Map<string, number>();
  for (const c of cells) {
    const p = parsePseudonym(c.trim());
    if (p) keyIds.set(p.keyId, (keyIds.get(p.keyId) ?? 0) + 1);
  }
  const keyId = o.keyId ?? [...keyIds].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!keyId) throw new CliError('TRACE_NO_TOKENS', `“${extract}”中没有假名（形如 k1:…），无法追溯`, EXIT.PROBLEMS);
  const leaked = leakedTokens(cells, keyId);
  const candidates = await readCandidates(io, o.candidates);

  let keyBytes: Buffer;
  try {
    keyBytes = await readFile(pathIn(io, o.keyFile));
  } catch {
    throw new CliError('INPUT_NOT_FOUND', `找不到密钥文件“${o.keyFile}”`);
  }
  const key = keyFromFileBytes(keyBytes);
  keyBytes.fill(0);

  let subjects: string[] | undefined;
  if (o.original) {
    const reader = await readPersonRecords(io, pathIn(io, o.original), { quiet: o.quiet, label: '追溯', ...reading(o) });
    const ids = new Set<string>();
    await reader.forEach((item) => {
      if (!('record' in item)) return;
      for (const f of ID_FIELDS) {
        const v = item.record[f];
        if (typeof v === 'string' && v) ids.add(v);
      }
    });
    printReadSummary(io, reader.stats);
    subjects = [...ids];
  }
  const leakedFingerprint = subjects ? undefined : await sidecarFingerprint(io, extract);
  if (!subjects && !leakedFingerprint) {
    key.fill(0);
    throw new CliError('USAGE_TRACE_ORIGINAL', '泄露的数据没有附带访问记录：请用 --original 给出制作研究数据所用的原始数据，以重算各接收方的假名');
  }
  const r = await traceLeak({ key, keyId, candidates, leaked, ...(subjects ? { subjects } : {}), ...(leakedFingerprint ? { leakedFingerprint } : {}) });
  key.fill(0);
  if (!r.ok) throw new CliError(r.error.code, r.error.message);
  const t = r.value;
  // The result is the data of this command when it is not written to a file (--out); then the lines go to stderr.
  const say = o.out ? io.stderr : io.stdout;
  say(`泄露数据中有 ${t.leaked} 个假名（密钥标识 ${keyId}）；${t.method === 'tokens' ? '按各接收方的派生密钥重算原始数据的假名' : '比对所附访问记录的密钥派生指纹'}：\n`);
  for (const m of t.matches) {
    const what = t.method === 'tokens' ? `匹配 ${m.matched}/${m.leaked} 个假名` : m.fingerprintMatch ? '指纹一致' : '指纹不符';
    say(`  ${m.recipient}：${what}${m.recordMatchesKey ? '' : '（注意：该记录中的指纹与此密钥派生的不符，记录不是用此密钥制作的）'}\n`);
  }
  // `--out -`: the result JSON on stdout (the lines above went to stderr).
  if (o.out === '-') io.stdout(JSON.stringify({ keyId, ...t }, null, 2) + '\n');
  else if (o.out) await writeOutput(pathIn(io, o.out), (tmp) => writeFile(tmp, JSON.stringify({ keyId, ...t }, null, 2) + '\n'));
  if (t.recipient) {
    const m = t.matches[0]!;
    say(`追溯结果：数据提供给了接收方 ${t.recipient}${m.source ? `（${m.source}）` : ''}${t.method === 'tokens' && m.matched < m.leaked ? `；另有 ${m.leaked - m.matched} 个假名无法解释` : ''}\n`);
    return EXIT.OK;
  }
  say(t.ambiguous ? '追溯结果：多个接收方同样匹配，无法确定\n' : '追溯结果：没有候选接收方与泄露数据匹配\n');
  return EXIT.PROBLEMS;
}
