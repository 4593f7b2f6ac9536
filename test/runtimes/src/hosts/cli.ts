/**
 * Host for runtimes that run a module file (Node, Bun, Deno): the environment comes as a JSON
 * argument, the cells go to stdout as one JSON line after a marker.
 */
import { type ConformanceEnv, runConformance } from '../conformance.js';

const args: string[] =
  (globalThis as { Deno?: { args: string[] } }).Deno?.args ?? (globalThis.process?.argv.slice(2) as string[]);
const env = JSON.parse(args[0] ?? '{}') as ConformanceEnv;
const cells = await runConformance(env);
console.log(`CONFORMANCE ${JSON.stringify(cells)}`);
