import { PERSON_FORM_VERSIONS, type PersonFormVersion } from '@canji/form';
import type { PersonRecord } from '@canji/rules';
import { keyReader } from '../keys.js';
import type { RegisterMeta, StoreBackend } from './backend.js';
import { RegisterError } from './codes.js';
import { DuckDBStore } from './duckdb-store.js';
import { FileStore } from './file-store.js';
import { StoredRegister } from './register.js';
import type { OpenRegisterOptions, Register } from './types.js';

/**
 * Opens the register at `path` — a DuckDB database file (the default store) or, with
 * `store: 'file'`, a directory of checksummed JSON Lines — creating it when absent. A register
 * holds a base (a round's batch, {@link Register.load}) and applies change events to it
 * ({@link Register.apply}): each event validated by the form's rules and the consistency rules,
 * a conflict reported when its `old` is not the register's value, an event id seen before a
 * no-op; per-person history, snapshots as of any date and the audit trail. Batches are durable
 * (fsynced / one transaction each): a process killed mid-stream loses nothing it committed, and
 * applying the same stream again skips what was applied. Only one process may have a register
 * open (`REGISTER_LOCKED`).
 *
 * Throws a {@link RegisterError} (stable `code`, zh-CN message) when the store cannot be opened;
 * bad events never throw — they are rejections in the report.
 *
 * @example
 * ```ts
 * import { openRegister } from '@canji/rounds';
 * const register = await openRegister({ path: '长沙县.duckdb' });
 * await register.load(records2019, { asOf: '2019-06-30', source: '2019 年度动态更新' });
 * const r = await register.apply([
 *   { id: 'e1', op: 'set', person: '430121197107201566', item: 'r16', old: 1, new: 2, effective: '2020-03-15', mode: 'window-service', source: 'window', collector: 'c07' },
 * ]);
 * r.applied; //=> 1
 * (await register.current('430121197107201566'))?.record.r16; //=> 2
 * for await (const record of register.snapshot('2020-01-01')) void record; // r16 still 1 then
 * await register.close();
 * ```
 */
export async function openRegister(options: OpenRegisterOptions): Promise<Register> {
  const store = options.store ?? 'duckdb';
  if (typeof options.path !== 'string' || options.path.trim() === '') throw new RegisterError('REGISTER_PATH_INVALID', '登记库路径 path 不能为空');
  if (store !== 'file' && store !== 'duckdb') throw new RegisterError('REGISTER_STORE_MISMATCH', `未知的存储方式 ${JSON.stringify(store)}（可选：duckdb、file）`);
  if (options.formVersion !== undefined && !PERSON_FORM_VERSIONS.includes(options.formVersion)) {
    throw new RegisterError('REGISTER_OPTIONS_MISMATCH', `未知的登记表版本 ${JSON.stringify(options.formVersion)}（可选：${PERSON_FORM_VERSIONS.join('、')}）`);
  }
  const keyKind: RegisterMeta['key'] = options.key === undefined ? 'resident-id' : typeof options.key === 'function' ? 'custom' : options.key;
  const backend: StoreBackend = store === 'file' ? new FileStore(options.path) : new DuckDBStore(options.path);
  const opened = await backend.open();
  try {
    let meta = opened.meta;
    if (meta) {
      if (options.formVersion !== undefined && options.formVersion !== meta.formVersion) {
        throw new RegisterError('REGISTER_OPTIONS_MISMATCH', `登记库按 ${meta.formVersion} 版登记表建立，不能按 ${options.formVersion} 版打开`);
      }
      if (options.key !== undefined && keyKind !== meta.key) throw new RegisterError('REGISTER_OPTIONS_MISMATCH', `登记库按 ${meta.key} 标识人员，不能按 ${keyKind} 打开`);
    } else {
      meta = { format: 'canji-register', formatVersion: 1, store, formVersion: options.formVersion ?? ('2017' satisfies PersonFormVersion), key: keyKind };
      await backend.init(meta);
    }
    const read = meta.key === 'custom' ? (typeof options.key === 'function' ? keyReader(options.key) : undefined) : keyReader(meta.key);
    const keyOf = read ? (r: PersonRecord) => read(r, 'current') ?? undefined : undefined;
    return new StoredRegister(backend, opened, meta, keyOf, options.path);
  } catch (e) {
    await backend.close();
    throw e;
  }
}
