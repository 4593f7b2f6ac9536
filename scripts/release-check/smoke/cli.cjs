// The installed `anyint` bin: --version, check and embed against the emulator, as `npx anyint` runs it.
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const { delimiter, dirname, join } = require('node:path');

function anyint(args, env, input) {
  return new Promise((resolve, reject) => {
    // The bin as a package manager links it (a symlink for npm, a shell script for pnpm), run by
    // the Node under test through its `#!/usr/bin/env node` line.
    const bin = join(process.cwd(), 'node_modules', '.bin', 'anyint');
    const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;
    const child = execFile(bin, args, { env: { ...process.env, PATH, ...env } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`anyint ${args.join(' ')}: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin.end(input ?? '');
  });
}

module.exports = async ({ load }) => {
  const { startEmulator } = await load('@anyint/emulator');
  const version = await anyint(['--version'], {});
  assert.match(version, /\d+\.\d+\.\d+/);
  const emulator = await startEmulator({ apiKey: 'smoke-key' });
  try {
    const env = { ANYINT_API_KEY: 'smoke-key', ANYINT_BASE_URL: emulator.url };
    const report = JSON.parse(await anyint(['check', '--model', 'text-embedding-3-small', '--json'], env));
    assert.ok(JSON.stringify(report).includes('works'), JSON.stringify(report));
    const lines = (await anyint(['embed', '-', '--model', 'text-embedding-3-small'], env, 'one\ntwo\n'))
      .trim()
      .split('\n');
    assert.equal(lines.length, 2);
    assert.ok(JSON.parse(lines[0]).embedding.length > 0);
  } finally {
    await emulator.close();
  }
};
