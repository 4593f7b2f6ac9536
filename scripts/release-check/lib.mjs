import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Git-ignored; tools are installed once and reused by later runs. */
export const TOOLS = join(ROOT, '.ci/.tools/release-check');
export const HERE = dirname(fileURLToPath(import.meta.url));

// The lowest Node our engines accept, the first 22 (no zlib.crc32, no require of ES modules), current 22 and 24.
export const NODE_VERSIONS = ['20.18.1', '22.0.0', '22.23.3', '24.21.0'];
export const TOOL_VERSIONS = { pnpm: '10.34.9', publint: '0.3.25', attw: '0.18.5' };

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

const failures = [];
/** A check that did not hold: reported at the end, and the run exits non-zero. */
export function fail(message) {
  failures.push(message);
  console.log(`  FAIL ${message}`);
}
export function failureList() {
  return failures;
}

/** Runs one named step and prints how long it took. */
export async function step(name, body) {
  const started = performance.now();
  console.log(`\n== ${name}`);
  const before = failures.length;
  try {
    return await body();
  } catch (error) {
    fail(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const result = failures.length === before ? 'ok' : `${failures.length - before} failed`;
    console.log(`== ${name}: ${result} in ${seconds} s`);
    timings.push([name, seconds, result]);
  }
}
export const timings = [];

/**
 * Runs a command; resolves with its exit code and combined output (never rejects on a non-zero exit).
 */
export function run(command, args, { cwd = ROOT, env = {}, input, timeoutMs = 300_000 } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: 'pipe' });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => {
      out += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, out: `${out}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, out });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Like run, but a non-zero exit throws with the output's tail. */
export async function must(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}\n${tail(result.out)}`);
  }
  return result.out;
}

export function tail(text, lines = 30) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs the tasks, at most `limit` at a time. */
export async function pool(limit, tasks) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export function nodeBinary(version) {
  return join(
    TOOLS,
    `node-${version}`,
    'node_modules',
    `node-${process.platform}-${process.arch}`,
    'bin',
    'node',
  );
}
export const pnpmBinary = () => join(TOOLS, 'pnpm', 'node_modules', '.bin', 'pnpm');
export const lintBinary = (name) => join(TOOLS, 'lint', 'node_modules', '.bin', name);

/** The lint folder's semver, so this script needs nothing from the workspace. */
export async function semver() {
  return (await import(join(TOOLS, 'lint', 'node_modules', 'semver', 'index.js'))).default;
}

/** Installs a tool into its own folder under TOOLS unless that exact version is already there. */
export async function ensureTool(folder, specs) {
  const dir = join(TOOLS, folder);
  const marker = join(dir, '.installed');
  const want = specs.join(' ');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return false;
  writeJson(join(dir, 'package.json'), { private: true });
  await must('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], { cwd: dir });
  writeFileSync(marker, want);
  return true;
}

export function existsIn(dir, ...names) {
  return names.every((name) => existsSync(join(dir, name)));
}
