// Development entry of the collector worker (tests and tsx runs from the TypeScript sources): see
// check-worker-dev.mjs. The published package uses dist/collector-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./collector-worker.ts');
