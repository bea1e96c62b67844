import { run } from '@canji/cli';
process.exitCode = await run(process.argv.slice(2));
