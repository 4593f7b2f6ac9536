export type { CheckReport, ProbeReport, ProbeResult, ProbeRoute } from './commands/check.js';
export { EXIT } from './errors.js';
export type { Env, WritableLike } from './output.js';
export { type CliIO, runCli, VERSION } from './run-cli.js';
