/**
 * Worker thread of `canji check --workers N`: reads the chunks of whole records it is given with
 * the row source's chunk reader and the person-record reader of the header the main thread found
 * (the same readers as one thread), and runs the record rules on them (a shard checker of
 * `@canji/rules`: record checker + report accumulator); the main thread merges the shards'
 * tallies in file order and runs the cross-check and batch rules.
 */
import { parentPort } from 'node:worker_threads';
import { createShardChecker, type RegionLevel, type RuleContext, type ShardChecker, type ShardResult } from '@canji/rules';
import { createChunkReader, type ChunkReader, type ChunkReaderOptions, type RowItem } from './chunks.js';
import { personRowReader, type PersonRowReader } from './records.js';
import { checkRuleSet, unreadableRow, type RuleSetSpec } from './rule-set.js';
import type { RowError } from './rows.js';
import { NormalisationCounter, type NormalisationTally } from './normalisations.js';

export type WorkerRequest =
  | {
      type: 'init';
      /** How to read a chunk, with the header the main thread found. */
      reader: ChunkReaderOptions & { header: NonNullable<ChunkReaderOptions['header']> };
      /** Form version the rows are read for (default `'2017'`). */
      formVersion?: string;
      /** The rule set, compiled here as in the main thread (extra rules included). */
      rules: RuleSetSpec;
      /** The check's context without the department indexes (they stay in the main thread). */
      context: Omit<RuleContext, 'departments' | 'recordKey'>;
      regionLevel?: RegionLevel;
      /** Hand over each record's issues (for the list of records to fix). */
      keepIssues?: boolean;
    }
  | { type: 'chunk'; seq: number; bytes: Uint8Array; firstLine: number };

/** A chunk's results: its rows counted, the rejected rows, and the shard checker's results in row order. */
export interface WorkerReply {
  seq: number;
  read: number;
  rejects: { rowNumber: number; error: RowError }[];
  /** The file row number of each item of `part`, in order. */
  rows: Uint32Array;
  /** Rows whose values were normalised, and what was changed. */
  normalised: number;
  normalisations: NormalisationTally;
  part: ShardResult;
  error?: undefined;
}

let state: { chunks: ChunkReader; rows: PersonRowReader; shard: ShardChecker } | undefined;

parentPort?.on('message', (m: WorkerRequest) => {
  if (m.type === 'init') {
    const shard = createShardChecker({ rules: checkRuleSet(m.rules), context: m.context, ...(m.regionLevel ? { regionLevel: m.regionLevel } : {}), ...(m.keepIssues ? { keepIssues: true } : {}) });
    const rows = personRowReader(m.reader.header.columns, m.formVersion ? { formVersion: m.formVersion } : {});
    state = { chunks: createChunkReader(m.reader), rows, shard };
    return;
  }
  const s = state!;
  try {
    const rejects: WorkerReply['rejects'] = [];
    let read = 0;
    let normalised = 0;
    const changes = new NormalisationCounter();
    const rows: number[] = [];
    const reject = (rowNumber: number, error: RowError) => {
      rejects.push({ rowNumber, error });
      rows.push(rowNumber);
      s.shard.add(unreadableRow(rowNumber, error));
    };
    s.chunks.read(m.bytes, m.firstLine, (it: RowItem) => {
      if (it.kind === 'header') return; // the main thread's (never sent with a known header)
      read++;
      if (it.kind === 'reject') return reject(it.rowNumber, it.error);
      const r = s.rows.read(it);
      if (r.ok) {
        rows.push(it.rowNumber);
        if (r.notes) {
          normalised++;
          if (r.normalised) changes.add(it.rowNumber, r.normalised);
        }
        s.shard.add(r.record);
      } else reject(it.rowNumber, r.error);
    });
    const part = s.shard.take();
    const reply: WorkerReply = { seq: m.seq, read, rejects, rows: Uint32Array.from(rows), normalised, normalisations: changes.tally, part };
    parentPort!.postMessage(reply, [part.flags.buffer as ArrayBuffer, reply.rows.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: (e as Error).message });
  }
});
