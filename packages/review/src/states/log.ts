/// <reference types="node" />
/**
 * What both stores share: the chained hash of the log and the check of a log read back. Each
 * event's `chain` is SHA-256 over the previous event's `chain` (64 zeros for the first) and the
 * event's canonical JSON (keys sorted, `chain` left out): a line edited, removed or reordered in
 * the JSONL file or the table breaks the chain from there on (`REVIEW_LOG_CORRUPT`).
 */
import { ReviewError } from './errors.js';
import type { ReviewEvent } from './types.js';

/** `chain` of the event before the first. */
export const GENESIS_CHAIN = '0'.repeat(64);

/** JSON with object keys sorted (arrays kept in order), `undefined` members left out. @internal */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

let crypto: typeof import('node:crypto') | undefined;

/** SHA-256 (hex) of a string's UTF-8 bytes. @internal */
export async function sha256Text(text: string): Promise<string> {
  crypto ??= await import('node:crypto');
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The `chain` of an event after `prev`. @internal */
export async function chainOf(prev: string, event: Omit<ReviewEvent, 'chain'> & { chain?: string }): Promise<string> {
  const { chain: _c, ...rest } = event;
  void _c;
  return sha256Text(`${prev}\n${canonicalJson(rest)}`);
}

/** Checks the order and chain of a whole log; gives the last `seq` and `chain`. @internal */
export async function verifyLog(events: readonly ReviewEvent[], where: string): Promise<{ seq: number; chain: string }> {
  let prev = GENESIS_CHAIN;
  let seq = 0;
  for (const e of events) {
    if (e.seq !== seq + 1) throw new ReviewError('REVIEW_LOG_CORRUPT', `审核日志“${where}”的序号不连续：第 ${seq} 条之后是第 ${String(e.seq)} 条（有记录被删除或插入）`);
    if ((await chainOf(prev, e)) !== e.chain) throw new ReviewError('REVIEW_LOG_CORRUPT', `审核日志“${where}”第 ${e.seq} 条已被改动（链式哈希不符）`);
    prev = e.chain;
    seq = e.seq;
  }
  return { seq, chain: prev };
}
