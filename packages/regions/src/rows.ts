import type { TableRow } from './table.js';

/**
 * Province → county rows from the generated data strings (`CURRENT`: one `<code><name>` line per
 * unit, sorted by code; `ABOLISHED`: tab-separated; `FORMER_NAMES`), and the township lines of each
 * county (or prefecture without counties) as ranges of `CURRENT`. Data-free: the built-in table and
 * the small county entry (`@canji/regions/counties`) each pass their own strings.
 */
export function tableRows(CURRENT: string, ABOLISHED: string, FORMER_NAMES: string): { rows: TableRow[]; townships: Map<string, [number, number]> } {
  // Both lists are sorted by code, so a parent (a prefix) always comes before its children; an
  // abolished unit may hang on a current or an earlier abolished one. Townships follow their
  // county (or their prefecture, where the county segment is 00) as one contiguous run.
  const rows: TableRow[] = [];
  const townships = new Map<string, [number, number]>();
  const former = new Map<string, string[]>();
  for (const line of FORMER_NAMES.split('\n')) {
    const [code, names] = line.split('\t');
    if (code && names) former.set(code, names.split('|'));
  }
  let pos = 0;
  let run: [number, number] | undefined;
  while (pos < CURRENT.length) {
    let end = CURRENT.indexOf('\n', pos);
    if (end < 0) end = CURRENT.length;
    let i = pos;
    while (i < end && CURRENT.charCodeAt(i) <= 57) i++;
    if (i - pos === 9) {
      if (!run) {
        const six = CURRENT.slice(pos, pos + 6);
        townships.set(six.endsWith('00') ? six.slice(0, 4) : six, (run = [pos, end]));
      } else run[1] = end;
    } else {
      run = undefined;
      const code = CURRENT.slice(pos, i);
      const formerNames = former.get(code);
      rows.push(formerNames ? { code, name: CURRENT.slice(i, end), formerNames } : { code, name: CURRENT.slice(i, end) });
    }
    pos = end + 1;
  }
  for (const line of ABOLISHED.split('\n')) {
    const [code, name, , year] = line.split('\t');
    rows.push(year ? { code: code!, name: name!, status: 'abolished', lastListedYear: Number(year) } : { code: code!, name: name!, status: 'abolished' });
  }
  return { rows, townships };
}

