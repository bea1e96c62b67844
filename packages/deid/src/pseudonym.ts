import { canonicalResidentId, parseDisabilityCertificateNo } from '@canji/id';
import { deidFail, type DeidError, type DeidResult } from './errors.js';

/**
 * Keyed pseudonyms (GB/T 37964-2019 "假名化", keyed hash).
 *
 * A token is the key id, a colon, and the first `tokenLength` characters (default 22, i.e. 132
 * bits) of the base64url encoding (RFC 4648 §5, no padding) of `HMAC-SHA-256(key, canonical ID)`:
 * `k2026:9TLPEgNEOtSfc7uR2cWcPg`. Any system can reproduce it (`openssl dgst -sha256 -hmac`,
 * `createHmac(…).digest('base64url').slice(0, 22)`). Why keyed, and why never a plain hash:
 * a resident ID number has a 6-digit region code (about 3,500 county codes ever used), an 8-digit
 * birth date (about 40,000 days in a century), a 3-digit sequence and a check character that is
 * computed, so there are only about 3,500 × 40,000 × 1,000 ≈ 1.4 × 10^11 plausible numbers — and
 * far fewer once the region and age of a group are known. A laptop hashes that many SHA-256 inputs
 * in hours, so an unsalted (or publicly salted) hash of an ID number is reversible by enumeration.
 * An HMAC under a secret key of at least 256 bits cannot be enumerated without the key: keep the
 * key apart from the data (GB/T 35273-2020 §6.2: store re-identification information separately),
 * and give it only to the departments that must link records.
 */

/**
 * Which implementation computes the HMAC: Node's `node:crypto` or the Web Crypto API.
 *
 * @example
 * (await createPseudonymizer({ key, keyId: 'k1', engine: 'webcrypto' })).ok //=> true
 */
export type PseudonymEngine = 'node' | 'webcrypto';

/**
 * Options of {@link createPseudonymizer}.
 *
 * @example
 * createPseudonymizer({ key: generatePseudonymKey(), keyId: 'k2026', tokenLength: 43 });
 */
export interface PseudonymizerOptions {
  /** The secret key: at least 32 bytes (256 bits), e.g. from {@link generatePseudonymKey}. */
  key: Uint8Array | ArrayBuffer;
  /** Names the key inside every token so keys can rotate: 1–16 characters `[A-Za-z0-9_-]`. */
  keyId: string;
  /**
   * Base64url characters of the HMAC kept in the token: 22 (132 bits, default) to 43 (all 256
   * bits). Holders who link records must use the same length.
   */
  tokenLength?: number;
  /**
   * `'auto'` (default): `node:crypto` when running in Node (faster per call), else Web Crypto.
   * Both give identical tokens.
   */
  engine?: 'auto' | PseudonymEngine;
}

/**
 * A pseudonym or an error (`DEID_ID_INVALID` when the input is not a valid ID / certificate number).
 *
 * @example
 * await p.pseudonymize('not an id') //=> { ok: false, error: { code: 'DEID_ID_INVALID', … } }
 */
export type PseudonymResult = { ok: true; value: string } | { ok: false; error: DeidError };

/**
 * Computes tokens under one key. Create with {@link createPseudonymizer}.
 *
 * @example
 * const tokens = await p.pseudonymizeMany(['11010519491231002X', '110105491231002']); // the same token twice
 */
export interface Pseudonymizer {
  readonly keyId: string;
  readonly tokenLength: number;
  readonly engine: PseudonymEngine;
  /**
   * The key's fingerprint (see {@link pseudonymKeyFingerprint}): 16 hex characters that two
   * holders compare to confirm they use the same key, without revealing it.
   */
  readonly fingerprint: string;
  /** Token of one resident ID number (any accepted form) or disability certificate number. */
  pseudonymize(input: string): Promise<PseudonymResult>;
  /** Tokens of many inputs, in order; much faster than one call per input under Web Crypto. */
  pseudonymizeMany(inputs: readonly string[]): Promise<PseudonymResult[]>;
  /** Synchronous variant, present only with the `node` engine. */
  readonly pseudonymizeSync?: (input: string) => PseudonymResult;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
/**
 * Minimum key length in bytes (256 bits, the HMAC-SHA-256 output size; RFC 2104 §3).
 *
 * @example
 * generatePseudonymKey().length >= MIN_KEY_BYTES //=> true
 */
export const MIN_KEY_BYTES = 32;

/**
 * The canonical 18-character resident ID a pseudonym is computed over: accepts 18- and 15-digit
 * forms, lower-case `x`, full-width digits, spreadsheet noise, and disability certificate numbers
 * (whose first 18 characters are the holder's ID), so every form of one person gives one token.
 *
 * @example
 * pseudonymSubject('１１０１０５１９４９１２３１００２ｘ') //=> '11010519491231002X'
 * pseudonymSubject('11010519491231002X42B1')            //=> '11010519491231002X'
 */
export function pseudonymSubject(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  // Certificate numbers (20–22 characters) first when they look like one: saves a failed ID parse.
  if (input.length >= 20 && input.length <= 22) {
    const cert = parseDisabilityCertificateNo(input, { allowUnknownLevel: true });
    if (cert.ok) return cert.value.residentId.id;
  }
  const id = canonicalResidentId(input);
  if (id !== undefined) return id;
  const cert = parseDisabilityCertificateNo(input, { allowUnknownLevel: true });
  return cert.ok ? cert.value.residentId.id : undefined;
}

/**
 * 32 random bytes from the platform's cryptographic random source (`crypto.getRandomValues`).
 *
 * @example
 * const key = generatePseudonymKey(); // store it apart from the data, e.g. as hex in a key vault
 * key.length //=> 32
 */
export function generatePseudonymKey(): Uint8Array {
  const k = new Uint8Array(MIN_KEY_BYTES);
  globalThis.crypto.getRandomValues(k);
  return k;
}

// Lower-case words and sequences that make a key guessable when they appear in its text
// (passwords lists' top entries, keyboard rows, the project's own name, placeholders).
const WEAK_WORDS = [
  'password', 'passw0rd', 'p@ssw0rd', 'secret', 'admin', 'qwerty', 'asdfgh', 'zxcvbn', 'letmein', 'welcome',
  'iloveyou', 'changeme', 'default', 'example', 'monkey', 'dragon', 'master', 'canji', 'mima', 'test', '123456', '654321',
  'abcdef', '111111', '000000', '888888', '666666', 'admin123', 'root',
];

function weakness(key: Uint8Array): string | undefined {
  const n = key.length;
  // One byte repeated (32 zero bytes), or a short block repeated ('abcd' × 8): its period.
  for (let period = 1; period <= Math.min(16, n >> 1); period++) {
    let repeats = true;
    for (let i = period; i < n && repeats; i++) if (key[i] !== key[i - period]) repeats = false;
    if (repeats) return period === 1 ? '全部字节相同（如全零）' : `由长度为${period}的片段重复构成`;
  }
  // Arithmetic sequences (0x01 0x02 0x03 …, 'abcdefg…', '0123456789…'): at most two distinct steps.
  const steps = new Set<number>();
  for (let i = 1; i < n && steps.size <= 2; i++) steps.add((key[i]! - key[i - 1]! + 256) & 255);
  if (steps.size <= 2) return '是简单的递增或递减序列';
  // Entropy estimated from the byte histogram (bits per byte × length): 32 random bytes give about
  // 157 bits; a typed passphrase of few distinct characters far less.
  const counts = new Map<number, number>();
  for (const b of key) counts.set(b, (counts.get(b) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log2(c / n);
  if (counts.size < 12 || h * n < 128) return `估计熵仅约${Math.floor(h * n)}位（至少应为128位）`;
  // Dictionary-like: the key's text holds a common password word (case-insensitive).
  let text = '';
  for (const b of key) text += b >= 0x41 && b <= 0x5a ? String.fromCharCode(b + 32) : b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '\u0000';
  if (WEAK_WORDS.some((w) => text.includes(w))) return '含常见口令词或键盘序列';
  return undefined;
}

/**
 * Checks a pseudonym key's strength before use (run by {@link createPseudonymizer}): at least
 * {@link MIN_KEY_BYTES} bytes (`DEID_KEY_TOO_SHORT`), and not guessable (`DEID_KEY_WEAK`): not one
 * byte repeated (32 zero bytes) or a short block repeated, not a simple sequence, an estimated
 * entropy of at least 128 bits from its byte histogram, and no common password word or keyboard
 * row in its text (`password…`, `123456…`, `qwerty…`). A key from {@link generatePseudonymKey} or
 * `openssl rand -hex 32` passes. The message never contains any part of the key.
 *
 * @example
 * checkPseudonymKey(new Uint8Array(32)).ok                                  //=> false (DEID_KEY_WEAK: all zero)
 * checkPseudonymKey(new TextEncoder().encode('password' + 'x'.repeat(30))).ok //=> false
 * checkPseudonymKey(generatePseudonymKey()).ok                               //=> true
 */
export function checkPseudonymKey(key: unknown): DeidResult<Uint8Array> {
  const raw = key instanceof Uint8Array ? key : key instanceof ArrayBuffer ? new Uint8Array(key) : undefined;
  if (!raw || raw.byteLength < MIN_KEY_BYTES) {
    return deidFail('DEID_KEY_TOO_SHORT', `假名化密钥至少应为${MIN_KEY_BYTES}字节（256位），实为${raw?.byteLength ?? 0}字节`);
  }
  const why = weakness(raw);
  if (why) return deidFail('DEID_KEY_WEAK', `假名化密钥强度不足：${why}。请用随机生成的密钥（如 openssl rand -hex 32）`);
  return { ok: true, value: raw };
}

const FINGERPRINT_LABEL = 'canji-key-fingerprint';

/**
 * A key's fingerprint: the first 16 hex characters of HMAC-SHA-256(key, 'canji-key-fingerprint').
 * Two departments compare fingerprints to confirm they use the same key (tokens then link);
 * the fingerprint reveals nothing usable about the key and is safe to print and to put in metadata.
 * Reproducible: `printf canji-key-fingerprint | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key hex>`.
 *
 * @example
 * const f = await pseudonymKeyFingerprint(key);
 * f.ok && f.value //=> e.g. '3f9a0c1d52e8b7a4'
 */
export async function pseudonymKeyFingerprint(key: Uint8Array | ArrayBuffer): Promise<DeidResult<string>> {
  const raw = key instanceof Uint8Array ? key : key instanceof ArrayBuffer ? new Uint8Array(key) : undefined;
  if (!raw || raw.byteLength === 0) return deidFail('DEID_KEY_TOO_SHORT', '密钥为空，无法计算指纹');
  const node = nodeCrypto();
  if (node) {
    const hex = (node.createHmac('sha256', node.createSecretKey(new Uint8Array(raw))) as unknown as { update(d: string): { digest(e: 'hex'): string } }).update(FINGERPRINT_LABEL).digest('hex');
    return { ok: true, value: hex.slice(0, 16) };
  }
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) return deidFail('DEID_CRYPTO_UNAVAILABLE', '当前环境没有 Web Crypto（crypto.subtle）');
  const k = await subtle.importKey('raw', new Uint8Array(raw), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await subtle.sign('HMAC', k, new TextEncoder().encode(FINGERPRINT_LABEL)));
  return { ok: true, value: Array.from(mac.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('') };
}

/**
 * Reads a key file the same way on every platform: a UTF-8 byte-order mark at the start and one
 * line ending at the end (LF, CRLF or CR — what an editor adds) are removed; then 64 or more hex
 * digits (`openssl rand -hex 32`) are read as hex, 44 or more base64 characters (`openssl rand
 * -base64 32`) as base64, and anything else is the key's raw bytes (a passphrase). So the same
 * passphrase saved with and without a final newline, on Windows or Linux, gives the same key and
 * the same pseudonyms. Other whitespace is part of the key.
 *
 * @example
 * const a = keyFromFileBytes(new TextEncoder().encode('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\r\n'));
 * const b = keyFromFileBytes(new TextEncoder().encode('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'));
 * a.length === 32 && a.every((x, i) => x === b[i]) //=> true
 */
export function keyFromFileBytes(bytes: Uint8Array): Uint8Array {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  let end = bytes.length;
  if (end > start && bytes[end - 1] === 0x0a) end--;
  if (end > start && bytes[end - 1] === 0x0d) end--;
  const body = bytes.subarray(start, end);
  let text = '';
  for (const b of body) {
    if (b > 0x7e || b < 0x20) {
      text = '';
      break;
    }
    text += String.fromCharCode(b);
  }
  if (text.length === body.length && body.length > 0) {
    if (/^[0-9a-fA-F]{64,}$/.test(text) && text.length % 2 === 0) {
      const out = new Uint8Array(text.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
      return out;
    }
    if (/^[A-Za-z0-9+/]{43,}={0,2}$/.test(text) && text.length % 4 === 0) {
      const bin = atob(text);
      return Uint8Array.from(bin, (c) => c.charCodeAt(0));
    }
  }
  return new Uint8Array(body);
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function base64url(bytes: Uint8Array, n: number): string {
  let out = '';
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[v >>> 18]! + B64URL[(v >>> 12) & 63]! + B64URL[(v >>> 6) & 63]! + B64URL[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += B64URL[v >>> 18]! + B64URL[(v >>> 12) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[v >>> 18]! + B64URL[(v >>> 12) & 63]! + B64URL[(v >>> 6) & 63]!;
  }
  return out;
}

interface NodeCrypto {
  createHmac(alg: string, key: unknown): { update(data: string): { digest(enc: 'base64url'): string } };
  createSecretKey(key: Uint8Array): unknown;
}

function nodeCrypto(): NodeCrypto | undefined {
  // process.getBuiltinModule (Node ≥ 20.16) loads node:crypto without an import statement that a
  // browser bundler would try to resolve.
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const m = p?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  return m && typeof m.createHmac === 'function' ? m : undefined;
}

const invalid = (): PseudonymResult =>
  deidFail('DEID_ID_INVALID', '不是有效的身份证号或残疾人证号，不能生成假名（请先核对号码）');

/**
 * Creates a pseudonymizer for one secret key. Refuses keys shorter than 32 bytes
 * (`DEID_KEY_TOO_SHORT`) or guessable ones (`DEID_KEY_WEAK`, see {@link checkPseudonymKey}), key ids outside `[A-Za-z0-9_-]{1,16}` (`DEID_KEY_ID_INVALID`), and token
 * lengths outside 22–43 characters (`DEID_TOKEN_LENGTH_INVALID`). Two departments holding the same key,
 * key id and length get the same token for the same person, so they can link their records without
 * exchanging ID numbers. Tokens under different keys are unrelated.
 *
 * @example
 * const r = await createPseudonymizer({ key: generatePseudonymKey(), keyId: 'k2026' });
 * if (r.ok) {
 *   const a = await r.value.pseudonymize('11010519491231002x');
 *   const b = await r.value.pseudonymize('11010519491231002X42'); // certificate of the same person
 *   a.ok && b.ok && a.value === b.value //=> true
 *   a.ok && a.value.startsWith('k2026:') //=> true
 * }
 */
export async function createPseudonymizer(options: PseudonymizerOptions): Promise<DeidResult<Pseudonymizer>> {
  if (options === null || typeof options !== 'object') return deidFail('DEID_KEY_TOO_SHORT', '缺少假名化密钥');
  const checked = checkPseudonymKey(options.key);
  if (!checked.ok) return checked;
  const raw = checked.value;
  if (typeof options.keyId !== 'string' || !KEY_ID.test(options.keyId)) {
    return deidFail('DEID_KEY_ID_INVALID', '密钥标识应为1–16位字母、数字、下划线或连字符');
  }
  const tokenLength = options.tokenLength ?? 22;
  if (!Number.isInteger(tokenLength) || tokenLength < 22 || tokenLength > 43) {
    return deidFail('DEID_TOKEN_LENGTH_INVALID', '假名长度应为22–43个字符（132–256位）');
  }
  const key = new Uint8Array(raw); // private copy: later changes by the caller do not alter tokens
  const fp = await pseudonymKeyFingerprint(key);
  if (!fp.ok) return fp;
  const fingerprint = fp.value;
  const prefix = `${options.keyId}:`;
  const engine = options.engine ?? 'auto';
  const node = engine === 'webcrypto' ? undefined : nodeCrypto();
  if (engine === 'node' && !node) return deidFail('DEID_CRYPTO_UNAVAILABLE', '当前环境没有 node:crypto');

  if (node) {
    const secret = node.createSecretKey(key);
    const sync = (input: string): PseudonymResult => {
      const subject = pseudonymSubject(input);
      if (subject === undefined) return invalid();
      // A string digest is cheaper than a Buffer (no ArrayBuffer allocation per call).
      return { ok: true, value: prefix + node.createHmac('sha256', secret).update(subject).digest('base64url').slice(0, tokenLength) };
    };
    const p: Pseudonymizer = {
      keyId: options.keyId,
      tokenLength,
      engine: 'node',
      fingerprint,
      pseudonymize: async (input) => sync(input),
      pseudonymizeMany: async (inputs) => inputs.map(sync),
      pseudonymizeSync: sync,
    };
    return { ok: true, value: p };
  }

  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) return deidFail('DEID_CRYPTO_UNAVAILABLE', '当前环境没有 Web Crypto（crypto.subtle）；浏览器中需在安全上下文（HTTPS）内使用');
  const cryptoKey = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const encoder = new TextEncoder();
  const one = async (input: string): Promise<PseudonymResult> => {
    const subject = pseudonymSubject(input);
    if (subject === undefined) return invalid();
    const mac = new Uint8Array(await subtle.sign('HMAC', cryptoKey, encoder.encode(subject)));
    return { ok: true, value: prefix + base64url(mac, mac.length).slice(0, tokenLength) };
  };
  const p: Pseudonymizer = {
    keyId: options.keyId,
    tokenLength,
    engine: 'webcrypto',
    fingerprint,
    pseudonymize: one,
    // In slices, so a million inputs do not put a million pending promises in memory at once.
    pseudonymizeMany: async (inputs) => {
      const out: PseudonymResult[] = [];
      for (let i = 0; i < inputs.length; i += 4096) out.push(...(await Promise.all(inputs.slice(i, i + 4096).map(one))));
      return out;
    },
  };
  return { ok: true, value: p };
}

/**
 * Splits a token into its key id and digest; `undefined` when the text is not a token.
 *
 * @example
 * parsePseudonym('k2026:3q2-7wEAAQIDBAUGBwgJCg') //=> { keyId: 'k2026', digest: '3q2-7wEAAQIDBAUGBwgJCg' }
 */
export function parsePseudonym(token: string): { keyId: string; digest: string } | undefined {
  if (typeof token !== 'string') return undefined;
  const m = /^([A-Za-z0-9_-]{1,16}):([A-Za-z0-9_-]{22,43})$/.exec(token);
  return m ? { keyId: m[1]!, digest: m[2]! } : undefined;
}
