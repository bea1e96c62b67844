/**
 * Progress of a long run: a bar with rows/s and the remaining time on a terminal (cli-progress),
 * a plain line every 100,000 rows otherwise, nothing with `--quiet`.
 */
import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  /** Rows read so far and bytes of the file read so far. */
  update(rows: number, bytes: number): void;
  stop(): void;
}

/** Options of the progress line on stderr: the streams, quiet, label and total size. */
export interface ProgressOptions {
  io: CliIo;
  quiet: boolean;
  /** What is being done: `校验`, `统计` … */
  label: string;
  totalBytes: number;
  /** Plain-line interval in rows (default 100,000). */
  every?: number;
  /** Clock for rates: injected so tests stay deterministic (default `performance.now`). */
  now?: () => number;
}

const fmtRate = (rows: number, ms: number) => (ms > 0 ? Math.round((rows * 1000) / ms) : 0);

function fmtEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} 分 ${s % 60} 秒` : `${s} 秒`;
}

export function createProgress(opts: ProgressOptions): Progress {
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const host = opts.io.progress;
  if (host) {
    let rows = 0;
    let bytes = 0;
    host({ label: opts.label, rows, bytesRead: bytes, totalBytes: opts.totalBytes });
    return {
      update(r, b) {
        rows = r;
        bytes = b;
        host({ label: opts.label, rows, bytesRead: bytes, totalBytes: opts.totalBytes });
      },
      stop: () => host({ label: opts.label, rows, bytesRead: bytes, totalBytes: opts.totalBytes, done: true }),
    };
  }
  if (opts.quiet) return { update() {}, stop() {} };
  if (opts.io.isTTY && process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${opts.label} [{bar}] {percentage}% | {rows} 行 | {rate} 行/秒 | 剩余 {left}`,
        barCompleteChar: '█',
        barIncompleteChar: '░',
        hideCursor: true,
        stream: process.stderr,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(1, opts.totalBytes), 0, { rows: 0, rate: 0, left: '—' });
    let last = 0;
    return {
      update(rows, bytes) {
        const t = now();
        if (t - last < 200) return;
        last = t;
        const ms = t - start;
        const left = bytes > 0 ? ((opts.totalBytes - bytes) * ms) / bytes / 1000 : NaN;
        bar.update(Math.min(bytes, opts.totalBytes), { rows, rate: fmtRate(rows, ms), left: fmtEta(left) });
      },
      stop() {
        bar.update(opts.totalBytes);
        bar.stop();
      },
    };
  }
  const every = opts.every ?? 100_000;
  let next = every;
  return {
    update(rows, bytes) {
      if (rows < next) return;
      next = (Math.floor(rows / every) + 1) * every;
      const ms = now() - start;
      const pct = opts.totalBytes ? Math.min(100, Math.floor((bytes / opts.totalBytes) * 100)) : 0;
      const left = bytes > 0 ? ((opts.totalBytes - bytes) * ms) / bytes / 1000 : NaN;
      opts.io.stderr(`${opts.label}：已读取 ${rows} 行（${pct}%），${fmtRate(rows, ms)} 行/秒，预计剩余 ${fmtEta(left)}\n`);
    },
    stop() {},
  };
}
