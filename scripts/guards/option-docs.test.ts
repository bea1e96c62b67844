/**
 * Every exported options or result interface of every package has a summary: adopters read them in
 * their editor and in the API reference (`pnpm run docs`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './graph.js';

describe('option and result interfaces', () => {
  it('each exported *Options / *Result interface carries a doc comment', () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sourceFiles()) {
      const lines = readFileSync(file, 'utf8').split('\n');
      let prev = '';
      for (const [i, l] of lines.entries()) {
        const m = /^export (?:interface|type) ([A-Za-z]*(?:Options|Result))\b/.exec(l);
        if (m) {
          seen++;
          if (!prev.trim().endsWith('*/')) missing.push(`${file.slice(file.indexOf('packages/'))}:${i + 1} ${m[1]}`);
        }
        if (l.trim() !== '') prev = l;
      }
    }
    expect(seen).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
