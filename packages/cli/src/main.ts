import { runCli } from './run-cli.js';

// The `anyint` binary: process streams, Ctrl-C and the exit code around the in-process runCli.
const controller = new AbortController();
let interrupts = 0;
const interrupt = () => {
  interrupts++;
  // The first Ctrl-C lets the command stop cleanly (delete what it created, save resumable state);
  // a second one exits at once.
  if (interrupts > 1) process.exit(130);
  controller.abort();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
// A closed pipe (`anyint embed ... | head`) is a normal way for output to end.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await runCli(process.argv.slice(2), { signal: controller.signal });
process.exitCode = code;
// Keep-alive sockets of the client must not hold the process open after the command is done.
setTimeout(() => process.exit(code), 100).unref();
