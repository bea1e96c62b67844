/**
 * The manifest of a submission package (提交清单, `manifest.json`): every file's SHA-256 and size,
 * what the figures were made with (form, rule set, region table, canji), the round, the unit and
 * its approval state — so the level above can check what it received, file by file.
 */
import { sha256Hex } from './sha256.js';

/** Name of the manifest file at the root of a package (not listed in itself). */
export const PACKAGE_MANIFEST_FILE = 'manifest.json';

/** Format tag and version of {@link PackageManifest} (a change of meaning is a new version). */
export const MANIFEST_FORMAT = 'canji-submission-package';
export const MANIFEST_FORMAT_VERSION = 1;

/**
 * What a file of the package is, so that the level above finds the figures and the report without
 * relying on file names: `summary-*` 双签字报表, `work-summary-*` 工作总结（草稿）, `validation-report-*`
 * 数据校验报告, `figures` the figures as data, `findings` a combination's findings, `unit-manifest` a
 * combined unit's own manifest.
 */
export type PackageFileRole =
  | 'summary-xlsx'
  | 'summary-html'
  | 'summary-pdf'
  | 'work-summary-md'
  | 'work-summary-html'
  | 'work-summary-pdf'
  | 'validation-report-json'
  | 'validation-report-html'
  | 'validation-report-pdf'
  | 'figures'
  | 'findings'
  | 'unit-manifest'
  | 'other';

export const PACKAGE_FILE_ROLES: readonly PackageFileRole[] = [
  'summary-xlsx',
  'summary-html',
  'summary-pdf',
  'work-summary-md',
  'work-summary-html',
  'work-summary-pdf',
  'validation-report-json',
  'validation-report-html',
  'validation-report-pdf',
  'figures',
  'findings',
  'unit-manifest',
  'other',
];

/** One file of the package. */
export interface ManifestFile {
  /** Path inside the package, `/`-separated, no `.` or `..` segment. */
  path: string;
  role: PackageFileRole;
  /** SHA-256 of the file's bytes, lowercase hex. */
  sha256: string;
  bytes: number;
}

/**
 * The approval state recorded when the package was made (from the review store), or `null` when
 * none was given — then the package says so and the level above sees it.
 */
export interface ManifestApproval {
  /** State code in the review store (`unsubmitted`, `submitted`, `approved`, `returned`). */
  state: string;
  /** The level of the state (approved: the highest level that approved; returned: the level that sent back). */
  level?: string;
  /** zh-CN label as the status tree shows it (县级已审核, 已提交（待县级审核）, 已失效：数据已变更 …). */
  label: string;
  /** Approved, and the approval still holds. */
  approved?: boolean;
  /** False when an approval locked other batch content than this package's (changed after approval). */
  current: boolean;
  /** Who approved last and when, as the review store records it. */
  by?: string;
  at?: string;
  /** The batch content hash the last approval locked. */
  batchSha256?: string;
}

/** A unit combined into this package (a combined package only). */
export interface ManifestChild {
  code: string;
  name?: string;
  /** SHA-256 of the unit's manifest as received. */
  manifestSha256: string;
  /** Whether its package verified and its figures were added. */
  added: boolean;
}

/**
 * The manifest of a submission package.
 *
 * @example
 * ```ts
 * const m = buildManifest({ unit: { code: '430121', name: '长沙县', level: 'county' }, round: '2019', referenceDate: '2019-06-30', … }, files);
 * m.files.map((f) => f.path); //=> ['双签字报表.xlsx', …]
 * ```
 */
export interface PackageManifest {
  format: typeof MANIFEST_FORMAT;
  formatVersion: typeof MANIFEST_FORMAT_VERSION;
  unit: { code: string; name?: string; level: string };
  round: string;
  referenceDate: string;
  formVersion: string;
  ruleSet: { id: string; version: string };
  regionTableVersion: string;
  canjiVersion: string;
  /** When the package was made (supplied by the caller; nothing here reads the clock). */
  createdAt: string;
  approval: ManifestApproval | null;
  /** The batch the figures were counted from (`null` in a combined package: its units' batches are named in theirs). */
  batch: { name: string; sha256: string; bytes: number; records: number } | null;
  /** Units combined into this package (a combined package only). */
  children?: ManifestChild[];
  files: ManifestFile[];
  /**
   * SHA-256 of this manifest as written without this field ({@link manifestJson} of the rest): a
   * changed or corrupted manifest is found like a changed file. It does not stop a deliberate
   * forgery (whoever edits the manifest can recompute it): for that the level above compares the
   * manifest's hash with the one sent apart (the review record, the combined package's `children`).
   */
  manifestSha256: string;
}

/** What {@link buildManifest} is told besides the files. */
export type ManifestMeta = Omit<PackageManifest, 'format' | 'formatVersion' | 'files' | 'manifestSha256'>;

/** A file as given to {@link buildManifest}: its path, role and bytes. */
export interface PackageFileBytes {
  path: string;
  role: PackageFileRole;
  bytes: Uint8Array;
}

/**
 * The manifest of a set of files: each file's SHA-256 and size, sorted by path, with the package's
 * metadata. Pure: the caller reads the files and the clock.
 *
 * @example
 * ```ts
 * const m = buildManifest(meta, [{ path: '汇总数据.json', role: 'figures', bytes: new TextEncoder().encode('{}') }]);
 * m.files[0]; //=> { path: '汇总数据.json', role: 'figures', sha256: '44136fa3…', bytes: 2 }
 * ```
 */
export function buildManifest(meta: ManifestMeta, files: readonly PackageFileBytes[]): PackageManifest {
  const body: Omit<PackageManifest, 'manifestSha256'> = {
    format: MANIFEST_FORMAT,
    formatVersion: MANIFEST_FORMAT_VERSION,
    ...meta,
    files: files
      .map((f) => ({ path: f.path, role: f.role, sha256: sha256Hex(f.bytes), bytes: f.bytes.length }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  return { ...body, manifestSha256: sha256Hex(manifestJson(body)) };
}

/**
 * The manifest as written to `manifest.json`: two-space JSON, a newline at the end. The bytes
 * are exactly these (the verification re-serialises the parsed manifest and compares), so even a
 * changed space is found.
 *
 * @example
 * ```ts
 * manifestJson({ a: 1 } as never); //=> '{\n  "a": 1\n}\n'
 * ```
 */
export function manifestJson(m: PackageManifest | Omit<PackageManifest, 'manifestSha256'>): string {
  return JSON.stringify(m, null, 2) + '\n';
}

/**
 * Whether `bytes` are a manifest exactly as {@link buildManifest} and {@link manifestJson} made it:
 * the canonical serialisation of `m`, and `m.manifestSha256` the hash of the rest.
 */
export function manifestIntact(m: PackageManifest, bytes: Uint8Array): boolean {
  const { manifestSha256, ...rest } = m;
  const text = manifestJson(m);
  const enc = new TextEncoder().encode(text);
  return enc.length === bytes.length && enc.every((b, i) => b === bytes[i]) && sha256Hex(manifestJson(rest)) === manifestSha256;
}

/** An error reading a manifest: stable code, zh-CN message. */
export interface ManifestError {
  code: 'PACKAGE_MANIFEST_INVALID' | 'PACKAGE_MANIFEST_VERSION';
  message: string;
}

/** What `parseManifest` returns: the manifest, or why it cannot be read. */
export type ParseManifestResult = { ok: true; value: PackageManifest } | { ok: false; error: ManifestError };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const HEX64 = /^[0-9a-f]{64}$/;

/** Whether a path is a safe relative path inside a package (no absolute path, `.`/`..` or backslash). */
export function isPackagePath(p: unknown): p is string {
  return isStr(p) && p.length > 0 && !p.startsWith('/') && !p.includes('\\') && !/^[A-Za-z]:/.test(p) && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/**
 * Reads a manifest from any JavaScript value (`JSON.parse` of `manifest.json`): never throws.
 *
 * @example
 * ```ts
 * parseManifest({ format: 'x' }); //=> { ok: false, error: { code: 'PACKAGE_MANIFEST_INVALID', message: '…' } }
 * ```
 */
export function parseManifest(v: unknown): ParseManifestResult {
  const bad = (why: string): ParseManifestResult => ({ ok: false, error: { code: 'PACKAGE_MANIFEST_INVALID', message: `提交清单（${PACKAGE_MANIFEST_FILE}）无效：${why}` } });
  if (!isObj(v) || v.format !== MANIFEST_FORMAT) return bad(`不是 canji 提交清单（format 应为“${MANIFEST_FORMAT}”）`);
  if (v.formatVersion !== MANIFEST_FORMAT_VERSION) {
    return { ok: false, error: { code: 'PACKAGE_MANIFEST_VERSION', message: `提交清单的格式版本“${String(v.formatVersion)}”本程序不认识（支持 ${MANIFEST_FORMAT_VERSION}）：请用较新的 canji 核验` } };
  }
  const unit = v.unit;
  if (!isObj(unit) || !isStr(unit.code) || !isStr(unit.level)) return bad('缺少填报单位（unit.code、unit.level）');
  for (const k of ['round', 'referenceDate', 'formVersion', 'regionTableVersion', 'canjiVersion', 'createdAt'] as const) if (!isStr(v[k])) return bad(`缺少 ${k}`);
  if (!isObj(v.ruleSet) || !isStr(v.ruleSet.id) || !isStr(v.ruleSet.version)) return bad('缺少规则集（ruleSet.id、ruleSet.version）');
  if (v.approval !== null && !(isObj(v.approval) && isStr(v.approval.state) && isStr(v.approval.label) && typeof v.approval.current === 'boolean')) return bad('审核状态（approval）应为 null 或含 state、label、current 的对象');
  const b = v.batch;
  if (b !== null && !(isObj(b) && isStr(b.name) && isStr(b.sha256) && HEX64.test(b.sha256) && Number.isInteger(b.bytes) && Number.isInteger(b.records))) return bad('数据文件（batch）应为 null 或含 name、sha256、bytes、records 的对象');
  if (v.children !== undefined && !(Array.isArray(v.children) && v.children.every((c) => isObj(c) && isStr(c.code) && isStr(c.manifestSha256) && typeof c.added === 'boolean'))) return bad('下级单位（children）格式不对');
  if (!Array.isArray(v.files)) return bad('缺少文件列表（files）');
  if (!isStr(v.manifestSha256) || !HEX64.test(v.manifestSha256)) return bad('缺少提交清单自身的 SHA-256（manifestSha256）');
  const seen = new Set<string>();
  for (const [i, f] of v.files.entries()) {
    if (!isObj(f) || !isPackagePath(f.path)) return bad(`第 ${i + 1} 个文件的路径无效`);
    if (!isStr(f.sha256) || !HEX64.test(f.sha256)) return bad(`文件“${f.path}”的 SHA-256 不是 64 位小写十六进制`);
    if (!Number.isInteger(f.bytes) || (f.bytes as number) < 0) return bad(`文件“${f.path}”的大小无效`);
    if (!(PACKAGE_FILE_ROLES as readonly unknown[]).includes(f.role)) return bad(`文件“${f.path}”的用途“${String(f.role)}”未知`);
    if (seen.has(f.path) || f.path === PACKAGE_MANIFEST_FILE) return bad(`文件“${f.path}”重复列出`);
    seen.add(f.path);
  }
  return { ok: true, value: v as unknown as PackageManifest };
}
