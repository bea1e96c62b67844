/**
 * How persons are matched across the sources: by canonical resident ID (`canonicalResidentId` of
 * @canji/id), by certificate number, or by a key the caller computes (a keyed pseudonym of
 * @canji/deid when the rounds come de-identified).
 */
import { canonicalResidentId, maskCertificateNo, maskResidentId, parseDisabilityCertificateNo } from '@canji/id';

/** Where a record comes from. */
export type RoundSource = 'current' | 'previous' | 'roster' | 'public-security';

/** A caller's key: the same person must get the same string in every source; `undefined` = no key. */
export type PersonKeyFunction = (record: Readonly<Record<string, unknown>>, source: RoundSource) => string | undefined | null;

/**
 * How persons are matched: `'resident-id'` (default; `resident_id`, or the first 18 characters of
 * `certificate_no` when the ID is missing), `'certificate-no'` (a new certificate number is a new
 * person, e.g. after a reissue `B1`), or a function.
 */
export type PersonKey = 'resident-id' | 'certificate-no' | PersonKeyFunction;

const CANON_CERT = /^\d{17}[\dX][1-7][1-49](B[1-9])?$/;

/** Canonical certificate number, or `undefined`. */
export function canonicalCertificateNo(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) value = String(value);
  if (typeof value !== 'string' || value === '') return undefined;
  if (CANON_CERT.test(value)) return value;
  const r = parseDisabilityCertificateNo(value, { allowUnknownLevel: true });
  return r.ok ? r.value.certificateNo : undefined;
}

function residentIdOf(record: Readonly<Record<string, unknown>>): string | undefined {
  const id = record.resident_id;
  if (typeof id === 'string' && id !== '') {
    const c = canonicalResidentId(id);
    if (c !== undefined) return c;
  }
  const cert = canonicalCertificateNo(record.certificate_no);
  return cert === undefined ? undefined : cert.slice(0, 18);
}

/** The function that reads a record's key, for a {@link PersonKey}. @internal */
export function keyReader(key: PersonKey): PersonKeyFunction {
  if (typeof key === 'function') return key;
  if (key === 'certificate-no') {
    // Public-security rows carry no certificate number: they are matched through the ID part (see psKeyOf).
    return (r, source) => (source === 'public-security' ? residentIdOf(r) : canonicalCertificateNo(r.certificate_no));
  }
  return (r) => residentIdOf(r);
}

/** The key under which a person's public-security row was stored. @internal */
export function psKeyOf(key: PersonKey, personKey: string): string {
  return key === 'certificate-no' ? personKey.slice(0, 18) : personKey;
}

/** How a person's key is shown in lists: masked by default (see {@link ListOptions}). @internal */
export function keyMasker(key: PersonKey, full: boolean, mask?: (key: string) => string): (k: string) => string {
  if (full) return (k) => k;
  if (mask) return mask;
  if (key === 'resident-id') return (k) => maskResidentId(k);
  if (key === 'certificate-no') return (k) => maskCertificateNo(k);
  // A caller's key is a pseudonym (not an identifier by itself): shown as it is.
  return (k) => k;
}
