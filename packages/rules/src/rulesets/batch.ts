/**
 * Batch rules: what only the whole batch can show. Each keeps a table keyed by canonical ID (or
 * certificate / householder ID), so memory grows with the number of distinct people, not with the
 * size of the records. The keys are packed into integers (see `id-table.ts`): about 20 bytes per
 * person and table, none of it for the garbage collector to walk.
 */
import { canonicalResidentId } from '@canji/id';
import { Int32Column, PackedKeyTable, packCertificateNo, packed, packResidentId } from '../id-table.js';
import { defineRule, type BatchRule, type RecordRule } from '../model.js';
import { CERTIFICATE_RULES, DYNAMIC_UPDATE_MECHANISM, GB_11643 } from './documents.js';

function certKey(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim().toUpperCase();
  return t.length >= 20 ? t : undefined;
}

const DUPLICATE = defineRule({
  id: 'BATCH_DUPLICATE_PERSON',
  title: '同一人在本批次中重复出现',
  severity: 'error',
  scope: 'batch',
  formVersions: '*',
  items: ['resident_id'],
  basis: { kind: 'data-quality', document: `${DYNAMIC_UPDATE_MECHANISM}；${GB_11643}`, section: '实名制：每名持证残疾人一条记录；一人一号', sources: ['D5', 'D6', 'D24'], certainty: 'official' },
  description: '按规范化身份证号（15 位升 18 位、大小写和全角规范化）判断；第二次及以后出现的记录被标记，并指出首次出现的位置。',
  start: () => {
    const table = new PackedKeyTable();
    const firstIndex = new Int32Column();
    // Canonical IDs always pack; the map is for whatever a future ID scheme brings.
    const other = new Map<string, number>();
    return (_r, f, index) => {
      const id = f.id;
      if (id === undefined) return false;
      let prev: number | undefined;
      if (packResidentId(id)) {
        const e = table.add(packed.hi, packed.lo, 0);
        if (table.added) {
          firstIndex.set(e, index);
          return false;
        }
        prev = firstIndex.get(e);
      } else {
        prev = other.get(id);
        if (prev === undefined) {
          other.set(id, index);
          return false;
        }
      }
      return { message: `同一人在本批次中重复出现（首次出现于第 ${prev + 1} 条）`, recorded: prev };
    };
  },
});

const SHARED_CERTIFICATE = defineRule({
  id: 'BATCH_SHARED_CERTIFICATE',
  title: '同一残疾人证号登记在不同的人名下',
  severity: 'error',
  scope: 'batch',
  formVersions: '*',
  items: ['certificate_no', 'resident_id'],
  basis: { kind: 'data-quality', document: CERTIFICATE_RULES, section: '一人一证', sources: ['D13', 'C2', 'P54'], certainty: '2+' },
  start: () => {
    // Certificate → its first owner's canonical ID: packed (hi, lo) by entry, or as text when it does not pack.
    const table = new PackedKeyTable();
    const ownerHi = new Int32Column();
    const ownerLo = new Int32Column();
    const ownerText = new Map<number, string>();
    const other = new Map<string, string>();
    return (r, f) => {
      const c = certKey(r.certificate_no);
      const id = f.id;
      if (c === undefined || id === undefined) return false;
      if (!packCertificateNo(c)) {
        const prev = other.get(c);
        if (prev === undefined) {
          other.set(c, id);
          return false;
        }
        return prev !== id ? { recorded: c } : false;
      }
      const e = table.add(packed.hi, packed.lo, packed.ext);
      const added = table.added;
      const idPacks = packResidentId(id);
      if (added) {
        if (idPacks) {
          ownerHi.set(e, packed.hi);
          ownerLo.set(e, packed.lo);
        } else {
          ownerHi.set(e, -1);
          ownerText.set(e, id);
        }
        return false;
      }
      const hi = ownerHi.get(e);
      const same = hi === -1 ? ownerText.get(e) === id : idPacks && hi === packed.hi && ownerLo.get(e) === packed.lo;
      return same ? false : { recorded: c };
    };
  },
});

const HOUSEHOLDER = defineRule({
  id: 'BATCH_HOUSEHOLDER_INCONSISTENT',
  title: '同一户主身份证号在不同记录中对应不同的户主姓名',
  severity: 'error',
  scope: 'batch',
  formVersions: '*',
  items: ['householder_id', 'householder_name'],
  basis: { kind: 'data-quality', document: GB_11643, section: '一个公民身份号码只对应一人', sources: ['D24'], certainty: 'official' },
  start: () => {
    const table = new PackedKeyTable();
    const names: string[] = [];
    const other = new Map<string, string>();
    return (r) => {
      const hid = r.householder_id;
      const hname = r.householder_name;
      if (typeof hid !== 'string' || hid === '' || typeof hname !== 'string' || hname === '' || hname === '集体户口') return false;
      const key = canonicalResidentId(hid);
      if (key === undefined) return false;
      let prev: string | undefined;
      if (packResidentId(key)) {
        const e = table.add(packed.hi, packed.lo, 0);
        if (table.added) {
          names.push(hname);
          return false;
        }
        prev = names[e]!;
      } else {
        prev = other.get(key);
        if (prev === undefined) {
          other.set(key, hname);
          return false;
        }
      }
      // Names stay out of the message (reports show messages); `recorded` is masked in examples.
      return prev !== hname ? { recorded: hname } : false;
    };
  },
});

const OUTSIDE_REGION = defineRule({
  id: 'BATCH_OUTSIDE_REGION',
  title: '记录的村（社区）代码不在本批次的地区内',
  severity: 'error',
  scope: 'record',
  formVersions: '*',
  items: ['region_code'],
  basis: { kind: 'data-quality', document: DYNAMIC_UPDATE_MECHANISM, section: '按属地报送：县（区）报送本辖区的记录', sources: ['D5', 'D6'], certainty: 'official' },
  check: (r, _f, ctx) => {
    const region = ctx.batchRegion;
    if (!region) return false;
    const code = r.region_code;
    if (typeof code !== 'string' || code === '') return { message: '记录缺少村（社区）代码，无法确认属于本批次地区' };
    return code.startsWith(region) ? false : { recorded: code };
  },
});

/**
 * Batch rules: the same person twice, one certificate number for two people, a householder ID
 * with two names, and records outside the batch's region (`context.batchRegion`).
 *
 * @example
 * ```ts
 * batchRules().map((r) => r.id);
 * //=> ['BATCH_DUPLICATE_PERSON', 'BATCH_SHARED_CERTIFICATE', 'BATCH_HOUSEHOLDER_INCONSISTENT', 'BATCH_OUTSIDE_REGION']
 * ```
 */
export function batchRules(): (BatchRule | RecordRule)[] {
  return [DUPLICATE, SHARED_CERTIFICATE, HOUSEHOLDER, OUTSIDE_REGION];
}
