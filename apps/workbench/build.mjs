// Builds the workbench to static files that open from disk or any intranet web server:
//   dist/index.html — the offline workbench (检查工作台): one HTML file, its page script inline, the
//                     check's Web Worker inline too (started from a Blob), no request at run time;
//   dist/entry.html — the reference entry page for app vendors (逐项录入参考页).
// Each page carries a Content-Security-Policy that allows its own inline script (by hash) and
// forbids every network connection (connect-src 'none'); see docs/guides/workbench.md.
//
// The worker bundles the CLI's own reading, checking and writing code (packages/cli/src) with the
// Node built-ins it imports replaced by src/shims/ (an in-memory file system, SHA-256, …) and two
// CLI modules swapped for browser ones (exceljs in memory instead of streamed; no village tables).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const shims = join(here, 'src/shims');
// WORKBENCH_DIST: build somewhere else (the browser tests build into a temporary folder).
const dist = process.env.WORKBENCH_DIST ? resolve(process.env.WORKBENCH_DIST) : join(here, 'dist');
// Packages by their real folder (pnpm links them), so that their own dependencies resolve.
const require_ = (m) => realpathSync(join(here, 'node_modules', m));
const exceljsBrowser = join(realpathSync(join(root, 'packages/cli/node_modules/exceljs')), 'dist/exceljs.min.js');

const NODE_SHIMS = {
  fs: 'fs.ts',
  'fs/promises': 'fs-promises.ts',
  path: 'path.ts',
  crypto: 'crypto.ts',
  'node:buffer': 'buffer.ts',
  zlib: 'unavailable.ts',
  worker_threads: 'unavailable.ts',
  child_process: 'unavailable.ts',
  os: 'unavailable.ts',
  url: 'unavailable.ts',
  module: 'unavailable.ts',
  readline: 'unavailable.ts',
  tty: 'unavailable.ts',
  http: 'unavailable.ts',
  https: 'unavailable.ts',
  net: 'unavailable.ts',
  process: 'process.ts',
  util: 'unavailable.ts',
  assert: 'unavailable.ts',
};
// CLI and regions modules swapped for their browser side (same exports).
const SWAPS = {
  [join(root, 'packages/cli/src/xlsx-engine.ts')]: join(shims, 'xlsx-engine.ts'),
  [join(root, 'packages/cli/src/xlsx-container.ts')]: join(shims, 'xlsx-container.ts'),
  [join(root, 'packages/regions/src/villages-module.ts')]: join(shims, 'villages-module.ts'),
  [join(root, 'packages/cli/src/parquet-source.ts')]: join(shims, 'parquet-source.ts'),
};

const canjiPackages = readdirSync(join(root, 'packages')).filter((d) => existsSync(join(root, 'packages', d, 'src/index.ts')));

/** @type {import('esbuild').Plugin} */
const browserPlugin = {
  name: 'canji-browser',
  setup(b) {
    b.onResolve({ filter: /^@canji\// }, (a) => {
      const [, pkg, sub] = /^@canji\/([^/]+)(?:\/(.+))?$/.exec(a.path) ?? [];
      if (!pkg || !canjiPackages.includes(pkg)) return undefined;
      return { path: join(root, 'packages', pkg, 'src', `${sub ?? 'index'}.ts`) };
    });
    b.onResolve({ filter: /.*/ }, (a) => {
      const bare = a.path.replace(/^node:/, '');
      // exceljs's browser build (no streams; see src/shims/xlsx-engine.ts); no DuckDB in a browser.
      if (a.path === 'exceljs') return { path: exceljsBrowser };
      if (a.path.startsWith('@duckdb/') || a.path === 'pg' || a.path.startsWith('pg/') || a.path.startsWith('pg-')) return { path: join(shims, 'no-database.cjs') };
      if (a.path === 'node:buffer') return { path: join(shims, NODE_SHIMS['node:buffer']) };
      if (bare === 'buffer') return { path: join(require_('buffer'), 'index.js') };
      if (bare === 'stream') return { path: join(require_('readable-stream'), 'readable-browser.js') };
      if (bare === 'string_decoder') return { path: join(dirname(require_('readable-stream')), 'string_decoder/lib/string_decoder.js') };
      if (bare === 'events') return { path: join(require_('events'), 'events.js') };
      if (NODE_SHIMS[bare] && (a.path.startsWith('node:') || !a.path.startsWith('.'))) return { path: join(shims, NODE_SHIMS[bare]) };
      if (a.path.startsWith('.') && a.importer) {
        const target = resolve(dirname(a.importer), a.path).replace(/\.js$/, '.ts');
        if (SWAPS[target] && !a.importer.startsWith(shims)) return { path: SWAPS[target] };
      }
      return undefined;
    });
  },
};

const common = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: process.env.WORKBENCH_MINIFY !== '0',
  legalComments: 'none',
  charset: 'utf8',
  write: false,
  logLevel: 'warning',
  plugins: [browserPlugin],
  inject: [join(shims, 'process.ts')],
  define: { 'import.meta.url': '"file:///workbench/"', global: 'globalThis' },
  // The resolve conditions of a browser bundler: exceljs's browser build, zod's ESM.
  mainFields: ['browser', 'module', 'main'],
  conditions: ['browser', 'import', 'default'],
  nodePaths: [join(root, 'node_modules')],
};

async function bundle(entry, extra = {}) {
  const r = await build({ ...common, ...extra, entryPoints: [join(here, 'src', entry)] });
  return r.outputFiles[0].text;
}

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('base64');

/** A page with its script inline, allowed by hash; nothing else may run or connect. */
function page({ title, body, script, css, workers }) {
  if (/<\/script/i.test(script)) throw new Error(`${title}: the inline script holds "</script": it would end the element`);
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(script)}'`,
    // The check runs in a Web Worker started from a Blob of the page's own code.
    workers ? 'worker-src blob:' : '',
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    // The report is shown in an iframe from srcdoc (it inherits this policy); downloads are Blob links.
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].filter(Boolean).join('; ');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${css}</style>
</head>
<body>
${body}
<script>${script}</script>
</body>
</html>
`;
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const css = readFileSync(join(here, 'src/page.css'), 'utf8');
// The village tables, gzipped per province (see src/shims/villages-module.ts).
const villageDir = join(root, 'packages/regions/data/villages');
const wanted = process.env.WORKBENCH_PROVINCES ? new Set(process.env.WORKBENCH_PROVINCES.split(',').map((s) => s.trim())) : undefined;
const villages = {};
for (const f of readdirSync(villageDir).filter((f) => /^\d{2}\.js$/.test(f)).sort()) {
  const p = f.slice(0, 2);
  if (wanted && !wanted.has(p)) continue;
  const m = /export default ("(?:[^"\\]|\\.)*");/s.exec(readFileSync(join(villageDir, f), 'utf8'));
  if (!m) throw new Error(`${f}: not a village module`);
  villages[p] = gzipSync(Buffer.from(JSON.parse(m[1]), 'utf8'), { level: 9 }).toString('base64');
}
const worker = await bundle('worker.ts', { define: { ...common.define, __VILLAGES__: JSON.stringify(villages) } });
// The worker's code travels inside the page script as a string: one file, no request to load it.
const workbench = await bundle('page.ts', { define: { ...common.define, __WORKER_SOURCE__: JSON.stringify(worker).replace(/<\/script/gi, '<\\/script') } });
writeFileSync(join(dist, 'index.html'), page({ title: 'canji 离线工作台 · 残疾人基本服务状况和需求信息数据校验', body: readFileSync(join(here, 'src/page.html'), 'utf8'), script: workbench, css, workers: true }));
const entry = await bundle('entry.ts');
writeFileSync(join(dist, 'entry.html'), page({ title: 'canji 逐项录入参考页 · 残疾人基本服务状况和需求信息登记', body: readFileSync(join(here, 'src/entry.html'), 'utf8'), script: entry, css: readFileSync(join(here, 'src/entry.css'), 'utf8'), workers: false }));
const size = (f) => `${(readFileSync(join(dist, f)).length / 1024 / 1024).toFixed(2)} MB`;
console.log(`workbench: dist/index.html ${size('index.html')}, dist/entry.html ${size('entry.html')}`);
