/**
 * Writes the data dictionaries of the registration forms to docs/forms/<version>.md from
 * @canji/form's definitions. Run: `pnpm exec tsx scripts/forms/generate-dictionary.ts`
 * (`--check` exits 1 when a file is stale; packages/form/test/dictionary.test.ts checks the same).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { personForm, renderDataDictionary, villageForm, PERSON_FORM_VERSIONS } from '../../packages/form/src/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** File name (under docs/forms) → contents. */
export function dictionaries(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of PERSON_FORM_VERSIONS) out[`${v}.md`] = renderDataDictionary(personForm(v));
  out['village-2017.md'] = renderDataDictionary(villageForm('2017'));
  return out;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const check = process.argv.includes('--check');
  const dir = resolve(root, 'docs/forms');
  mkdirSync(dir, { recursive: true });
  let stale = 0;
  for (const [name, text] of Object.entries(dictionaries())) {
    const file = resolve(dir, name);
    const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (current === text) continue;
    stale++;
    if (check) console.error(`stale: docs/forms/${name}`);
    else {
      writeFileSync(file, text);
      console.log(`wrote docs/forms/${name}`);
    }
  }
  if (check && stale) process.exit(1);
}
