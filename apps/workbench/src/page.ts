/**
 * The workbench page: settings, files, the run (in a Web Worker, with progress and cancel), the
 * results (figures, downloads, the records to fix by township, the printable report) and the
 * read-back of the departments' returned lists. All zh-CN; nothing leaves the page.
 */
import { countyChildren } from '@canji/regions/counties';
import { DEPARTMENT_IDS, DEPARTMENT_NAMES } from '../../../packages/form/src/extracts/types.js';
import type { CheckRequest, FromWorker, OutputFile, ToWorker } from './protocol.js';
import { $, el } from './dom.js';

declare const __WORKER_SOURCE__: string;


// ---------- the region picker (province → prefecture → county), from the county table ----------
function fill(select: HTMLSelectElement, code: string | undefined): void {
  select.replaceChildren(el('option', { value: '' }, '（不限）'));
  const list = code === undefined || code ? countyChildren(code || undefined) : [];
  for (const r of list) select.append(el('option', { value: r.code }, r.name));
  select.disabled = code !== undefined && !code;
}
const province = $<HTMLSelectElement>('province');
const prefecture = $<HTMLSelectElement>('prefecture');
const county = $<HTMLSelectElement>('county');
fill(province, undefined);
province.onchange = () => {
  fill(prefecture, province.value);
  fill(county, '');
};
prefecture.onchange = () => fill(county, prefecture.value);
const regionCode = () => county.value || prefecture.value || province.value || undefined;

// ---------- files ----------
const files: { batch?: File; departments: Record<string, File>; previous?: File; roster?: File } = { departments: {} };
/**
 * An optional file: its label, a 选择文件 button in zh-CN (the browser's own file input says
 * "Choose File" in an English browser) and the chosen file's name, with 移除 to take it back.
 */
function optionalFile(host: HTMLElement, label: string, input: HTMLInputElement, set: (f: File | undefined) => void): void {
  const box = el('div', { class: 'optional-file' });
  const name = el('span', { class: 'file-name' }, '未选择');
  const pick = el('label', { class: 'pick' }, '选择文件');
  const remove = el('button', { type: 'button', class: 'link', hidden: '' }, '移除');
  input.hidden = true;
  pick.append(input);
  input.onchange = () => {
    const f = input.files?.[0];
    set(f);
    name.textContent = f ? f.name : '未选择';
    remove.hidden = !f;
  };
  remove.onclick = () => {
    input.value = '';
    input.onchange?.(new Event('change'));
  };
  box.append(el('span', { class: 'optional-label' }, label), pick, name, remove);
  host.append(box);
}
const deptInputs = $('deptInputs');
for (const id of DEPARTMENT_IDS) {
  const input = el('input', { type: 'file', accept: '.csv,.txt,.xlsx,.jsonl', 'data-department': id });
  optionalFile(deptInputs, `${DEPARTMENT_NAMES[id]}数据`, input, (f) => {
    if (f) files.departments[id] = f;
    else delete files.departments[id];
  });
}
const roundInputs = $('roundInputs');
optionalFile(roundInputs, '上一轮数据（年度比对）', el('input', { type: 'file', id: 'previous', accept: '.csv,.txt,.xlsx,.jsonl' }), (f) => (files.previous = f));
optionalFile(roundInputs, '残疾人证底册', el('input', { type: 'file', id: 'roster', accept: '.csv,.txt,.xlsx,.jsonl' }), (f) => (files.roster = f));
const setBatch = (f: File | undefined) => {
  files.batch = f;
  $('batchName').textContent = f ? `已选择：${f.name}（${(f.size / 1024 / 1024).toFixed(1)} MB）` : '';
  $<HTMLButtonElement>('run').disabled = !f;
};
$<HTMLInputElement>('batch').onchange = (e) => setBatch((e.target as HTMLInputElement).files?.[0]);
function dropZone(zone: HTMLElement, onFiles: (f: File[]) => void): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    onFiles([...(e.dataTransfer?.files ?? [])]);
  });
}
dropZone($('drop'), (f) => setBatch(f[0]));
// A file dropped anywhere else must not make the browser open it (and leave the page).
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

// ---------- the worker ----------
let worker: Worker | undefined;
let workerUrl: string | undefined;
function startWorker(): Worker {
  workerUrl ??= URL.createObjectURL(new Blob([__WORKER_SOURCE__], { type: 'text/javascript' }));
  const w = new Worker(workerUrl);
  w.onmessage = (e: MessageEvent<FromWorker>) => onMessage(e.data);
  w.onerror = (e) => {
    e.preventDefault();
    failed('WORKER', e.message || '校验线程意外停止');
  };
  return w;
}
const send = (m: ToWorker) => {
  worker ??= startWorker();
  worker.postMessage(m);
};

const log = $('log');
const bar = $<HTMLProgressElement>('bar');
const status = $('status');
const say = (text: string) => {
  log.textContent += text;
  log.scrollTop = log.scrollHeight;
};
let started = 0;
function busy(on: boolean): void {
  $<HTMLButtonElement>('run').disabled = on || !files.batch;
  $<HTMLButtonElement>('cancel').disabled = !on;
  bar.hidden = !on;
}

$('run').onclick = () => {
  if (!files.batch) return;
  log.textContent = '';
  $('results').hidden = true;
  status.textContent = '正在读取文件…';
  status.className = '';
  bar.removeAttribute('value');
  busy(true);
  started = performance.now();
  const req: CheckRequest = {
    type: 'check',
    batch: files.batch,
    departments: { ...files.departments },
    ...(files.previous ? { previous: files.previous } : {}),
    ...(files.roster ? { roster: files.roster } : {}),
    ...($<HTMLSelectElement>('form').value ? { form: $<HTMLSelectElement>('form').value } : {}),
    ...(regionCode() ? { region: regionCode()! } : {}),
    ...($<HTMLInputElement>('asOf').value ? { asOf: $<HTMLInputElement>('asOf').value } : {}),
    ...($<HTMLInputElement>('title').value.trim() ? { title: $<HTMLInputElement>('title').value.trim() } : {}),
    ...($<HTMLInputElement>('sheet').value.trim() ? { sheet: $<HTMLInputElement>('sheet').value.trim() } : {}),
    ...($<HTMLInputElement>('fullIds').checked ? { fullIds: true } : {}),
    level: $<HTMLSelectElement>('level').value === 'county' ? 'county' : 'township',
    indicators: $<HTMLInputElement>('withIndicators').checked && Boolean($<HTMLInputElement>('asOf').value),
  };
  if ($<HTMLInputElement>('withIndicators').checked && !req.asOf) say('提示：指标表需要标准时点，未填写标准时点，本次不计算指标\n');
  send(req);
};

$('cancel').onclick = () => {
  worker?.terminate();
  worker = undefined;
  busy(false);
  status.textContent = '已取消：本次校验的结果已丢弃';
};

function failed(code: string, message: string): void {
  busy(false);
  status.textContent = `错误 [${code}]：${message}`;
  status.className = 'error';
}

// ---------- results ----------
const urls: string[] = [];
const MIME: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
  html: 'text/html;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  json: 'application/json',
};
function downloads(list: HTMLElement, out: readonly OutputFile[]): void {
  list.replaceChildren();
  for (const f of out) {
    const ext = f.path.split('.').pop() ?? '';
    const url = URL.createObjectURL(new Blob([f.bytes], { type: MIME[ext] ?? 'application/octet-stream' }));
    urls.push(url);
    const a = el('a', { href: url, download: f.path.replace(/\//g, '_') }, f.path);
    const li = el('li');
    li.append(a, ` （${f.bytes.byteLength < 1024 ? `${f.bytes.byteLength} 字节` : `${Math.ceil(f.bytes.byteLength / 1024)} KB`}）`);
    list.append(li);
  }
}
function figure(label: string, value: unknown, kind = ''): HTMLElement {
  const d = el('div', { class: `figure ${kind}` });
  d.append(el('b', {}, String(value ?? '—')), label);
  return d;
}
let fixRows: string[][] = [];
/** Columns of the list whose text wraps in the page's table (the others stay on one line). */
const WRAP = new Set(['问题', '规则', '应为', '填报值']);
function showFix(): void {
  const table = $<HTMLTableElement>('fixTable');
  const head = fixRows[0] ?? [];
  const col = head.indexOf('乡镇（街道）');
  const want = $<HTMLSelectElement>('township').value;
  const rows = fixRows.slice(1).filter((r) => !want || r[col] === want);
  const shown = rows.slice(0, 1000);
  const thead = el('thead');
  const tr = el('tr');
  for (const h of head.slice(0, 12)) tr.append(el('th', {}, h));
  thead.append(tr);
  const tbody = el('tbody');
  for (const r of shown) {
    const row = el('tr');
    r.slice(0, 12).forEach((c, i) => row.append(el('td', WRAP.has(head[i] ?? '') ? { class: 'wrap' } : {}, c)));
    tbody.append(row);
  }
  table.replaceChildren(thead, tbody);
  $('fixCount').textContent = `${rows.length} 处待修改${rows.length > shown.length ? `（页面显示前 ${shown.length} 处；完整清单请下载 待修改记录.xlsx）` : ''}`;
}
/**
 * The township filter in the report too: rows of the report's tables that name a township (its name
 * and 9-digit code, `星沙街道 430121001`) other than the chosen one are hidden — on screen and in print.
 */
function filterReport(): void {
  const want = $<HTMLSelectElement>('township').value;
  const doc = $<HTMLIFrameElement>('report').contentDocument;
  if (!doc) return;
  for (const row of doc.querySelectorAll<HTMLTableRowElement>('tbody tr, table tr')) {
    const first = row.cells[0]?.textContent?.trim() ?? '';
    const m = /^(.+?)\s+(\d{9})$/.exec(first);
    row.hidden = Boolean(want && m && m[1] !== want);
  }
  const note = doc.getElementById('canji-township-filter') ?? doc.body.insertBefore(Object.assign(doc.createElement('p'), { id: 'canji-township-filter' }), doc.body.firstChild);
  note.textContent = want ? `（按乡镇筛选：只显示“${want}”的行；合计行和全县数字不变）` : '';
}
$<HTMLSelectElement>('township').onchange = () => {
  showFix();
  filterReport();
};
$<HTMLIFrameElement>('report').addEventListener('load', filterReport);
$('print').onclick = () => $<HTMLIFrameElement>('report').contentWindow?.print();

function onMessage(m: FromWorker): void {
  switch (m.type) {
    case 'notice':
      say(m.text);
      return;
    case 'progress': {
      if (m.totalBytes > 0) bar.value = Math.min(100, Math.round((m.bytesRead / m.totalBytes) * 100));
      status.textContent = m.done ? `${m.label}：已读取 ${m.rows} 行，正在汇总…` : `${m.label}：已读取 ${m.rows} 行`;
      return;
    }
    case 'error':
      failed(m.code, m.message);
      return;
    case 'checked': {
      busy(false);
      const s = m.summary as { counts?: Record<string, number>; departments?: { department: string; matched: number; discrepancies: number }[]; rounds?: { persons: number } | null };
      const c = s.counts ?? {};
      status.textContent = `校验完成，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`;
      const figures = $('figures');
      figures.replaceChildren(
        figure('条记录', c.read),
        figure('无问题', c.clean, 'ok'),
        figure('仅有警告', c.warningsOnly, 'warn'),
        figure('有错误', c.withErrors, 'bad'),
        figure('无法读取', c.unreadable, c.unreadable ? 'bad' : ''),
      );
      for (const d of s.departments ?? []) figures.append(figure(`${DEPARTMENT_NAMES[d.department as keyof typeof DEPARTMENT_NAMES] ?? d.department}：匹配 ${d.matched} 人，待核实差异`, d.discrepancies, d.discrepancies ? 'warn' : 'ok'));
      if (s.rounds) figures.append(figure('人参加轮次比对', s.rounds.persons));
      for (const u of urls.splice(0)) URL.revokeObjectURL(u);
      downloads($('downloads'), m.files);
      fixRows = m.fixTable;
      const select = $<HTMLSelectElement>('township');
      select.replaceChildren(el('option', { value: '' }, '全部'));
      for (const [code, name] of m.townships) select.append(el('option', { value: code }, name));
      showFix();
      $('summaryJson').textContent = JSON.stringify(m.summary, null, 2);
      // srcdoc: the report document inherits this page's policy (no script, no connection).
      $<HTMLIFrameElement>('report').srcdoc = m.reportHtml;
      $('results').hidden = false;
      $('verify').hidden = !(s.departments?.length);
      document.body.dataset.state = 'checked';
      return;
    }
    case 'verified': {
      type Closure = { listed: number; answered: number; unanswered: number; invalid: number; rate: number | null; closedRate?: number | null };
      const s = m.summary as { total?: Closure; departments?: (Closure & { name: string | null })[]; corrections?: number; open?: number; findings?: { errors: number } };
      const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
      const t = s.total;
      const closure = $('closure');
      closure.replaceChildren(
        figure('条差异已发出', t?.listed),
        figure('条已核实答复', t?.answered, 'ok'),
        figure('核实率', pct(t?.rate)),
        figure('条未答复', t?.unanswered, t?.unanswered ? 'warn' : ''),
        figure('条答复无效', t?.invalid, t?.invalid ? 'bad' : ''),
        figure('条需更正残联数据', s.corrections),
        figure('项未结事项', s.open),
      );
      const table = el('table', { id: 'closureTable' });
      const head = el('tr');
      for (const h of ['部门', '发出', '已答复', '核实率', '未答复', '答复无效']) head.append(el('th', {}, h));
      table.append(head);
      for (const d of s.departments ?? []) {
        const tr = el('tr');
        for (const v of [d.name ?? '—', d.listed, d.answered, pct(d.rate), d.unanswered, d.invalid]) tr.append(el('td', {}, String(v)));
        table.append(tr);
      }
      closure.append(table);
      $('verifyJson').textContent = JSON.stringify(m.summary, null, 2);
      downloads($('verifyDownloads'), m.files);
      document.body.dataset.state = 'verified';
      return;
    }
  }
}

const verifyInput = $<HTMLInputElement>('returned');
const readBack = (list: File[]) => {
  if (!list.length) return;
  $('closure').replaceChildren();
  say(`读回 ${list.length} 个交回的清单…\n`);
  send({ type: 'verify', files: list });
};
verifyInput.onchange = () => readBack([...(verifyInput.files ?? [])]);
dropZone($('dropVerify'), readBack);
// The worker is started when the page has loaded (its code is parsed before the first run, not on the click).
worker = startWorker();
document.body.dataset.state = 'ready';
