/// <reference types="node" />
/**
 * Where the review log lives, behind one interface: a JSON Lines file (the file store, beside a
 * file-store register until the SQL-engine issue lands) or tables in a DuckDB database — the
 * register's own file, when given it. Both keep the same events with the same chained hashes, so
 * a log copied from one to the other replays to the same state.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ReviewError } from './errors.js';
import { chainOf, GENESIS_CHAIN, verifyLog } from './log.js';
import type { ReviewEvent, ReviewEventDraft } from './types.js';

/** The kinds of store. */
export type ReviewStoreKind = 'file' | 'duckdb';

/**
 * A review log: append-only events, read back in order.
 *
 * @example
 * ```ts
 * const store = await openReviewStore('长沙市.duckdb');
 * (await store.events('2019')).length; //=> 12
 * await store.close();
 * ```
 */
export interface ReviewStore {
  readonly kind: ReviewStoreKind;
  /** The file holding the log (for the file store given a directory: `<dir>/review.jsonl`). */
  readonly path: string;
  /** Events in `seq` order; only those of `round` when given. */
  events(round?: string): Promise<ReviewEvent[]>;
  /** The rounds that have events, in the order first seen. */
  rounds(): Promise<string[]>;
  /** Appends one event (durable when the promise resolves): `seq` and `chain` are added. */
  append(draft: ReviewEventDraft): Promise<ReviewEvent>;
  close(): Promise<void>;
}

/** Options of {@link openReviewStore}. */
export interface OpenReviewStoreOptions {
  /**
   * `'file'` (JSON Lines) or `'duckdb'`. Default: `'file'` when the path is a directory or ends in
   * `.jsonl`, else `'duckdb'`.
   */
  readonly store?: ReviewStoreKind;
}

/** The file a file store given a directory (a file-store register) keeps its log in. */
export const REVIEW_LOG_FILE = 'review.jsonl';

const errno = (e: unknown) => (e as { code?: string })?.code;

/** Whether a process with this id is running (EPERM: it is, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

/** Stores open in this process, by absolute path (a second one would write behind the first's back). */
const OPEN_HERE = new Set<string>();

/**
 * Opens (creating when absent) the review log at `path`: a JSON Lines file, a directory (its
 * `review.jsonl` — a file-store register's directory), or a DuckDB database file (tables
 * `review_events` and `review_meta`, beside a register's tables when it is the register's file).
 * The log's chain is verified on opening; only one process may have a store open
 * (`REVIEW_STORE_LOCKED`). Throws a {@link ReviewError} when it cannot be opened.
 *
 * @example
 * ```ts
 * import { openReviewStore, reviewStatus } from '@canji/review';
 * const store = await openReviewStore('湖南省.duckdb');          // or 'review.jsonl', { store: 'file' }
 * const status = await reviewStatus(store, '2019');
 * status?.counts; //=> { 县级已审核: 120, 未提交: 2, … }
 * await store.close();
 * ```
 */
export async function openReviewStore(path: string, options: OpenReviewStoreOptions = {}): Promise<ReviewStore> {
  if (typeof path !== 'string' || path.trim() === '') throw new ReviewError('REVIEW_STORE_PATH_INVALID', '审核库路径不能为空');
  const fs = await import('node:fs/promises');
  const { resolve, join } = await import('node:path');
  const st = await fs.stat(path).catch(() => undefined);
  const kind = options.store ?? (st?.isDirectory() || /\.jsonl$/i.test(path) ? 'file' : 'duckdb');
  if (kind !== 'file' && kind !== 'duckdb') throw new ReviewError('REVIEW_STORE_MISMATCH', `未知的存储方式 ${JSON.stringify(kind)}（可选：file、duckdb）`);
  if (kind === 'duckdb' && st?.isDirectory()) throw new ReviewError('REVIEW_STORE_MISMATCH', `“${path}”是一个目录（文件存储请用 store: 'file'），DuckDB 审核库是一个文件`);
  const file = kind === 'file' && st?.isDirectory() ? join(path, REVIEW_LOG_FILE) : path;
  const abs = resolve(file);
  if (OPEN_HERE.has(abs)) throw new ReviewError('REVIEW_STORE_LOCKED', `审核库“${file}”已在本进程中打开：请先关闭它`);
  const store = kind === 'file' ? new FileReviewStore(file, abs) : new DuckDBReviewStore(file, abs);
  OPEN_HERE.add(abs);
  try {
    await store.open();
  } catch (e) {
    OPEN_HERE.delete(abs);
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}

/** The part both stores share: the events in memory, `seq` and `chain`. */
abstract class LogStore implements ReviewStore {
  abstract readonly kind: ReviewStoreKind;
  protected log: ReviewEvent[] = [];
  protected lastChain = GENESIS_CHAIN;
  protected closed = false;

  constructor(
    readonly path: string,
    protected readonly abs: string,
  ) {}

  abstract open(): Promise<void>;
  protected abstract write(e: ReviewEvent): Promise<void>;
  protected abstract release(): Promise<void>;

  protected async loaded(events: ReviewEvent[]): Promise<void> {
    this.lastChain = (await verifyLog(events, this.path)).chain;
    this.log = events;
  }

  async events(round?: string): Promise<ReviewEvent[]> {
    this.check();
    return round === undefined ? [...this.log] : this.log.filter((e) => e.round === round);
  }

  async rounds(): Promise<string[]> {
    this.check();
    return [...new Set(this.log.map((e) => e.round))];
  }

  async append(draft: ReviewEventDraft): Promise<ReviewEvent> {
    this.check();
    const body = { seq: this.log.length + 1, ...draft } as Omit<ReviewEvent, 'chain'>;
    for (const k of Object.keys(body) as (keyof typeof body)[]) if (body[k] === undefined) delete body[k];
    const event: ReviewEvent = { ...body, chain: await chainOf(this.lastChain, body) };
    await this.write(event);
    this.log.push(event);
    this.lastChain = event.chain;
    return event;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    OPEN_HERE.delete(this.abs);
    await this.release();
  }

  private check(): void {
    if (this.closed) throw new ReviewError('REVIEW_STORE_CLOSED', `审核库“${this.path}”已关闭`);
  }
}

/**
 * The file store: one JSON Lines file, one event per line, appended and fsynced; `<file>.lock`
 * holds the process id while open. A last line cut off by a killed process was never acknowledged
 * and is dropped (and rewritten away on the next append); any other unreadable line is `REVIEW_LOG_CORRUPT`.
 */
class FileReviewStore extends LogStore {
  readonly kind = 'file' as const;
  private fs!: typeof import('node:fs/promises');
  private locked = false;
  /** Bytes of whole lines (a torn tail beyond it is cut before the next append). */
  private goodBytes = 0;
  private tornTail = false;

  async open(): Promise<void> {
    this.fs = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    try {
      await this.fs.mkdir(dirname(this.abs), { recursive: true });
    } catch (e) {
      throw new ReviewError('REVIEW_STORE_PATH_INVALID', `无法创建审核库所在目录（${(e as Error).message}）`);
    }
    await this.lock();
    const text = await this.fs.readFile(this.abs, 'utf8').catch((e) => (errno(e) === 'ENOENT' ? '' : Promise.reject(new ReviewError('REVIEW_STORE_PATH_INVALID', `无法读取审核库“${this.path}”（${(e as Error).message}）`))));
    const lines = text.split('\n');
    const events: ReviewEvent[] = [];
    let bytes = 0;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const last = i === lines.length - 1;
      if (last && line === '') break;
      let e: ReviewEvent | undefined;
      try {
        e = JSON.parse(line) as ReviewEvent;
      } catch {
        e = undefined;
      }
      if (!e || typeof e !== 'object' || typeof e.seq !== 'number') {
        if (last) {
          this.tornTail = true; // written by a process killed mid-line: never acknowledged
          break;
        }
        throw new ReviewError('REVIEW_STORE_MISMATCH', `“${this.path}”第 ${i + 1} 行不是审核日志的记录`);
      }
      events.push(e);
      bytes += Buffer.byteLength(line, 'utf8') + 1;
    }
    this.goodBytes = bytes;
    await this.loaded(events);
  }

  private async lock(): Promise<void> {
    const path = `${this.abs}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.fs.writeFile(path, `${process.pid}\n`, { flag: 'wx' });
        this.locked = true;
        return;
      } catch (e) {
        if (errno(e) !== 'EEXIST') throw new ReviewError('REVIEW_STORE_PATH_INVALID', `无法建立锁文件“${path}”（${(e as Error).message}）`);
      }
      const pid = Number((await this.fs.readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new ReviewError('REVIEW_STORE_LOCKED', `审核库“${this.path}”正被另一进程（${pid}）使用`);
      await this.fs.rm(path, { force: true }); // the process that held it is gone: a stale lock
    }
    throw new ReviewError('REVIEW_STORE_LOCKED', `审核库“${this.path}”正被另一进程使用`);
  }

  protected async write(e: ReviewEvent): Promise<void> {
    const line = `${JSON.stringify(e)}\n`;
    const h = await this.fs.open(this.abs, 'a+');
    try {
      if (this.tornTail) {
        await h.truncate(this.goodBytes);
        this.tornTail = false;
      }
      await h.appendFile(line, 'utf8');
      await h.sync();
    } finally {
      await h.close();
    }
    this.goodBytes += Buffer.byteLength(line, 'utf8');
  }

  protected async release(): Promise<void> {
    if (this.locked) await this.fs.rm(`${this.abs}.lock`, { force: true });
    this.locked = false;
  }
}

const COLUMNS = ['seq', 'round', 'kind', 'unit', 'level', 'actor', 'at_time', 'hash', 'content_hash', 'batch', 'reason', 'config', 'from_state', 'to_state', 'chain'] as const;

/**
 * The DuckDB store: tables a user can query —
 * - `review_meta (k, v)` — `format` = `canji-review`, `format_version` = `1`;
 * - `review_events (seq, round, kind, unit, level, actor, at_time, hash, content_hash, batch, reason, config, from_state, to_state, chain)`
 *   — every event, appended in its own transaction, never changed (`config` as JSON text).
 * A register's tables in the same file are left alone.
 */
class DuckDBReviewStore extends LogStore {
  readonly kind = 'duckdb' as const;
  private db: DuckDBInstance | undefined;
  private con: DuckDBConnection | undefined;

  async open(): Promise<void> {
    let api: typeof import('@duckdb/node-api');
    try {
      api = await import('@duckdb/node-api');
    } catch (e) {
      throw new ReviewError('REVIEW_STORE_UNAVAILABLE', `无法加载 @duckdb/node-api（${(e as Error).message}）：请安装它，或用 store: 'file'`);
    }
    const { mkdir } = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    await mkdir(dirname(this.abs), { recursive: true }).catch((e) => Promise.reject(new ReviewError('REVIEW_STORE_PATH_INVALID', `无法创建审核库所在目录（${(e as Error).message}）`)));
    try {
      this.db = await api.DuckDBInstance.create(this.abs);
      this.con = await this.db.connect();
    } catch (e) {
      const m = (e as Error).message ?? String(e);
      if (/lock/i.test(m)) throw new ReviewError('REVIEW_STORE_LOCKED', `审核库“${this.path}”正被另一进程使用（${m}）`);
      throw new ReviewError('REVIEW_STORE_MISMATCH', `“${this.path}”不是 DuckDB 数据库文件（${m}）`);
    }
    const c = this.con;
    const tables = new Set((await c.runAndReadAll(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)).getRowObjectsJS().map((r) => r.table_name as string));
    if (!tables.has('review_events')) {
      await c.run('BEGIN TRANSACTION');
      await c.run('CREATE TABLE review_meta (k VARCHAR, v VARCHAR)');
      await c.run(`INSERT INTO review_meta VALUES ('format', 'canji-review'), ('format_version', '1')`);
      await c.run(`CREATE TABLE review_events (seq INTEGER, round VARCHAR, kind VARCHAR, unit VARCHAR, level VARCHAR, actor VARCHAR, at_time VARCHAR, hash VARCHAR, content_hash VARCHAR, batch VARCHAR, reason VARCHAR, config VARCHAR, from_state VARCHAR, to_state VARCHAR, chain VARCHAR)`);
      await c.run('COMMIT');
      await this.loaded([]);
      return;
    }
    const version = (await c.runAndReadAll(`SELECT v FROM review_meta WHERE k = 'format_version'`)).getRowObjectsJS()[0]?.v;
    if (version !== '1') throw new ReviewError('REVIEW_STORE_MISMATCH', `“${this.path}”的审核表由更新版本的 canji 写入（格式版本 ${String(version)}），请升级 canji`);
    const rows = (await c.runAndReadAll(`SELECT ${COLUMNS.join(', ')} FROM review_events ORDER BY seq`)).getRowObjectsJS();
    await this.loaded(rows.map(eventOfRow));
  }

  protected async write(e: ReviewEvent): Promise<void> {
    const v = [e.seq, e.round, e.kind, e.unit, e.level, e.by, e.at, e.hash, e.contentHash, e.batch, e.reason, e.config ? JSON.stringify(e.config) : undefined, e.from, e.to, e.chain].map((x) => x ?? null);
    if (!this.con) throw new ReviewError('REVIEW_STORE_CLOSED', `审核库“${this.path}”已关闭`);
    await this.con.run(`INSERT INTO review_events VALUES (${COLUMNS.map(() => '?').join(', ')})`, v);
  }

  protected async release(): Promise<void> {
    this.con?.closeSync();
    this.db?.closeSync();
    this.con = undefined;
    this.db = undefined;
  }
}

function eventOfRow(r: Record<string, unknown>): ReviewEvent {
  const out: Record<string, unknown> = { seq: Number(r.seq) };
  const map: [string, string][] = [['round', 'round'], ['kind', 'kind'], ['unit', 'unit'], ['level', 'level'], ['by', 'actor'], ['at', 'at_time'], ['hash', 'hash'], ['contentHash', 'content_hash'], ['batch', 'batch'], ['reason', 'reason'], ['from', 'from_state'], ['to', 'to_state'], ['chain', 'chain']];
  for (const [k, col] of map) if (r[col] !== null && r[col] !== undefined) out[k] = r[col];
  if (typeof r.config === 'string') out.config = JSON.parse(r.config);
  return out as unknown as ReviewEvent;
}
