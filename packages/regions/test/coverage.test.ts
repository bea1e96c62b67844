import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { residentIdRegionLookup } from '@canji/regions';

// A yardstick kept beside the repository (../shared/reference), never copied into it: abolished
// county-level codes agreed by three public datasets. It measures how much history the registry
// packages give; it is not a source.
const file = fileURLToPath(new URL('../../../../shared/reference/region-code-history.json', import.meta.url));

describe.skipIf(!existsSync(file))('coverage of the abolished-code yardstick', () => {
  it('knows most agreed abolished codes as abolished (reported, not a fixed figure)', () => {
    const h = JSON.parse(readFileSync(file, 'utf8')) as { abolished_codes: { agreed: string[][]; single_dataset?: { code: string }[] } };
    const codes = h.abolished_codes.agreed.map((r) => r[0]!);
    let abolished = 0;
    let current = 0;
    for (const c of codes) {
      const s = residentIdRegionLookup(c).status;
      if (s === 'abolished') abolished++;
      else if (s === 'current') current++;
    }
    const pct = ((100 * abolished) / codes.length).toFixed(1);
    const single = (h.abolished_codes.single_dataset ?? []).map((r) => r.code);
    const singleKnown = single.filter((c) => residentIdRegionLookup(c).status === 'abolished').length;
    console.log(`[regions] codes only one dataset calls abolished: ${singleKnown}/${single.length} known as abolished`);
    console.log(`[regions] abolished-code coverage: ${abolished}/${codes.length} (${pct}%) known as abolished, ${current} current in 2023 (re-used codes), ${codes.length - abolished - current} unknown`);
    expect(abolished / codes.length).toBeGreaterThan(0.9);
  });
});
