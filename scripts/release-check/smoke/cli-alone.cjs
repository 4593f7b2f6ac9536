// The CLI installed on its own: none of the emulator's server stack comes with it, `--version` runs,
// and `anyint emulator` says how to add the emulator.
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { delimiter, dirname, join } = require('node:path');

function anyint(args) {
  return new Promise((resolve) => {
    const bin = join(process.cwd(), 'node_modules', '.bin', 'anyint');
    const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH}`;
    execFile(bin, args, { env: { ...process.env, PATH } }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    );
  });
}

module.exports = async () => {
  const modules = join(process.cwd(), 'node_modules');
  // npm hoists every package to node_modules; pnpm keeps them in node_modules/.pnpm as name@version.
  const store = existsSync(join(modules, '.pnpm')) ? readdirSync(join(modules, '.pnpm')) : [];
  for (const name of ['@anyint/emulator', 'fastify', 'ajv']) {
    const flat = name.replace('/', '+');
    assert.ok(
      !existsSync(join(modules, name)) && !store.some((entry) => entry.startsWith(`${flat}@`)),
      `${name} was installed with @anyint/cli`,
    );
  }
  const version = await anyint(['--version']);
  assert.equal(version.code, 0, version.stderr);
  assert.match(version.stdout, /\d+\.\d+\.\d+/);
  const emulator = await anyint(['emulator']);
  assert.notEqual(emulator.code, 0);
  assert.match(emulator.stderr, /npm i -D @anyint\/emulator/);
};
