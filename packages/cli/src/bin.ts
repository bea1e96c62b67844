#!/usr/bin/env node
import { run } from './cli.js';
import { EXIT } from './io.js';
import { removePendingOutputs } from './output-file.js';

// Interrupted (Ctrl-C, a kill): remove every output not yet complete, say which, exit 3. A file
// that is complete was renamed into place and stays; nothing half-written is left behind.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    const left = removePendingOutputs();
    process.stderr.write(`\n错误 [INTERRUPTED]：运行被中断（${signal}）${left.length ? `；以下文件未写出：${left.join('、')}` : ''}\n`);
    process.exit(EXIT.FAILURE);
  });
}

// The reader of stdout (or stderr) went away — `canji regions 长沙 | head -1`: stop quietly, as a
// Unix filter does, without the stack trace of an unhandled 'error' event. Outputs not yet complete
// are removed; the exit code is 0, since the reader took all it wanted.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    removePendingOutputs();
    process.exit(EXIT.OK);
  });
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    removePendingOutputs();
    process.stderr.write(`错误 [INTERNAL]：${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = EXIT.FAILURE;
  },
);
