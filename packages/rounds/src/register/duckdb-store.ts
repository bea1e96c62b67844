/// <reference types="node" />
/**
 * The DuckDB store: one database file (`@duckdb/node-api`) with tables a user can query —
 * - `meta (k, v)` — what the register is (`meta`: form version, key, the base, JSON) and
 *   `current_seq`, the last event `current` includes;
 * - `base (ord, key, record)` — the base as loaded (records as JSON text);
 * - `events (seq, id, outcome, op, person, item, old, new, expected, record, reason, effective, recorded, mode, source, collector, code, message)`
 *   — every processed event in order (values as JSON text), appended, never changed;
 * - `current (key, record, in_base, exit_reason, exit_effective, exit_event, last_updated)` — the
 *   persons changed since the base, as of event `current_seq`;
 * - the view `persons` — every person: `current`, else the base.
 *
 * Each batch of events is one transaction (DuckDB's write-ahead log gives back exactly the
 * committed batches after a kill). `current` is brought up to date every {@link SYNC_EVERY} events
 * and on close, in one transaction with `current_seq`; opening replays the events after it
 * (rewriting the changed persons' rows with every batch made a commit cost about 40 times the
 * events' own — docs/internals note in the bench).
 */
import type { DuckDBAppender, DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { PersonRecord } from '@canji/rules';
import type { EntryFilter, OpenedStore, RegisterMeta, StoreBackend } from './backend.js';
import { RegisterError } from './codes.js';
import { applyEntry, type JournalEntry, type PersonState } from './state.js';
import type { RegisterOutcome } from './types.js';

/**
 * DuckDB files open in this process: DuckDB's file lock keeps other processes out, but not a second
 * instance in the same process (POSIX locks are per process), which would write the file behind the first's back.
 */
const OPEN_HERE = new Set<string>();

/** Events between two updates of `current` (and on close). */
const SYNC_EVERY = 50_000;

const SCHEMA = [
  'CREATE TABLE meta (k VARCHAR, v VARCHAR)',
  'CREATE TABLE base (ord INTEGER, key VARCHAR, record VARCHAR)',
  'CREATE TABLE current (key VARCHAR, record VARCHAR, in_base BOOLEAN, exit_reason VARCHAR, exit_effective VARCHAR, exit_event VARCHAR, last_updated VARCHAR)',
  'CREATE TABLE events (seq INTEGER, id VARCHAR, outcome VARCHAR, op VARCHAR, person VARCHAR, item VARCHAR, old VARCHAR, new VARCHAR, expected VARCHAR, record VARCHAR, reason VARCHAR, effective VARCHAR, recorded VARCHAR, mode VARCHAR, source VARCHAR, collector VARCHAR, code VARCHAR, message VARCHAR)',
  `CREATE VIEW persons AS
     SELECT key, record, in_base, exit_reason, exit_effective, exit_event, last_updated FROM current
     UNION ALL
     SELECT key, record, true, NULL, NULL, NULL, (SELECT v FROM meta WHERE k = 'base_as_of') FROM base WHERE key NOT IN (SELECT key FROM current)`,
];
const EVENT_COLUMNS = ['seq', 'id', 'outcome', 'op', 'person', 'item', 'old', 'new', 'expected', 'record', 'reason', 'effective', 'recorded', 'mode', 'source', 'collector', 'code', 'message'] as const;

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

function appendText(a: DuckDBAppender, v: string | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendVarchar(v);
}

/** A journal entry from a row of `events`. */
function entryOf(r: Record<string, unknown>): JournalEntry {
  const out: Record<string, unknown> = { seq: Number(r.seq), id: r.id, outcome: r.outcome, op: r.op, person: r.person };
  for (const k of ['item', 'reason', 'recorded', 'collector', 'code', 'message'] as const) if (r[k] !== null && r[k] !== undefined) out[k] = r[k];
  for (const k of ['old', 'new', 'expected', 'record'] as const) if (r[k] !== null && r[k] !== undefined) out[k] = JSON.parse(r[k] as string);
  out.effective = r.effective;
  out.mode = r.mode;
  out.source = r.source;
  return out as unknown as JournalEntry;
}

/** @internal The DuckDB store of a register at `path`. */
export class DuckDBStore implements StoreBackend {
  private db: DuckDBInstance | undefined;
  private con: DuckDBConnection | undefined;
  private held: string | undefined;
  /** Persons changed since `current` was last brought up to date, with their latest state. */
  private dirty = new Map<string, PersonState>();
  private sinceSync = 0;
  private lastSeq = 0;

  constructor(private readonly path: string) {}

  private get c(): DuckDBConnection {
    if (!this.con) throw new RegisterError('REGISTER_CLOSED', '登记库已关闭');
    return this.con;
  }

  async open(): Promise<OpenedStore> {
    const { stat, mkdir } = await import('node:fs/promises');
    const { dirname, resolve } = await import('node:path');
    const abs = resolve(this.path);
    if (OPEN_HERE.has(abs)) throw new RegisterError('REGISTER_LOCKED', `登记库“${this.path}”已在本进程中打开：请先关闭它`);
    const st = await stat(this.path).catch(() => undefined);
    if (st?.isDirectory()) throw new RegisterError('REGISTER_STORE_MISMATCH', `“${this.path}”是一个目录（文件存储的登记库请用 store: 'file'），DuckDB 登记库是一个文件`);
    if (!st) {
      try {
        await mkdir(dirname(this.path), { recursive: true });
      } catch (e) {
        throw new RegisterError('REGISTER_PATH_INVALID', `无法创建登记库所在目录（${(e as Error).message}）`);
      }
    }
    let api: typeof import('@duckdb/node-api');
    try {
      api = await import('@duckdb/node-api');
    } catch (e) {
      throw new RegisterError('REGISTER_STORE_UNAVAILABLE', `无法加载 @duckdb/node-api（${(e as Error).message}）：请安装它，或用 store: 'file'`);
    }
    try {
      this.db = await api.DuckDBInstance.create(this.path);
      this.con = await this.db.connect();
      OPEN_HERE.add(abs);
      this.held = abs;
    } catch (e) {
      await this.close();
      const m = (e as Error).message ?? String(e);
      if (/lock/i.test(m)) throw new RegisterError('REGISTER_LOCKED', `登记库“${this.path}”正被另一进程使用（${m}）`);
      throw new RegisterError('REGISTER_STORE_MISMATCH', `“${this.path}”不是 DuckDB 数据库文件（${m}）`);
    }
    try {
      return await this.read();
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  private async rows(sql: string, params: (string | number | boolean | null)[] = []): Promise<Record<string, unknown>[]> {
    return (await this.c.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
  }

  /**
   * The rows of a query, streamed chunk by chunk on a connection of their own (a streamed result
   * would be cut off by the next query on its connection — a batch committed while a snapshot is read).
   */
  private async *stream(sql: string, params: (string | number | boolean | null)[] = []): AsyncGenerator<Record<string, unknown>> {
    if (!this.db) throw new RegisterError('REGISTER_CLOSED', '登记库已关闭');
    const con = await this.db.connect();
    try {
      const result = await con.stream(sql, params);
      for await (const chunk of result.yieldRowObjectJs()) for (const r of chunk) yield r as Record<string, unknown>;
    } finally {
      con.closeSync();
    }
  }

  private async read(): Promise<OpenedStore> {
    const tables = new Set((await this.rows(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)).map((r) => r.table_name as string));
    if (tables.size === 0) return { meta: undefined, persons: new Map(), seen: new Map(), seq: 0, recovery: [] };
    if (!['meta', 'base', 'current', 'events'].every((t) => tables.has(t))) throw new RegisterError('REGISTER_STORE_MISMATCH', `数据库“${this.path}”不是 canji 登记库（缺少 meta、base、current、events 表）`);
    const metaRow = (await this.rows(`SELECT v FROM meta WHERE k = 'meta'`))[0];
    if (!metaRow) throw new RegisterError('REGISTER_CORRUPT', `登记库“${this.path}”缺少说明（meta 表为空）`);
    const meta = JSON.parse(metaRow.v as string) as RegisterMeta;
    if (meta.format !== 'canji-register' || meta.store !== 'duckdb') throw new RegisterError('REGISTER_STORE_MISMATCH', `数据库“${this.path}”不是 canji 的 DuckDB 登记库`);
    if (meta.formatVersion !== 1) throw new RegisterError('REGISTER_FORMAT_UNSUPPORTED', `登记库由更新版本的 canji 写入（格式版本 ${String(meta.formatVersion)}），请升级 canji`);
    const persons = new Map<string, PersonState>();
    const asOf = meta.base?.asOf ?? '';
    for await (const [key, record] of this.base()) persons.set(key, { record, inBase: true, lastUpdated: asOf });
    for (const r of await this.rows('SELECT * FROM current')) {
      const s: PersonState = {
        record: JSON.parse(r.record as string) as PersonRecord,
        inBase: r.in_base === true,
        lastUpdated: r.last_updated as string,
        ...(r.exit_reason !== null ? { exited: { reason: r.exit_reason as never, effective: r.exit_effective as string, event: r.exit_event as string } } : {}),
      };
      persons.set(r.key as string, s);
    }
    const synced = Number((await this.rows(`SELECT v FROM meta WHERE k = 'current_seq'`))[0]?.v ?? 0);
    const seen = new Map<string, RegisterOutcome>();
    let seq = 0;
    for (const r of await this.rows('SELECT seq, id, outcome FROM events ORDER BY seq')) {
      seen.set(r.id as string, r.outcome as RegisterOutcome);
      seq = Number(r.seq);
    }
    // The events after the last update of `current` (a kill, or a close that could not write it).
    for await (const r of this.stream(`SELECT ${EVENT_COLUMNS.join(', ')} FROM events WHERE seq > ? AND outcome = 'applied' ORDER BY seq`, [synced])) {
      const e = entryOf(r);
      const s = applyEntry(persons.get(e.person), e);
      if (s) {
        persons.set(e.person, s);
        this.dirty.set(e.person, s);
      }
    }
    this.lastSeq = seq;
    return { meta, persons, seen, seq, recovery: [] };
  }

  /** Runs `fn` in one transaction: committed whole, or rolled back and the error passed on. */
  private async transaction(fn: () => Promise<void>): Promise<void> {
    await this.c.run('BEGIN TRANSACTION');
    try {
      await fn();
      await this.c.run('COMMIT');
    } catch (e) {
      await this.c.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  async init(meta: RegisterMeta): Promise<void> {
    await this.transaction(async () => {
      for (const s of SCHEMA) await this.c.run(s);
      await this.c.run(`INSERT INTO meta VALUES ('meta', ?), ('current_seq', '0'), ('base_as_of', NULL)`, [JSON.stringify(meta)]);
    });
  }

  private async appendPersons(table: 'current', persons: Iterable<readonly [string, PersonState]>): Promise<void> {
    const a = await this.c.createAppender(table);
    try {
      for (const [key, s] of persons) {
        a.appendVarchar(key);
        a.appendVarchar(JSON.stringify(s.record));
        a.appendBoolean(s.inBase);
        appendText(a, s.exited?.reason);
        appendText(a, s.exited?.effective);
        appendText(a, s.exited?.event);
        a.appendVarchar(s.lastUpdated);
        a.endRow();
      }
      a.flushSync();
    } finally {
      a.closeSync();
    }
  }

  async writeBase(meta: RegisterMeta, base: ReadonlyMap<string, PersonRecord>): Promise<void> {
    await this.transaction(async () => {
      const a = await this.c.createAppender('base');
      try {
        let ord = 0;
        for (const [key, record] of base) {
          a.appendInteger(ord++);
          a.appendVarchar(key);
          a.appendVarchar(JSON.stringify(record));
          a.endRow();
        }
        a.flushSync();
      } finally {
        a.closeSync();
      }
      await this.c.run(`UPDATE meta SET v = ? WHERE k = 'meta'`, [JSON.stringify(meta)]);
      await this.c.run(`UPDATE meta SET v = ? WHERE k = 'base_as_of'`, [meta.base!.asOf]);
    });
  }

  async commit(entries: readonly JournalEntry[], touched: ReadonlyMap<string, PersonState>): Promise<void> {
    if (entries.length === 0) return;
    await this.transaction(async () => {
      const a = await this.c.createAppender('events');
      try {
        for (const e of entries) {
          a.appendInteger(e.seq);
          a.appendVarchar(e.id);
          a.appendVarchar(e.outcome);
          a.appendVarchar(e.op);
          a.appendVarchar(e.person);
          appendText(a, e.item);
          appendText(a, json(e.old));
          appendText(a, json(e.new));
          appendText(a, 'expected' in e ? json(e.expected) : null);
          appendText(a, json(e.record));
          appendText(a, e.reason);
          a.appendVarchar(e.effective);
          appendText(a, e.recorded);
          a.appendVarchar(e.mode);
          a.appendVarchar(e.source);
          appendText(a, e.collector);
          appendText(a, e.code);
          appendText(a, e.message);
          a.endRow();
        }
        a.flushSync();
      } finally {
        a.closeSync();
      }
    });
    this.lastSeq = entries[entries.length - 1]!.seq;
    for (const [k, s] of touched) this.dirty.set(k, s);
    this.sinceSync += entries.length;
    if (this.sinceSync >= SYNC_EVERY) await this.syncCurrent();
  }

  /** Brings `current` up to date with the events committed so far: one transaction, with `current_seq`. */
  private async syncCurrent(): Promise<void> {
    if (this.dirty.size === 0) return;
    const dirty = this.dirty;
    await this.transaction(async () => {
      // The changed persons replace their rows: a temporary table of keys, one delete, one append.
      await this.c.run('CREATE TEMP TABLE IF NOT EXISTS touched (key VARCHAR)');
      const t = await this.c.createAppender('touched', 'main', 'temp');
      try {
        for (const key of dirty.keys()) {
          t.appendVarchar(key);
          t.endRow();
        }
        t.flushSync();
      } finally {
        t.closeSync();
      }
      await this.c.run('DELETE FROM current WHERE key IN (SELECT key FROM temp.main.touched)');
      await this.c.run('DELETE FROM temp.main.touched');
      await this.appendPersons('current', dirty);
      await this.c.run(`UPDATE meta SET v = ? WHERE k = 'current_seq'`, [String(this.lastSeq)]);
    });
    this.dirty = new Map();
    this.sinceSync = 0;
  }

  async *entries(f: EntryFilter): AsyncIterable<JournalEntry> {
    const where: string[] = [];
    const params: string[] = [];
    if (f.person !== undefined) where.push('person = ?'), params.push(f.person);
    if (f.collector !== undefined) where.push('collector = ?'), params.push(f.collector);
    if (f.since !== undefined) where.push('coalesce(substr(recorded, 1, 10), effective) >= ?'), params.push(f.since);
    if (f.appliedOnly) where.push(`outcome = 'applied'`);
    if (f.effectiveUpTo !== undefined) where.push('effective <= ?'), params.push(f.effectiveUpTo);
    const sql = `SELECT ${EVENT_COLUMNS.join(', ')} FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
    for await (const r of this.stream(sql, params)) yield entryOf(r);
  }

  async *base(): AsyncIterable<readonly [string, PersonRecord]> {
    for await (const r of this.stream('SELECT key, record FROM base ORDER BY ord')) yield [r.key as string, JSON.parse(r.record as string) as PersonRecord] as const;
  }

  async close(): Promise<void> {
    try {
      // `current` up to date for SQL users; if this fails, the next open replays the events.
      if (this.con) await this.syncCurrent().catch(() => undefined);
      this.con?.closeSync();
    } finally {
      this.con = undefined;
      try {
        this.db?.closeSync();
      } finally {
        this.db = undefined;
        if (this.held) OPEN_HERE.delete(this.held);
        this.held = undefined;
      }
    }
  }
}
