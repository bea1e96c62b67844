/**
 * Worker thread of `canji check --workers N`: decodes and reads chunks of whole records (CSV or
 * JSON Lines) into person records and runs the record rules on them (a shard checker of
 * `@canji/rules`); the main thread runs the cross-check and batch rules in file order and builds
 * the report from the shards' results.
 */
import { parentPort } from 'node:worker_threads';
import type { PersonFormVersion } from '@canji/form';
import { createShardChecker, type RegionLevel, type RuleContext, type RuleFile, type ShardChecker, type ShardResult } from '@canji/rules';
import { decodeChunk, eachChunkItem } from './chunks.js';
import type { TextEncoding } from './encoding.js';
import { mapHeaders, type HeaderMapping } from './records.js';
import { checkRuleSet, unreadableRow } from './rule-set.js';
import type { RowError } from './sources.js';

export type WorkerRequest =
  | {
      type: 'init';
      format: 'csv' | 'jsonl';
      encoding: TextEncoding;
      /** CSV field delimiter. */
      delimiter: string;
      header: string[];
      form: PersonFormVersion;
      withDepartments: boolean;
      /** Rule files (`--rules`) as validated JSON data: the same rules as the main thread's are compiled from it. */
      ruleFiles: readonly RuleFile[];
      /** The check's context without the department indexes (they stay in the main thread). */
      context: Omit<RuleContext, 'departments' | 'recordKey'>;
      regionLevel?: RegionLevel;
    }
  | { type: 'chunk'; seq: number; bytes: Uint8Array; firstLine: number };

/** A chunk's results: its rows counted, the rejected rows, and the shard checker's results in row order. */
export interface WorkerReply {
  seq: number;
  read: number;
  rejects: { rowNumber: number; error: RowError }[];
  part: ShardResult;
  error?: undefined;
}

let state: { format: 'csv' | 'jsonl'; encoding: TextEncoding; delimiter: string; header: string[]; mapping: HeaderMapping; shard: ShardChecker } | undefined;

parentPort?.on('message', (m: WorkerRequest) => {
  if (m.type === 'init') {
    const shard = createShardChecker({ rules: checkRuleSet(m.form, m.withDepartments, m.ruleFiles), context: m.context, ...(m.regionLevel ? { regionLevel: m.regionLevel } : {}) });
    state = { format: m.format, encoding: m.encoding, delimiter: m.delimiter, header: m.header, mapping: mapHeaders(m.header, m.form), shard };
    return;
  }
  const s = state!;
  try {
    const rejects: WorkerReply['rejects'] = [];
    let read = 0;
    eachChunkItem(decodeChunk(m.bytes, s.encoding), s.format, s.delimiter, s.header, s.mapping, m.firstLine, (it) => {
      read++;
      if ('record' in it) s.shard.add(it.record);
      else {
        rejects.push({ rowNumber: it.rowNumber, error: it.reject });
        s.shard.add(unreadableRow(it.rowNumber, it.reject));
      }
    });
    const part = s.shard.take();
    const reply: WorkerReply = { seq: m.seq, read, rejects, part };
    parentPort!.postMessage(reply, [part.flags.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: (e as Error).message });
  }
});
