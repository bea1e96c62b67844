import { parseDisabilityCertificateNo, type DisabilityCertificateNo, type ParseCertificateOptions } from './certificate.js';
import { CanjiIdError } from './make.js';
import { parseResidentId } from './resident-id.js';
import type { ParseResidentIdOptions, ResidentId } from './types.js';

/**
 * Like `parseResidentId`, but returns the value or throws a `CanjiIdError` carrying the stable
 * `code` — for callers who prefer exceptions.
 *
 * @example
 * assertResidentId('11010519491231002X').sex //=> 'female'
 * try { assertResidentId('123') } catch (e) { (e as CanjiIdError).code } //=> 'ID_LENGTH'
 */
export function assertResidentId(input: string, options?: ParseResidentIdOptions): ResidentId {
  const r = parseResidentId(input, options);
  if (!r.ok) throw new CanjiIdError(r.error.code, r.error.message);
  return r.value;
}

/**
 * Like `parseDisabilityCertificateNo`, but returns the value or throws a `CanjiIdError`.
 *
 * @example
 * assertDisabilityCertificateNo('11010519491231002X42').category //=> 4
 */
export function assertDisabilityCertificateNo(input: string, options?: ParseCertificateOptions): DisabilityCertificateNo {
  const r = parseDisabilityCertificateNo(input, options);
  if (!r.ok) throw new CanjiIdError(r.error.code, r.error.message);
  return r.value;
}
