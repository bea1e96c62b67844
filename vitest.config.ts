import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages by name; resolve them to their TypeScript sources so the
// suite runs without a build step (the packed tarballs are checked separately by .ci/run).
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
// Exact names (`@canji/id`) and the subpath entries (`@canji/id/zod` → packages/id/src/zod.ts).
const alias: { find: RegExp; replacement: string }[] = [];
for (const dir of readdirSync(packagesDir)) {
  const entry = `${packagesDir}${dir}/src/index.ts`;
  if (!existsSync(entry)) continue;
  alias.push({ find: new RegExp(`^@canji/${dir}$`), replacement: entry });
  for (const sub of ['zod', 'counties']) if (existsSync(`${packagesDir}${dir}/src/${sub}.ts`)) alias.push({ find: new RegExp(`^@canji/${dir}/${sub}$`), replacement: `${packagesDir}${dir}/src/${sub}.ts` });
}

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
