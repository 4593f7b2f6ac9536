#!/usr/bin/env node
// Builds the package in the working directory with its tsdown.config.ts, through tsdown's API rather
// than its command: the command warns on every run that Node 20 support ends after 0.21, the line we
// pin because it is the last one that runs on Node 20 (see engines). Plugin timing hints are off: on a
// shared 2-core machine they fire on every build and say nothing about the code.
import { build } from 'tsdown';

try {
  await build({ checks: { pluginTimings: false } });
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
}
