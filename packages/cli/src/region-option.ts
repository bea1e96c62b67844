import { getRegion, loadVillages, normalizeRegionCode } from '@canji/regions';
import { CliError } from './io.js';

/**
 * Checks that a `--region` code names a unit of the region table of `@canji/regions` (current or
 * abolished: a batch of an earlier round may carry a code abolished since). A code that is well
 * formed but unknown (`999999`) is a usage error, `USAGE_REGION`, exit code 2 — without this check
 * `canji check --region 999999` flagged every record as outside the batch's region. Codes that are
 * not 2–12 digits are left to the command's own format check (same code). A village code loads its
 * province's village table first. `canji check` calls it when the command runs (lazy-commands.ts), so
 * the region tables are not loaded when the program starts.
 *
 * @example
 * ```ts
 * await assertKnownRegion('430121'); // passes (长沙县)
 * await assertKnownRegion('999999'); // throws CliError USAGE_REGION
 * ```
 */
export async function assertKnownRegion(value: string | undefined): Promise<void> {
  if (value === undefined || !/^\d{2,12}$/.test(value)) return;
  const code = normalizeRegionCode(value);
  let known = false;
  if (code !== undefined) {
    if (code.length === 12 && getRegion(code.slice(0, 2))) {
      try {
        await loadVillages(code.slice(0, 2));
      } catch {
        // No village table for this province: the lookup below says "unknown".
      }
    }
    try {
      known = getRegion(code) !== undefined;
    } catch {
      known = false;
    }
  }
  if (!known) {
    throw new CliError('USAGE_REGION', `--region 的区划代码未知：${value}（区划表中没有这个代码；可用 canji regions <名称> 查代码，如 canji regions 长沙县）`);
  }
}
