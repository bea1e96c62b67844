/**
 * `canji review init | submit | approve | return | status`: review states per unit and round
 * (@canji/review) from the command line — a unit submits its batch (its SHA-256 taken from the
 * file), each level approves or sends back, and the status tree of a province or prefecture shows
 * every unit's state, counts per state and approvals whose batch has changed since (已失效).
 *
 * Exit codes: 0 done; 2 a usage error or a transition the rules refuse (the error's code is
 * printed); 1 `status --strict` when a unit of the tree is not approved at its top level or an
 * approval no longer holds; 3 the store cannot be used (locked, damaged log, DuckDB missing).
 */
import {
  approveUnit,
  approveWithBelow,
  configureReview,
  DEFAULT_REVIEW_LEVELS,
  hashBatchFile,
  KNOWN_REVIEW_LEVEL_IDS,
  openReviewStore,
  returnUnit,
  reviewConfigFromRegions,
  reviewLevels,
  reviewState,
  reviewStatus,
  ReviewError,
  submitUnit,
  type ReviewCommandResult,
  type ReviewRoundStatus,
  type ReviewStore,
  type ReviewStoreKind,
  type UnitReviewStatus,
} from '@canji/review';
import { dateNumber } from '@canji/id';
import { normalizeRegionCode } from '@canji/regions';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { regionName } from '../region-name.js';

/** Options every `canji review` command takes. */
export interface ReviewCommonOptions {
  db: string;
  store?: string;
  round: string;
  at?: string;
  json?: boolean;
}

/** `canji review init` options (also taken by `submit` for a round not configured yet). */
export interface ReviewInitOptions extends ReviewCommonOptions {
  /** The top unit (default: the province of `--unit`). */
  top?: string;
  /** Level ids, bottom first, comma-separated (default county,prefecture,province). */
  levels?: string;
  by?: string;
}

/** `canji review submit` options. */
export interface ReviewSubmitOptions extends ReviewInitOptions {
  unit: string;
  by: string;
  batch: string;
  reason?: string;
}

/** `canji review approve` options. */
export interface ReviewApproveOptions extends ReviewCommonOptions {
  unit: string;
  level: string;
  by: string;
  batch?: string;
  reason?: string;
  /** Also approve every unit below `unit` that awaits this level (deepest first; all or none). */
  withBelow?: boolean;
}

/** `canji review return` options. */
export interface ReviewReturnOptions extends ReviewCommonOptions {
  unit: string;
  level: string;
  by: string;
  reason: string;
}

/** `canji review status` options. */
export interface ReviewStatusCliOptions extends ReviewCommonOptions {
  unit?: string;
  strict?: boolean;
  /** `false` with `--no-verify`: trust the log, do not take the batches' hashes again. */
  verify?: boolean;
}

/** Exit code of a review error: refused transitions and bad input 2, a store that cannot be used 3. */
function exitOf(e: ReviewError): ExitCode {
  return e.code === 'REVIEW_LOG_CORRUPT' || e.code === 'REVIEW_STORE_LOCKED' || e.code === 'REVIEW_STORE_UNAVAILABLE' ? EXIT.FAILURE : EXIT.USAGE;
}

function storeKind(v: string | undefined): ReviewStoreKind | undefined {
  if (v === undefined) return undefined;
  if (v === 'file' || v === 'duckdb') return v;
  throw new CliError('USAGE_REVIEW_STORE', `--store 应为 file 或 duckdb（收到“${v}”）`);
}

function atOf(v: string | undefined): string {
  if (v === undefined) return new Date().toISOString();
  if (Number.isNaN(Date.parse(v))) throw new CliError('USAGE_REVIEW_AT', `--at 应为 ISO 8601 时间（如 2019-10-10T10:00:00+08:00），收到“${v}”`);
  // Date.parse rolls 2019-02-30 over to 2 March: the calendar date itself is checked.
  if (/^\d{4}-\d{2}-\d{2}/.test(v) && dateNumber(v.slice(0, 10)) === undefined) throw new CliError('USAGE_DATE', `--at 中的日期不存在（收到“${v}”）`);
  return v;
}

function unitOpt(v: string, option = '--unit'): string {
  const u = normalizeRegionCode(v);
  if (!u) throw new CliError('USAGE_REVIEW_UNIT', `${option} 应为区划代码（省 2 位、市 4 位、县 6 位、乡镇 9 位，或补零的 12 位），收到“${v}”`);
  return u;
}

/** Opens the store, runs `fn`, closes; review errors become `错误 [CODE]：…` with their exit code. */
async function withStore(io: CliIo, opts: ReviewCommonOptions, fn: (store: ReviewStore) => Promise<ExitCode>): Promise<ExitCode> {
  if (typeof opts.round !== 'string' || opts.round.trim() === '') throw new CliError('USAGE_REVIEW_ROUND', '须用 --round 指定轮次（年度），如 --round 2019');
  const kind = storeKind(opts.store);
  let store: ReviewStore | undefined;
  try {
    store = await openReviewStore(pathIn(io, opts.db), kind ? { store: kind } : {});
    return await fn(store);
  } catch (e) {
    if (e instanceof ReviewError) {
      io.stderr(`错误 [${e.code}]：${e.message}\n`);
      return exitOf(e);
    }
    throw e;
  } finally {
    await store?.close();
  }
}

function levelsOpt(v: string | undefined) {
  if (v === undefined) return DEFAULT_REVIEW_LEVELS;
  const ids = v.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
  const levels = reviewLevels(ids);
  if (!levels) throw new CliError('USAGE_REVIEW_LEVELS', `--levels 应为自下而上的层级，逗号分隔，可用 ${KNOWN_REVIEW_LEVEL_IDS.join('、')}（如 county,prefecture,province；直辖市 county,province），收到“${v}”`);
  return levels;
}

/** Configures the round from the region table when it is not yet; says so. */
async function ensureRound(io: CliIo, store: ReviewStore, opts: ReviewInitOptions, unit: string | undefined, by: string, at: string): Promise<void> {
  if (await reviewState(store, opts.round)) {
    if (opts.levels !== undefined || opts.top !== undefined) io.stderr(`注意：${opts.round} 轮已配置审核层级和单位，--levels、--top 不再改变它们\n`);
    return;
  }
  const top = opts.top !== undefined ? unitOpt(opts.top, '--top') : unit !== undefined ? unit.slice(0, 2) : undefined;
  if (!top) throw new CliError('USAGE_REVIEW_TOP', '须用 --top 指定本轮审核的顶层单位（如省 43）');
  const r = await configureReview(store, { round: opts.round, by, at, config: reviewConfigFromRegions(top, { levels: levelsOpt(opts.levels) }) });
  const c = r.event.config!;
  io.stderr(`已配置 ${opts.round} 轮审核：顶层单位 ${c.top} ${c.names?.[c.top] ?? ''}，层级 ${c.levels.map((l) => l.name).join(' → ')}，共 ${c.units.length} 个单位\n`);
}

async function printResult(io: CliIo, store: ReviewStore, r: ReviewCommandResult, opts: ReviewCommonOptions): Promise<void> {
  if (opts.json) {
    io.stdout(`${JSON.stringify(r.event, null, 2)}\n`);
    return;
  }
  const e = r.event;
  const level = r.state.config.levels.find((l) => l.id === e.level);
  const verb = e.kind === 'submit' ? '已报送' : e.kind === 'approve' ? `${level?.name ?? ''}已审核通过` : `${level?.name ?? ''}已退回`;
  const name = r.state.config.names?.[e.unit] ?? regionName(e.unit) ?? '';
  io.stderr(`${e.unit} ${name}：${verb}（第 ${e.seq} 条记录，${e.by}，${e.at}）\n`);
  if (e.hash) io.stderr(`  批次 SHA-256：${e.hash}\n`);
  if (e.reason) io.stderr(`  原因：${e.reason}\n`);
  const now = (await reviewStatus(store, r.state.round))?.units.find((u) => u.unit === e.unit);
  if (now) io.stderr(`  现状态：${now.label}\n`);
}

/** `canji review init`: configures a round (levels, top unit, units from the region table). */
export async function runReviewInit(io: CliIo, opts: ReviewInitOptions): Promise<ExitCode> {
  if (opts.top === undefined) throw new CliError('USAGE_REVIEW_TOP', '须用 --top 指定本轮审核的顶层单位（如省 43）');
  levelsOpt(opts.levels);
  const at = atOf(opts.at);
  return withStore(io, opts, async (store) => {
    if (await reviewState(store, opts.round)) throw new ReviewError('REVIEW_ROUND_CONFIGURED', `${opts.round} 轮已配置审核层级和单位，不能再配置`);
    await ensureRound(io, store, opts, undefined, opts.by ?? 'canji', at);
    return EXIT.OK;
  });
}

/** `canji review submit`: a unit submits its batch (the file's SHA-256 is taken and recorded). */
export async function runReviewSubmit(io: CliIo, opts: ReviewSubmitOptions): Promise<ExitCode> {
  const unit = unitOpt(opts.unit);
  levelsOpt(opts.levels);
  const at = atOf(opts.at);
  const batch = pathIn(io, opts.batch);
  return withStore(io, opts, async (store) => {
    const hash = await hashBatchFile(batch);
    await ensureRound(io, store, opts, unit, opts.by, at);
    await printResult(io, store, await submitUnit(store, { round: opts.round, unit, by: opts.by, at, hash, batch, ...(opts.reason ? { reason: opts.reason } : {}) }), opts);
    return EXIT.OK;
  });
}

/**
 * `canji review approve`: a level approves a unit. The hash approved is taken from `--batch`, or
 * else from the file recorded at submission; it must be the batch submitted.
 */
export async function runReviewApprove(io: CliIo, opts: ReviewApproveOptions): Promise<ExitCode> {
  const unit = unitOpt(opts.unit);
  const at = atOf(opts.at);
  if (opts.withBelow && opts.batch !== undefined) throw new CliError('USAGE_REVIEW_BATCH', '--with-below 按各单位报送时记录的批次文件计算哈希，不能同时给出 --batch');
  if (opts.withBelow) return approveBelowCli(io, opts, unit, at);
  return withStore(io, opts, async (store) => {
    const state = await reviewState(store, opts.round);
    const recorded = state?.units.get(unit)?.submitted?.batch;
    const file = opts.batch !== undefined ? pathIn(io, opts.batch) : recorded;
    if (state?.units.get(unit)?.submitted && !file) throw new CliError('USAGE_REVIEW_BATCH', `单位 ${unit} 报送时未记录批次文件：请用 --batch 指定所审核的批次文件`);
    const hash = file ? await hashBatchFile(file) : '';
    await printResult(io, store, await approveUnit(store, { round: opts.round, unit, level: opts.level, by: opts.by, at, hash, ...(opts.reason ? { reason: opts.reason } : {}) }), opts);
    return EXIT.OK;
  });
}

/** `approve --with-below`: the unit and every unit below it awaiting the level, each hashed from its recorded file. */
async function approveBelowCli(io: CliIo, opts: ReviewApproveOptions, unit: string, at: string): Promise<ExitCode> {
  return withStore(io, opts, async (store) => {
    const hashOf = async (u: string, s: { batch?: string }) => {
      if (!s.batch) throw new CliError('USAGE_REVIEW_BATCH', `单位 ${u} 报送时未记录批次文件，不能用 --with-below 审核`);
      return hashBatchFile(s.batch);
    };
    const r = await approveWithBelow(store, { round: opts.round, unit, level: opts.level, by: opts.by, at, hashOf, ...(opts.reason ? { reason: opts.reason } : {}) });
    if (opts.json) {
      io.stdout(`${JSON.stringify(r.events, null, 2)}\n`);
      return EXIT.OK;
    }
    const level = r.state.config.levels.find((l) => l.id === opts.level)!;
    const name = (u: string) => r.state.config.names?.[u] ?? regionName(u) ?? '';
    io.stderr(`${level.name}审核通过 ${r.events.length} 个单位（${opts.by}，${at}）：\n`);
    for (const e of r.events) io.stderr(`  ${e.unit} ${name(e.unit)}  SHA-256 ${e.hash}\n`);
    return EXIT.OK;
  });
}

/** `canji review return`: a level sends a unit back with a reason. */
export async function runReviewReturn(io: CliIo, opts: ReviewReturnOptions): Promise<ExitCode> {
  const unit = unitOpt(opts.unit);
  const at = atOf(opts.at);
  return withStore(io, opts, async (store) => {
    await printResult(io, store, await returnUnit(store, { round: opts.round, unit, level: opts.level, by: opts.by, at, reason: opts.reason }), opts);
    return EXIT.OK;
  });
}

/** `canji review status`: the tree of the round (or of `--unit` and the units below it). */
export async function runReviewStatus(io: CliIo, opts: ReviewStatusCliOptions): Promise<ExitCode> {
  const root = opts.unit !== undefined ? unitOpt(opts.unit) : undefined;
  return withStore(io, opts, async (store) => {
    const status = await reviewStatus(store, opts.round, { verifyFiles: opts.verify !== false, cwd: io.cwd });
    if (!status) throw new ReviewError('REVIEW_ROUND_UNKNOWN', `${opts.round} 轮尚未配置审核（尚无报送）`);
    const units = root ? status.units.filter((u) => u.unit === root || u.unit.startsWith(root)) : status.units;
    if (root && units.length === 0) throw new ReviewError('REVIEW_UNIT_UNKNOWN', `单位 ${root} 不是 ${opts.round} 轮审核的单位`, [root]);
    const counts: Record<string, number> = {};
    for (const u of units) counts[u.label] = (counts[u.label] ?? 0) + 1;
    const pending = units.filter((u) => !u.approved || u.level !== u.finalLevel);
    const invalidated = units.filter((u) => u.invalidated);
    if (opts.json) {
      io.stdout(`${JSON.stringify({ round: status.round, top: root ?? status.config.top, levels: status.config.levels, counts, complete: pending.length === 0, invalidated: invalidated.length, lastSeq: status.lastSeq, units }, null, 2)}\n`);
    } else printTree(io, status, units, counts, root);
    if (opts.verify === false) io.stderr('注意：--no-verify：未重新计算批次文件的 SHA-256，数据变更不会显示为已失效\n');
    return opts.strict && (pending.length > 0 || invalidated.length > 0) ? EXIT.PROBLEMS : EXIT.OK;
  });
}

function printTree(io: CliIo, status: ReviewRoundStatus, units: readonly UnitReviewStatus[], counts: Record<string, number>, root: string | undefined): void {
  const top = root ?? status.config.top;
  const name = (u: string) => status.config.names?.[u] ?? regionName(u) ?? '';
  const levels = status.config.levels;
  io.stdout(`${status.round} 轮审核状态：${top} ${name(top)}（层级：${levels.map((l) => l.name).join(' → ')}）\n\n`);
  const base = units[0]?.depth ?? 0;
  for (const u of units) {
    const indent = '  '.repeat(u.depth - base);
    const last = u.approvals.at(-1);
    const who = u.state === 'approved' && last ? `（${last.by}，${last.at.slice(0, 10)}）` : u.state === 'returned' && u.returned ? `（${u.returned.by}：${u.returned.reason}）` : '';
    io.stdout(`${indent}${u.unit} ${name(u.unit)}  ${u.label}${who}\n`);
    const inv = u.invalidated;
    if (inv?.reason === 'BATCH_CHANGED') io.stdout(`${indent}    审核时 SHA-256：${inv.approvedHash}\n${indent}    现在   SHA-256：${inv.currentHash}\n`);
    else if (inv?.reason === 'BATCH_MISSING') io.stdout(`${indent}    审核时 SHA-256：${inv.approvedHash}；批次文件“${inv.batch}”已不存在\n`);
    else if (inv?.reason === 'BELOW_INVALIDATED') io.stdout(`${indent}    下级单位 ${inv.units.join('、')} 的数据已变更\n`);
  }
  const parts = Object.entries(counts).map(([k, v]) => `${k} ${v}`);
  io.stdout(`\n共 ${units.length} 个单位：${parts.join('，')}\n`);
}
