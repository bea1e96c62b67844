/// <reference types="node" />
/**
 * The file store: a directory holding
 * - `register.json` — what the register is (form version, key), one checksummed line;
 * - `base.jsonl` — the base, written whole under a temporary name and renamed into place: a header
 *   line (date, source, persons), then one line per person;
 * - `journal.jsonl` — append-only: one line per processed event, and after each batch a commit
 *   mark (`{"commit":<last seq>,"n":<lines>}`); each batch is written in one write and fsynced;
 * - `LOCK` — the process that has it open.
 * Every line is checksummed (see `lines.ts`). On open, a torn last line and the lines after the last
 * commit mark are dropped (and reported): a batch is in the register whole or not at all.
 */
import type { FileHandle } from 'node:fs/promises';
import type { PersonRecord } from '@canji/rules';
import type { EntryFilter, OpenedStore, RegisterMeta, StoreBackend } from './backend.js';
import { RegisterError } from './codes.js';
import { decodeLine, encodeLine } from './lines.js';
import { applyEntry, auditMatches, type JournalEntry, type PersonState } from './state.js';
import type { RegisterOutcome, RegisterRecovery } from './types.js';

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

const META = 'register.json';
const BASE = 'base.jsonl';
const JOURNAL = 'journal.jsonl';
const LOCK = 'LOCK';

interface BaseHeader {
  readonly base: { readonly asOf: string; readonly source: string; readonly persons: number };
}
interface BaseLine {
  readonly k: string;
  readonly r: PersonRecord;
}
interface CommitMark {
  readonly commit: number;
  readonly n: number;
}

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

/** @internal The file store of a register at directory `dir`. */
export class FileStore implements StoreBackend {
  private fs!: Fs;
  private p!: Path;
  private journal: FileHandle | undefined;
  private entriesList: JournalEntry[] = [];
  private byPerson = new Map<string, JournalEntry[]>();
  private locked = false;

  constructor(private readonly dir: string) {}

  private at(name: string): string {
    return this.p.join(this.dir, name);
  }

  async open(): Promise<OpenedStore> {
    this.fs = await import('node:fs/promises');
    this.p = await import('node:path');
    await this.prepareDir();
    await this.lock();
    try {
      const opened = await this.read();
      this.journal = await this.fs.open(this.at(JOURNAL), 'a');
      return opened;
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  /** The directory exists (created when absent) and is a register's or empty. */
  private async prepareDir(): Promise<void> {
    const st = await this.fs.stat(this.dir).catch((e) => (errno(e) === 'ENOENT' ? undefined : Promise.reject(e)));
    if (st && !st.isDirectory()) {
      throw new RegisterError('REGISTER_STORE_MISMATCH', `“${this.dir}”是一个文件，不是文件存储的登记库目录（DuckDB 登记库请用 store: 'duckdb'）`);
    }
    if (!st) {
      try {
        await this.fs.mkdir(this.dir, { recursive: true });
      } catch (e) {
        throw new RegisterError('REGISTER_PATH_INVALID', `无法创建登记库目录“${this.dir}”（${(e as Error).message}）`);
      }
      return;
    }
    const names = await this.fs.readdir(this.dir);
    if (names.length > 0 && !names.includes(META)) {
      throw new RegisterError('REGISTER_STORE_MISMATCH', `目录“${this.dir}”不是空目录，也不是 canji 登记库（没有 ${META}）`);
    }
  }

  private async lock(): Promise<void> {
    const path = this.at(LOCK);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.fs.writeFile(path, `${process.pid}\n`, { flag: 'wx' });
        this.locked = true;
        return;
      } catch (e) {
        if (errno(e) !== 'EEXIST') throw new RegisterError('REGISTER_PATH_INVALID', `无法在“${this.dir}”中建立锁文件（${(e as Error).message}）`);
      }
      const pid = Number((await this.fs.readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new RegisterError('REGISTER_LOCKED', `登记库“${this.dir}”正被另一进程（${pid}）使用`);
      }
      // The process that held it is gone (killed): the lock is stale.
      await this.fs.rm(path, { force: true });
    }
    throw new RegisterError('REGISTER_LOCKED', `登记库“${this.dir}”正被另一进程使用`);
  }

  private async read(): Promise<OpenedStore> {
    const metaText = await this.fs.readFile(this.at(META), 'utf8').catch((e) => (errno(e) === 'ENOENT' ? undefined : Promise.reject(e)));
    if (metaText === undefined) return { meta: undefined, persons: new Map(), seen: new Map(), seq: 0, recovery: [] };
    const decoded = decodeLine(metaText.trim());
    const meta = decoded?.value as RegisterMeta | undefined;
    if (!meta || meta.format !== 'canji-register') throw new RegisterError('REGISTER_CORRUPT', `登记库“${this.dir}”的 ${META} 已损坏（校验和不符）`);
    if (meta.formatVersion !== 1) throw new RegisterError('REGISTER_FORMAT_UNSUPPORTED', `登记库由更新版本的 canji 写入（格式版本 ${String(meta.formatVersion)}），请升级 canji`);
    if (meta.store !== 'file') throw new RegisterError('REGISTER_STORE_MISMATCH', `登记库“${this.dir}”不是文件存储`);
    const persons = new Map<string, PersonState>();
    const header = await this.readBase((k, r, asOf) => persons.set(k, { record: r, inBase: true, lastUpdated: asOf }));
    const full: RegisterMeta = header ? { ...meta, base: header.base } : meta;
    const { entries, recovery } = await this.readJournal();
    const seen = new Map<string, RegisterOutcome>();
    for (const e of entries) {
      seen.set(e.id, e.outcome);
      const s = applyEntry(persons.get(e.person), e);
      if (s) persons.set(e.person, s);
      this.index(e);
    }
    return { meta: full, persons, seen, seq: entries.length ? entries[entries.length - 1]!.seq : 0, recovery };
  }

  /** Reads and checks the whole base (when there is one), calling `person` for each line. */
  private async readBase(person: (key: string, record: PersonRecord, asOf: string) => void): Promise<BaseHeader | undefined> {
    let header: BaseHeader | undefined;
    for await (const v of this.baseLines()) {
      if (!header) {
        header = v as BaseHeader;
        continue;
      }
      const l = v as BaseLine;
      person(l.k, l.r, header.base.asOf);
    }
    return header;
  }

  /** The base's lines, decoded; a damaged line is `REGISTER_CORRUPT` (the base is written whole, never torn). */
  private async *baseLines(): AsyncGenerator<unknown> {
    const { createReadStream } = await import('node:fs');
    const { createInterface } = await import('node:readline');
    const path = this.at(BASE);
    const exists = await this.fs.stat(path).then(() => true, () => false);
    if (!exists) return;
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      const d = decodeLine(line);
      if (!d) throw new RegisterError('REGISTER_CORRUPT', `登记库基准数据 ${BASE} 第 ${n} 行已损坏（校验和不符）`);
      yield d.value;
    }
  }

  /** The committed entries of the journal; a torn tail and uncommitted lines are cut off the file. */
  private async readJournal(): Promise<{ entries: JournalEntry[]; recovery: RegisterRecovery[] }> {
    const path = this.at(JOURNAL);
    const buf = await this.fs.readFile(path).catch((e) => (errno(e) === 'ENOENT' ? Buffer.alloc(0) : Promise.reject(e)));
    const entries: JournalEntry[] = [];
    const recovery: RegisterRecovery[] = [];
    let pending: JournalEntry[] = [];
    let committedBytes = 0;
    let pos = 0;
    let line = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0) {
        recovery.push({ code: 'REGISTER_JOURNAL_TORN', message: `日志最后一行不完整（写入时进程被中止），该行未提交，已丢弃`, lines: 1 });
        break;
      }
      line++;
      const d = decodeLine(buf.toString('utf8', pos, nl));
      const next = nl + 1;
      if (!d) {
        if (next >= buf.length) {
          recovery.push({ code: 'REGISTER_JOURNAL_TORN', message: `日志最后一行已损坏（写入时进程被中止），该行未提交，已丢弃`, lines: 1 });
          break;
        }
        throw new RegisterError('REGISTER_CORRUPT', `登记库日志 ${JOURNAL} 第 ${line} 行已损坏（校验和不符），其后还有记录：请从备份恢复`);
      }
      const v = d.value as JournalEntry | CommitMark;
      if ('commit' in v) {
        if (v.n !== pending.length) throw new RegisterError('REGISTER_CORRUPT', `登记库日志 ${JOURNAL} 第 ${line} 行：提交标记记载 ${v.n} 行，实际 ${pending.length} 行`);
        entries.push(...pending);
        pending = [];
        committedBytes = next;
      } else pending.push(v);
      pos = next;
    }
    if (pending.length > 0) {
      recovery.push({ code: 'REGISTER_JOURNAL_UNCOMMITTED', message: `日志末尾有 ${pending.length} 行属于未提交的批次（写入时进程被中止），已丢弃：这些事件未应用，可重新发送`, lines: pending.length });
    }
    if (committedBytes < buf.length) await this.fs.truncate(path, committedBytes);
    return { entries, recovery };
  }

  private index(e: JournalEntry): void {
    this.entriesList.push(e);
    const list = this.byPerson.get(e.person);
    if (list) list.push(e);
    else this.byPerson.set(e.person, [e]);
  }

  /** Writes `text` to `name` atomically: a temporary file, fsynced, renamed, the directory fsynced. */
  private async writeAtomic(name: string, chunks: Iterable<string>): Promise<void> {
    const tmp = this.at(`${name}.tmp`);
    const fh = await this.fs.open(tmp, 'w');
    try {
      let buf: string[] = [];
      let size = 0;
      for (const c of chunks) {
        buf.push(c);
        size += c.length;
        if (size > 1 << 20) {
          await fh.write(buf.join(''));
          buf = [];
          size = 0;
        }
      }
      if (buf.length) await fh.write(buf.join(''));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await this.fs.rename(tmp, this.at(name));
    await this.syncDir();
  }

  private async syncDir(): Promise<void> {
    const d = await this.fs.open(this.dir, 'r');
    try {
      await d.sync();
    } catch {
      // Some file systems cannot fsync a directory; the rename is then as durable as they make it.
    } finally {
      await d.close();
    }
  }

  async init(meta: RegisterMeta): Promise<void> {
    await this.writeAtomic(META, [`${encodeLine(meta)}\n`]);
  }

  async writeBase(meta: RegisterMeta, base: ReadonlyMap<string, PersonRecord>): Promise<void> {
    const header: BaseHeader = { base: meta.base! };
    await this.writeAtomic(
      BASE,
      (function* () {
        yield `${encodeLine(header)}\n`;
        for (const [k, r] of base) yield `${encodeLine({ k, r } satisfies BaseLine)}\n`;
      })(),
    );
  }

  async commit(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (!this.journal) throw new RegisterError('REGISTER_CLOSED', '登记库已关闭');
    const mark: CommitMark = { commit: entries[entries.length - 1]!.seq, n: entries.length };
    let text = '';
    for (const e of entries) text += `${encodeLine(e)}\n`;
    text += `${encodeLine(mark)}\n`;
    await this.journal.write(text);
    await this.journal.sync();
    for (const e of entries) this.index(e);
  }

  async *entries(f: EntryFilter): AsyncIterable<JournalEntry> {
    const list = f.person !== undefined ? (this.byPerson.get(f.person) ?? []) : this.entriesList;
    const n = list.length;
    for (let i = 0; i < n; i++) {
      const e = list[i]!;
      if (f.appliedOnly && e.outcome !== 'applied') continue;
      if (f.effectiveUpTo !== undefined && e.effective > f.effectiveUpTo) continue;
      if (!auditMatches(e, f)) continue;
      yield e;
    }
  }

  async *base(): AsyncIterable<readonly [string, PersonRecord]> {
    let first = true;
    for await (const v of this.baseLines()) {
      if (first) {
        first = false;
        continue;
      }
      const l = v as BaseLine;
      yield [l.k, l.r] as const;
    }
  }

  async close(): Promise<void> {
    const j = this.journal;
    this.journal = undefined;
    await j?.close().catch(() => undefined);
    if (this.locked) {
      this.locked = false;
      await this.fs.rm(this.at(LOCK), { force: true });
    }
  }
}
