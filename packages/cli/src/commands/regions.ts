/** `canji regions <code or text>`: looks a region up by code (2–12 digits) or by name. */
import { ancestorsOf, getRegion, loadVillages, normalizeRegionCode, searchRegions, type Region, type RegionLevel } from '@canji/regions';
import { CliError, EXIT, type CliIo, type ExitCode } from '../io.js';

const LEVEL_ZH: Record<RegionLevel, string> = { province: '省级', prefecture: '地级', county: '县级', township: '乡级', village: '村级' };

function line(r: Region): string {
  const status = r.status === 'current' ? '' : '（已撤销）';
  return `${r.code.padEnd(12)}  ${LEVEL_ZH[r.level]}  ${r.fullName}${status}`;
}

export async function runRegions(io: CliIo, query: string, o: { level?: string; limit: string; json: boolean }): Promise<ExitCode> {
  const limit = Number(o.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new CliError('USAGE_NUMBER', `--limit 应为正整数（收到“${o.limit}”）`);
  if (o.level && !(o.level in LEVEL_ZH)) throw new CliError('USAGE_LEVEL', `--level 应为 ${Object.keys(LEVEL_ZH).join('、')} 之一`);
  const q = query.trim();
  let hits: Region[];
  if (/^\d+$/.test(q)) {
    const code = normalizeRegionCode(q);
    if (code === undefined) throw new CliError('USAGE_REGION', `“${q}”不是区划代码（应为 2、4、6、9 或 12 位数字）`);
    if (code.length === 12) await loadVillages(code.slice(0, 2));
    const r = getRegion(code);
    hits = r ? [r] : [];
    if (!r) {
      io.stderr(`未找到区划代码 ${q}\n`);
      return EXIT.PROBLEMS;
    }
    if (!o.json) {
      io.stdout(line(r) + '\n');
      const up = ancestorsOf(r.code);
      if (up.length) io.stdout(`上级：${up.map((a) => `${a.name}（${a.code}）`).join(' → ')}\n`);
      return EXIT.OK;
    }
  } else {
    hits = searchRegions(q, { limit, includeAbolished: true, ...(o.level ? { level: o.level as RegionLevel } : {}) }).map((h) => h.region);
  }
  if (o.json) {
    io.stdout(JSON.stringify(hits, null, 2) + '\n');
    return hits.length ? EXIT.OK : EXIT.PROBLEMS;
  }
  if (!hits.length) {
    io.stderr(`未找到“${q}”\n`);
    return EXIT.PROBLEMS;
  }
  for (const r of hits) io.stdout(line(r) + '\n');
  return EXIT.OK;
}
