/**
 * The bench orchestrator: starts the emulator in its own process, runs every scenario for every
 * contender in a fresh Node process, repeats, and writes results/local/latest.{md,json} (git-ignored);
 * `--save` also writes the committed results/latest.{md,json}.
 *
 *   node --import tsx src/main.ts [--quick] [--big] [--only E1,E2,E3,E4,E5,E6] [--reps N] [--latencies 0,30]
 *                                 [--contenders a,b] [--profile] [--emulator-bin PATH] [--out DIR] [--save]
 */
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { unbuiltWorkspaceDependencies } from './build-check.js';
import { type BundleResult, bundleSize } from './bundle-size.js';
import { BENCH_DIR, prebuildScenarios, runScenario } from './child.js';
import { coldImport, type ImportSample } from './cold-import.js';
import { defaultEmulatorBin, type EmulatorProcess, startEmulatorProcess } from './emulator-process.js';
import { machineInfo } from './machine.js';
import { type LimitRun, runE6 } from './rate-limit-bench.js';
import { renderMarkdown } from './report.js';
import { API_KEY, type Measurement } from './scenarios/measure.js';
import { stat } from './stats.js';
import type { ImportSummary, Report, Run, Summary } from './types.js';

const USAGE = `Usage: pnpm bench [options]   (from the repository root: builds our packages, then runs)

  --quick              smoke run: fewer docs, requests, bytes and repetitions
  --big                E3 moves 1 GiB instead of 256 MiB
  --only <list>        scenarios to run, e.g. E1,E4 (default E1-E5; E6, the rate-limited run, only when named)
  --reps <n>           repetitions per contender (default 3; quick 2)
  --latencies <list>   emulator latencies in ms (default 0,30)
  --contenders <list>  only these contenders (E1-E3)
  --profile            run scenario children with --cpu-prof into results/profiles
  --emulator-bin <p>   the emulator CLI to start (default @anyint/emulator's bin)
  --out <dir>          where this run's latest.{md,json} go (default results/local, git-ignored)
  --save               also write the committed results/latest.{md,json}
  -h, --help           show this help`;

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    big: { type: 'boolean', default: false },
    only: { type: 'string' },
    reps: { type: 'string' },
    latencies: { type: 'string' },
    contenders: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'emulator-bin': { type: 'string' },
    out: { type: 'string' },
    save: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const unbuilt = await unbuiltWorkspaceDependencies(BENCH_DIR);
if (unbuilt.length > 0) {
  console.error(
    `bench: ${unbuilt.join(', ')} not built. Run \`pnpm bench\` from the repository root, which builds first.`,
  );
  process.exit(2);
}
const outDir = resolve(flags.out ?? join(BENCH_DIR, 'results', 'local'));

const quick = flags.quick ?? false;
const config = {
  mode: quick ? 'quick' : 'full',
  reps: Number(flags.reps ?? (quick ? 2 : 3)),
  latencies: (flags.latencies ?? '0,30').split(',').map(Number),
  docs: quick ? 2_000 : 20_000,
  // E6: enough documents of ~50 tokens to take about 25 s at 1.2M tokens a minute.
  limitDocs: quick ? 2_000 : 10_000,
  dimensions: 1536,
  // Anchors whose cost is linear in the docs and which would take minutes at full size run on a
  // fraction of the corpus; docs/s stays comparable (each request is the same size either way).
  slowAnchorDocs: { 'ai-sdk-openai': 5, 'llamaindex-openai': 4, 'llamaindex-openai@30': 10 } as Record<
    string,
    number
  >,
  moderationRequests: { 0: quick ? 300 : 2_000, 30: quick ? 60 : 200 } as Record<number, number>,
  fileBytes: (flags.big ? 1024 : quick ? 32 : 256) * 1024 * 1024,
  importReps: quick ? 3 : 7,
  only: new Set((flags.only ?? 'E1,E2,E3,E4,E5').toUpperCase().split(',')),
  contenders: flags.contenders ? new Set(flags.contenders.split(',')) : undefined,
  emulatorBin: flags['emulator-bin'] ?? defaultEmulatorBin(),
};
const nodeFlags = flags.profile
  ? ['--cpu-prof', '--cpu-prof-dir', join(BENCH_DIR, 'results', 'profiles')]
  : [];

export const E1_CONTENDERS = [
  'undici-float32',
  'undici-number',
  'anyint-client-number',
  'anyint-client-float32',
  'openai',
  'langchain-openai',
  'anyint-langchain',
  'ai-sdk-openai',
  'anyint-ai-sdk',
  'llamaindex-openai',
  'anyint-llamaindex',
] as const;
export const E2_CONTENDERS = ['undici', 'anyint-client', 'openai'] as const;
export const E3_CONTENDERS = ['undici', 'anyint-client'] as const;

const runs: Run[] = [];
const failures: string[] = [];
const machine = machineInfo();
const startedAt = new Date();

function wanted(contender: string): boolean {
  return !config.contenders || config.contenders.has(contender);
}

/** Contender order rotates per repetition, so no contender always runs first or last. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

async function record(
  scenario: string,
  latencyMs: number,
  contender: string,
  rep: number,
  file: string,
  args: string[],
) {
  const label = `${scenario} ${latencyMs}ms ${contender} #${rep + 1}`;
  try {
    const measurement = await runScenario(file, args, { nodeFlags }).catch(async (error: unknown) => {
      // On a shared checkout a package's dist can vanish for a moment while someone rebuilds it.
      if (!String(error).includes('ERR_MODULE_NOT_FOUND')) throw error;
      console.error(`  ${label}: a package was missing (being rebuilt?); retrying in 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      return runScenario(file, args, { nodeFlags });
    });
    runs.push({ scenario, latencyMs, contender, rep, measurement });
    console.error(
      `  ${label}: ${Math.round(measurement.wallMs)} ms wall, ${Math.round(measurement.cpuMs)} ms CPU`,
    );
  } catch (error) {
    failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    console.error(`  ${label}: FAILED\n${error instanceof Error ? error.message : String(error)}`);
  }
}

function e1Docs(contender: string, latencyMs: number): number {
  const divisor = config.slowAnchorDocs[`${contender}@${latencyMs}`] ?? config.slowAnchorDocs[contender] ?? 1;
  return Math.ceil(config.docs / divisor);
}

async function runE1(emulator: EmulatorProcess, latencyMs: number) {
  console.error(`E1 embed ${config.docs} docs at ${latencyMs} ms latency`);
  // Fill the emulator's precomputed cache (base64 and float JSON) so no measured run pays for it.
  for (const contender of ['undici-float32', 'ai-sdk-openai']) {
    const docs = contender === 'undici-float32' ? config.docs : e1Docs('ai-sdk-openai', latencyMs);
    await runScenario('e1-embed.ts', [
      '--contender',
      contender,
      '--url',
      emulator.url,
      '--docs',
      String(docs),
    ]).catch((error: unknown) => failures.push(`E1 warm-up ${contender}: ${String(error)}`));
  }
  const contenders = E1_CONTENDERS.filter(wanted);
  for (let rep = 0; rep < config.reps; rep++) {
    for (const contender of rotate(contenders, rep)) {
      const docs = e1Docs(contender, latencyMs);
      await record('E1', latencyMs, contender, rep, 'e1-embed.ts', [
        '--contender',
        contender,
        '--url',
        emulator.url,
        '--docs',
        String(docs),
        '--dims',
        String(config.dimensions),
      ]);
    }
  }
}

async function runE2(emulator: EmulatorProcess, latencyMs: number) {
  const requests = config.moderationRequests[latencyMs] ?? (quick ? 60 : 200);
  console.error(`E2 ${requests} sequential moderations at ${latencyMs} ms latency`);
  const contenders = E2_CONTENDERS.filter(wanted);
  for (let rep = 0; rep < config.reps; rep++) {
    for (const contender of rotate(contenders, rep)) {
      await record('E2', latencyMs, contender, rep, 'e2-moderations.ts', [
        '--contender',
        contender,
        '--url',
        emulator.url,
        '--requests',
        String(requests),
      ]);
    }
  }
}

/** Writes `bytes` of non-repeating-looking data, in 1 MiB chunks (never the whole file in memory). */
async function makeFile(path: string, bytes: number) {
  const handle = await open(path, 'w');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 2654435761) >>> 24;
    for (let written = 0; written < bytes; written += chunk.length) {
      chunk.writeUInt32LE(written >>> 20, 0);
      await handle.write(chunk, 0, Math.min(chunk.length, bytes - written));
    }
  } finally {
    await handle.close();
  }
}

/** Uploads the test file once (raw undici) so the download runs have something to fetch. */
async function uploadOnce(url: string, path: string): Promise<string> {
  const { openAsBlob } = await import('node:fs');
  const { FormData, request } = await import('undici');
  const form = new FormData();
  form.append('purpose', 'assistants');
  form.append('file', await openAsBlob(path), 'bench-download.bin');
  const { statusCode, body } = await request(`${url}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}` },
    body: form,
  });
  const json = (await body.json()) as { id?: string };
  if (statusCode !== 200 || !json.id)
    throw new Error(`upload for E3 failed: HTTP ${statusCode} ${JSON.stringify(json)}`);
  return json.id;
}

async function runE3(emulator: EmulatorProcess, latencyMs: number, file: string, fileId: string) {
  console.error(`E3 ${config.fileBytes / 1024 / 1024} MiB upload and download at ${latencyMs} ms latency`);
  const contenders = E3_CONTENDERS.filter(wanted);
  const out = join(os.tmpdir(), `anyint-bench-download-${process.pid}.bin`);
  for (let rep = 0; rep < config.reps; rep++) {
    for (const contender of rotate(contenders, rep)) {
      await record('E3 upload', latencyMs, contender, rep, 'e3-files.ts', [
        '--contender',
        contender,
        '--url',
        emulator.url,
        '--direction',
        'upload',
        '--file',
        file,
      ]);
      await record('E3 download', latencyMs, contender, rep, 'e3-files.ts', [
        '--contender',
        contender,
        '--url',
        emulator.url,
        '--direction',
        'download',
        '--file-id',
        fileId,
        '--out',
        out,
      ]);
    }
  }
}

/** E4: cold import, each a fresh process with no loader hooks. */
export const IMPORT_SPECS: { name: string; specifiers: string[] }[] = [
  { name: 'node (empty)', specifiers: [] },
  { name: 'undici', specifiers: ['undici'] },
  { name: 'openai', specifiers: ['openai'] },
  { name: '@anyint/client', specifiers: ['@anyint/client'] },
  { name: '@langchain/core', specifiers: ['@langchain/core'] },
  { name: '@langchain/core + @langchain/openai', specifiers: ['@langchain/core', '@langchain/openai'] },
  { name: '@langchain/core + @anyint/langchain', specifiers: ['@langchain/core', '@anyint/langchain'] },
  { name: 'ai', specifiers: ['ai'] },
  { name: 'ai + @ai-sdk/openai', specifiers: ['ai', '@ai-sdk/openai'] },
  { name: 'ai + @anyint/ai-sdk-provider', specifiers: ['ai', '@anyint/ai-sdk-provider'] },
  { name: 'llamaindex', specifiers: ['llamaindex'] },
  { name: 'llamaindex + @llamaindex/openai', specifiers: ['llamaindex', '@llamaindex/openai'] },
  { name: 'llamaindex + @anyint/llamaindex', specifiers: ['llamaindex', '@anyint/llamaindex'] },
  { name: '@ai-sdk/openai', specifiers: ['@ai-sdk/openai'] },
  { name: '@langchain/openai', specifiers: ['@langchain/openai'] },
  { name: '@llamaindex/openai', specifiers: ['@llamaindex/openai'] },
];

async function runE4(): Promise<ImportSummary[]> {
  console.error(`E4 cold import, ${config.importReps} processes each`);
  const samples = new Map<string, ImportSample[]>();
  // One warm-up pass fills the OS file cache, then specs interleave so drift hits all alike.
  for (const spec of IMPORT_SPECS) await coldImport(spec.specifiers).catch(() => undefined);
  for (let rep = 0; rep < config.importReps; rep++) {
    for (const spec of rotate(IMPORT_SPECS, rep)) {
      try {
        const sample = await coldImport(spec.specifiers);
        samples.set(spec.name, [...(samples.get(spec.name) ?? []), sample]);
      } catch (error) {
        failures.push(`E4 ${spec.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return IMPORT_SPECS.filter((spec) => samples.has(spec.name)).map((spec) => {
    const list = samples.get(spec.name) ?? [];
    return {
      name: spec.name,
      specifiers: spec.specifiers,
      wallMs: stat(list.map((sample) => sample.wallMs)),
      cpuMs: stat(list.map((sample) => sample.cpuMs)),
      maxRssMiB: stat(list.map((sample) => sample.maxRssMiB)),
    };
  });
}

async function runE5(): Promise<BundleResult[]> {
  console.error('E5 bundle size (esbuild, browser/edge target, min+gz)');
  return [
    await bundleSize(
      '@anyint/client',
      '`export { AnyInt } from "@anyint/client"`, browser platform, edge-light/worker/browser conditions',
      "export { AnyInt } from '@anyint/client';",
    ),
    await bundleSize(
      '@anyint/client (node:* and undici external)',
      'the same with Node built-ins and undici left out: the size an edge build would have if they were swapped for fetch',
      "export { AnyInt } from '@anyint/client';",
      ['node:*', 'undici'],
    ),
    await bundleSize(
      'openai',
      '`export { OpenAI } from "openai"`, same settings',
      "export { OpenAI } from 'openai';",
    ),
  ];
}

function summarize(): Summary[] {
  const groups = new Map<string, Run[]>();
  for (const run of runs) {
    const key = `${run.scenario}|${run.latencyMs}|${run.contender}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as Run;
    const measurements = group.map((run) => run.measurement);
    const items = (m: Measurement) => m.extra.docs ?? m.extra.requests ?? m.extra.bytes ?? 1;
    return {
      scenario: first.scenario,
      latencyMs: first.latencyMs,
      contender: first.contender,
      runs: group.length,
      items: items(first.measurement),
      wallMs: stat(measurements.map((m) => m.wallMs)),
      cpuMs: stat(measurements.map((m) => m.cpuMs)),
      maxRssMiB: stat(measurements.map((m) => m.maxRssMiB)),
      rate: stat(measurements.map((m) => items(m) / (m.wallMs / 1000))),
      cpuPerItem: stat(measurements.map((m) => m.cpuMs / items(m))),
      rssGrowthMiB: stat(measurements.map((m) => m.maxRssMiB - m.rssBeforeMiB)),
    };
  });
}

async function main() {
  console.error(
    `bench (${config.mode}): ${config.reps} reps, latencies ${config.latencies.join('/')} ms, ` +
      `emulator ${config.emulatorBin}`,
  );
  await prebuildScenarios();
  const needsEmulator = ['E1', 'E2', 'E3'].some((scenario) => config.only.has(scenario));
  let file: string | undefined;
  try {
    if (needsEmulator) {
      for (const latencyMs of config.latencies) {
        const emulator = await startEmulatorProcess(config.emulatorBin, latencyMs);
        console.error(`emulator pid ${emulator.pid} at ${emulator.url} (${latencyMs} ms latency)`);
        try {
          if (config.only.has('E1')) await runE1(emulator, latencyMs);
          if (config.only.has('E2')) await runE2(emulator, latencyMs);
          if (config.only.has('E3')) {
            file ??= join(os.tmpdir(), `anyint-bench-upload-${process.pid}.bin`);
            await makeFile(file, config.fileBytes);
            try {
              const fileId = await uploadOnce(emulator.url, file);
              await runE3(emulator, latencyMs, file, fileId);
            } catch (error) {
              failures.push(`E3 ${latencyMs}ms: ${error instanceof Error ? error.message : String(error)}`);
              console.error(`E3 skipped: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        } finally {
          await emulator.stop();
        }
      }
    }
  } finally {
    if (file) await rm(file, { force: true });
  }
  const imports = config.only.has('E4') ? await runE4() : [];
  const bundles = config.only.has('E5') ? await runE5() : [];
  let limits: { runs: LimitRun[]; markdown: string } | undefined;
  if (config.only.has('E6')) {
    limits = await runE6(config.limitDocs, wanted);
    for (const run of limits.runs) {
      if (run.contender.startsWith('anyint-') && !run.finished)
        failures.push(`E6 ${run.contender} did not finish`);
    }
  }
  machine.loadAverage.end = os.loadavg()[0] ?? 0;

  const summaries = summarize();
  const report: Report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    config: { ...config, only: [...config.only], contenders: config.contenders && [...config.contenders] },
    machine,
    summaries,
    imports,
    bundles,
    failures,
    runs,
  };
  const markdown = renderMarkdown(report);
  const dirs = flags.save ? [outDir, join(BENCH_DIR, 'results')] : [outDir];
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(join(dir, 'latest.md'), markdown);
  }
  if (limits) {
    // Beside this run's latest.*, never in the committed results (the README quotes the figures).
    await mkdir(outDir, { recursive: true });
    await writeFile(join(outDir, 'rate-limit.md'), limits.markdown);
    await writeFile(
      join(outDir, 'rate-limit.json'),
      `${JSON.stringify({ docs: config.limitDocs, machine, runs: limits.runs }, null, 2)}\n`,
    );
  }
  console.log(markdown);
  if (limits) console.log(limits.markdown);
  const written = dirs.map((dir) => relative(process.cwd(), join(dir, 'latest.md'))).join(' and ');
  console.error(
    `results: ${written}${flags.save ? '' : ' (--save also updates the committed results/latest.*)'}`,
  );
  if (failures.length) process.exitCode = 1;
}

await main();
