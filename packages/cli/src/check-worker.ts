/**
 * Worker thread of `canji check --workers N`: decodes and reads chunks of whole records (CSV or
 * JSON Lines) into person records; the main thread runs the rules in file order.
 */
import { parentPort } from 'node:worker_threads';
import { decodeChunk, readChunk } from './chunks.js';
import type { TextEncoding } from './encoding.js';
import { mapHeaders, type HeaderMapping } from './records.js';

export type WorkerRequest =
  | { type: 'init'; format: 'csv' | 'jsonl'; encoding: TextEncoding; header: string[] }
  | { type: 'chunk'; seq: number; bytes: Uint8Array; firstLine: number };

let state: { format: 'csv' | 'jsonl'; encoding: TextEncoding; header: string[]; mapping: HeaderMapping } | undefined;

parentPort?.on('message', (m: WorkerRequest) => {
  if (m.type === 'init') {
    state = { format: m.format, encoding: m.encoding, header: m.header, mapping: mapHeaders(m.header) };
    return;
  }
  const s = state!;
  try {
    const items = readChunk(decodeChunk(m.bytes, s.encoding), s.format, s.header, s.mapping, m.firstLine);
    parentPort!.postMessage({ seq: m.seq, items });
  } catch (e) {
    parentPort!.postMessage({ seq: m.seq, error: (e as Error).message });
  }
});
