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
 * (`DEID_KEY_TOO_SHORT`), key ids outside `[A-Za-z0-9_-]{1,16}` (`DEID_KEY_ID_INVALID`), and token
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
  const raw = options.key instanceof Uint8Array ? options.key : options.key instanceof ArrayBuffer ? new Uint8Array(options.key) : undefined;
  if (!raw || raw.byteLength < MIN_KEY_BYTES) {
    return deidFail('DEID_KEY_TOO_SHORT', `假名化密钥至少应为${MIN_KEY_BYTES}字节（256位），实为${raw?.byteLength ?? 0}字节`);
  }
  if (typeof options.keyId !== 'string' || !KEY_ID.test(options.keyId)) {
    return deidFail('DEID_KEY_ID_INVALID', '密钥标识应为1–16位字母、数字、下划线或连字符');
  }
  const tokenLength = options.tokenLength ?? 22;
  if (!Number.isInteger(tokenLength) || tokenLength < 22 || tokenLength > 43) {
    return deidFail('DEID_TOKEN_LENGTH_INVALID', '假名长度应为22–43个字符（132–256位）');
  }
  const key = new Uint8Array(raw); // private copy: later changes by the caller do not alter tokens
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
