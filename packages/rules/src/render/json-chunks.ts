/**
 * JSON text of a large value in pieces: what `JSON.stringify(value, null, indent)` writes, byte for
 * byte, without ever holding it as one string. A province's report holds hundreds of thousands of
 * department discrepancies; as one string its JSON nears V8's limit on string length (about 5.4 ×
 * 10^8 characters), past which `JSON.stringify` throws — and it is held twice (string and bytes).
 */

/** Containers nested this deep or deeper are written whole (each one small: a discrepancy, a rule row). */
const STREAMED_DEPTH = 4;
/** Pieces are gathered to about this many characters before they are handed out. */
const PIECE = 1 << 16;

function isContainer(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !(v instanceof Number || v instanceof String || v instanceof Boolean);
}

/**
 * The pieces of `JSON.stringify(value, null, indent)` (joined, they equal it; `undefined` when it
 * would return `undefined`). Objects and arrays near the top are written member by member;
 * deeper ones by `JSON.stringify` itself.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * const out = createWriteStream('report.json');
 * for (const piece of jsonChunks(report, 2)) if (!out.write(piece)) await once(out, 'drain');
 * out.end('\n');
 * ```
 */
export function* jsonChunks(value: unknown, indent = 2): Generator<string, void, undefined> {
  let buffer = '';
  const unit = ' '.repeat(Math.max(0, Math.min(10, Math.floor(indent))));
  function* flush(): Generator<string, void, undefined> {
    if (buffer.length >= PIECE) {
      yield buffer;
      buffer = '';
    }
  }
  /** Writes `v` (already through `toJSON`) at `depth`; false when JSON has no text for it. */
  function* write(v: unknown, depth: number): Generator<string, boolean, undefined> {
    if (!isContainer(v) || depth >= STREAMED_DEPTH) {
      const text = JSON.stringify(v, null, unit);
      if (text === undefined) return false;
      buffer += depth > 0 && unit && isContainer(v) ? text.replace(/\n/g, `\n${unit.repeat(depth)}`) : text;
      yield* flush();
      return true;
    }
    const inner = unit ? `\n${unit.repeat(depth + 1)}` : '';
    const close = unit ? `\n${unit.repeat(depth)}` : '';
    if (Array.isArray(v)) {
      if (v.length === 0) {
        buffer += '[]';
        return true;
      }
      buffer += '[';
      for (let i = 0; i < v.length; i++) {
        buffer += i > 0 ? `,${inner}` : inner;
        if (!(yield* write(prepared(v[i], String(i)), depth + 1))) buffer += 'null';
      }
      buffer += `${close}]`;
      yield* flush();
      return true;
    }
    buffer += '{';
    let first = true;
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const item = prepared(obj[key], key);
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      buffer += `${first ? '' : ','}${inner}${JSON.stringify(key)}:${unit ? ' ' : ''}`;
      first = false;
      yield* write(item, depth + 1);
    }
    buffer += first ? '}' : `${close}}`;
    yield* flush();
    return true;
  }
  const top = prepared(value, '');
  const some = yield* write(top, 0);
  if (!some) return;
  if (buffer) yield buffer;
}

/** The value as `JSON.stringify` sees it: after its `toJSON`. */
function prepared(v: unknown, key: string): unknown {
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint') && typeof (v as { toJSON?: unknown }).toJSON === 'function') return (v as { toJSON(k: string): unknown }).toJSON(key);
  return v;
}
