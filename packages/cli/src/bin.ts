#!/usr/bin/env node
import { run } from './cli.js';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`错误 [INTERNAL]：${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
