import { defineConfig } from 'tsup';
import { library } from '../../tsup.base';

// Two entries: the zod schemas live in `@canji/id/zod`, so the main entry needs no zod.
export default defineConfig({ ...library, entry: ['src/index.ts', 'src/zod.ts'] });
